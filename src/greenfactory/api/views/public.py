"""The public site's reads: titles held, and the verification of a certificate number with
the web page's function and rate limit. No login."""

from django.shortcuts import get_object_or_404
from django_ratelimit.core import is_ratelimited
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from greenfactory.programme.enums import Programme
from greenfactory.recognition.domain.notice_queries import (
    is_open_for_objections,
    notices_for_public,
)
from greenfactory.titles.domain.public_queries import held_titles, verify_number
from greenfactory.titles.views.public import VERIFY_RATE

from ..errors import ApiError
from ..pagination import CodeCursorPagination
from ..serializers import (
    NoticeDetailSerializer,
    NoticeSerializer,
    TitleSerializer,
    VerificationSerializer,
)


@extend_schema(
    tags=["public"],
    summary="Titles in force today (not revoked, not lapsed), as the list shows",
    parameters=[
        OpenApiParameter(
            "programme",
            str,
            description=(
                "Only the titles of this programme: green_factory or zero_carbon (any other "
                "value is ignored)."
            ),
        )
    ],
)
class TitleList(generics.ListAPIView):
    serializer_class = TitleSerializer
    pagination_class = CodeCursorPagination
    permission_classes = [AllowAny]
    authentication_classes = []

    def get_queryset(self):
        titles = held_titles().select_related("enterprise__district", "batch__region")
        programme = self.request.query_params.get("programme", "")
        if programme in Programme.values:
            titles = titles.filter(programme=programme)
        return titles


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


class NoticeList(generics.ListAPIView):
    """Public notices (公示) whose period has begun, as the public notice pages list them."""

    serializer_class = NoticeSerializer
    pagination_class = CodeCursorPagination
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(tags=["public"], summary="Public notices whose period has begun")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return notices_for_public()

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        for notice in page:
            notice.open_for_objections = is_open_for_objections(notice)
        return page


class NoticeDetail(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        tags=["public"],
        summary="A public notice with its list",
        responses=NoticeDetailSerializer,
    )
    def get(self, request, code):
        return Response(notice_detail(get_object_or_404(notices_for_public(), code=code)))


def notice_detail(notice) -> dict:
    """A notice with its list as the public sees it: scores only if the notice publishes them."""
    notice.open_for_objections = is_open_for_objections(notice)
    notice.listed = list(notice.entries.order_by("position"))
    for entry in notice.listed:
        entry.public_score = entry.score if notice.publish_scores else None
    return NoticeDetailSerializer(notice).data
