"""Spot checks (抽检) for the enterprise checked, its district and the city; the city records
the outcome through the same step as the check's page. Dashboard figures for officers."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from greenfactory.core.figures import figures_for
from greenfactory.supervision.domain.checks import move_check
from greenfactory.supervision.domain.queries import checks_visible_to

from ..pagination import CodeCursorPagination
from ..serializers.supervision import (
    FigureSerializer,
    SpotCheckDecisionInputSerializer,
    SpotCheckDetailSerializer,
    SpotCheckSerializer,
)
from .common import read_body


def _checks(user):
    return checks_visible_to(user).select_related("title__enterprise__district")


@extend_schema(tags=["spot checks"], summary="Spot checks the user follows")
class SpotCheckList(generics.ListAPIView):
    serializer_class = SpotCheckSerializer
    pagination_class = CodeCursorPagination

    def get_queryset(self):
        return _checks(self.request.user)


@extend_schema(tags=["spot checks"], summary="One spot check, with its summary and history")
class SpotCheckDetail(generics.RetrieveAPIView):
    serializer_class = SpotCheckDetailSerializer
    lookup_field = "code"

    def get_queryset(self):
        return _checks(self.request.user).prefetch_related("decisions")


class SpotCheckDecision(APIView):
    @extend_schema(
        tags=["spot checks"],
        summary="The city's outcome of a check: passed, rectifying or revoked",
        description=(
            "The same step as the check's page. Rectifying needs a reason and a date in the "
            "future, revoking a reason; a check whose application has not been audited (and "
            "whose deadline has not passed) is refused with 409."
        ),
        request=SpotCheckDecisionInputSerializer,
        responses=SpotCheckDetailSerializer,
    )
    def post(self, request, code):
        check = get_object_or_404(_checks(request.user), code=code)
        if not request.user.has_perm("supervision.decide_check", check):
            raise PermissionDenied
        data = read_body(request, SpotCheckDecisionInputSerializer)
        decided = move_check(
            check,
            data["outcome"],
            actor=request.user,
            reason=data["reason"],
            rectify_by=data["rectify_by"],
        )
        return Response(SpotCheckDetailSerializer(decided).data)


class DashboardFigures(APIView):
    @extend_schema(
        tags=["dashboard"],
        summary="The programme dashboard's figures, as their tables",
        description="City officers: their city; district officers: their district.",
        responses=FigureSerializer(many=True),
    )
    def get(self, request):
        return Response(FigureSerializer(figures_for(request.user), many=True).data)
