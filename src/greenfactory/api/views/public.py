"""The public site's reads: titles held, and the verification of a certificate number with
the web page's function and rate limit. No login."""

from django_ratelimit.core import is_ratelimited
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from greenfactory.recognition.domain.public_queries import held_titles, verify_number
from greenfactory.recognition.views.public import VERIFY_RATE

from ..errors import ApiError
from ..pagination import CodeCursorPagination
from ..serializers import TitleSerializer, VerificationSerializer


@extend_schema(tags=["public"], summary="Titles held now (valid, under spot check, rectifying)")
class TitleList(generics.ListAPIView):
    serializer_class = TitleSerializer
    pagination_class = CodeCursorPagination
    permission_classes = [AllowAny]
    authentication_classes = []

    def get_queryset(self):
        return held_titles().select_related("enterprise__district")


class Verify(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        tags=["public"],
        summary="Verify a certificate number",
        description=(
            "The web page's verification, and its rate limit per address (429 "
            "``rate_limited``). An unknown or malformed number is 404 ``not_found`` with "
            "``detail.outcome`` ``unknown`` or ``malformed``."
        ),
        responses=VerificationSerializer,
    )
    def get(self, request, number):
        if is_ratelimited(
            request._request, group="verify", key="ip", rate=VERIFY_RATE, increment=True
        ):
            raise ApiError("rate_limited")
        result = verify_number(number)
        if result.title is None:
            raise ApiError("not_found", {"outcome": result.outcome, "number": result.number})
        return Response(VerificationSerializer(result).data)
