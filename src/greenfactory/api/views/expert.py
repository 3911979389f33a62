"""The assigned expert's scores (专家评审) through the same functions as the scoring page: the
entries the user may see, one indicator's entry saved, the scores submitted."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from greenfactory.applications.domain.transitions import TransitionRefused
from greenfactory.reviews.domain.expert_queries import assignment_for, entries_visible_to
from greenfactory.reviews.domain.expert_scores import (
    expert_fields,
    save_expert_scores,
    submit_expert_scores,
)

from ..serializers.expert import AssignmentScoresSerializer, ExpertScoreInputSerializer
from .common import read_body


def _assignment(request, code):
    assignment = assignment_for(request.user, code)
    if assignment is None:
        raise Http404
    return assignment


def _may_score(request, assignment) -> None:
    if not request.user.has_perm("reviews.score_assignment", assignment):
        if assignment.expert_id == request.user.pk:
            raise TransitionRefused(_("Your scores are submitted and can no longer change."))
        raise PermissionDenied


def _scores(request, assignment) -> dict:
    entries = entries_visible_to(request.user, assignment)
    indicators = assignment.application.batch.indicator_system.indicators.in_bulk(list(entries))
    for entry in entries.values():
        entry.indicator = indicators[entry.indicator_id]
    ordered = sorted(entries.values(), key=lambda entry: entry.indicator.position)
    return AssignmentScoresSerializer({**_fields(assignment), "scores": ordered}).data


def _fields(assignment) -> dict:
    return {
        "code": assignment.code,
        "application": assignment.application,
        "submitted_at": assignment.submitted_at,
    }


class AssignmentScores(APIView):
    @extend_schema(
        tags=["reviews"],
        summary="An assignment's expert scores",
        description="The expert sees their own; officers see them once submitted.",
        responses=AssignmentScoresSerializer,
    )
    def get(self, request, code):
        return Response(_scores(request, _assignment(request, code)))


class AssignmentScore(APIView):
    @extend_schema(
        tags=["reviews"],
        summary="Save the expert's entry for one indicator",
        description=(
            "The same step as the scoring page: points above the item's maximum are refused, "
            "a quantitative value is turned into points by the indicator's bands or benchmark."
        ),
        request=ExpertScoreInputSerializer,
        responses=AssignmentScoresSerializer,
    )
    def put(self, request, code, indicator):
        assignment = _assignment(request, code)
        _may_score(request, assignment)
        system = assignment.application.batch.indicator_system
        target = get_object_or_404(system.indicators, code=indicator)
        values = read_body(request, ExpertScoreInputSerializer)
        allowed = expert_fields(target)
        values = {name: value for name, value in values.items() if name in allowed}
        saved = save_expert_scores(assignment, actor=request.user, scores={target: values})
        return Response(_scores(request, saved))


class AssignmentSubmit(APIView):
    @extend_schema(
        tags=["reviews"],
        summary="Submit the expert's scores",
        description="Refused (409) until every gate and scored item has an entry, listed.",
        request=None,
        responses=AssignmentScoresSerializer,
    )
    def post(self, request, code):
        assignment = _assignment(request, code)
        _may_score(request, assignment)
        submit_expert_scores(assignment, actor=request.user)
        assignment.refresh_from_db()
        return Response(_scores(request, assignment))
