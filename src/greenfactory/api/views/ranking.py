"""A batch's ranking as the city bureau's ranking page shows it: the latest computation, each
row with its reasons and the officers' proposed changes. The page's steps for the city officers
of the batch's region: compute, propose a change with its reason (or withdraw it), and record the
party group's decision — through the page's forms and ``recognition.domain.ranking``."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from greenfactory.recognition.domain.ranking import (
    compute_ranking,
    propose_change,
    record_decision,
    refuse_if_decided,
    refuse_outside_rows,
    withdraw_change,
)
from greenfactory.recognition.domain.ranking_queries import (
    RowDecision,
    current_ranking,
    decision_rows,
    proposal,
    proposal_row,
    reason_text,
)
from greenfactory.recognition.forms.ranking import ChangeForm, DecisionForm
from greenfactory.recognition.models import PartyGroupDecision
from greenfactory.recognition.views.city.common import city_batch

from ..serializers.ranking import (
    ChangeInputSerializer,
    DecisionInputSerializer,
    PartyGroupDecisionSerializer,
    RankingSerializer,
)
from .common import form_invalid, read_body

REFUSALS = (
    "Refused with 409 ``refused`` and the reason in ``detail.problems``; while reviews are "
    "unfinished, ``detail.unfinished`` lists the applications' codes."
)


def _ranking(batch) -> dict:
    ranking = current_ranking(batch)
    rows = [
        {
            "entry": row.entry,
            "proposed": row.proposed,
            "change_reason": row.change.reason if row.change else None,
            "reasons": [reason_text(reason) for reason in row.entry.reasons],
        }
        for row in proposal(ranking)
    ]
    data = {
        "batch": batch.code,
        "number": ranking.number if ranking else None,
        "computed_at": ranking.computed_at if ranking else None,
        "threshold": batch.pass_threshold,
        "quota": batch.quota,
        "rows": rows,
    }
    return RankingSerializer(data).data


class BatchRanking(APIView):
    @extend_schema(
        tags=["recognition"],
        summary="The batch's latest ranking with reasons and proposed changes",
        description="City officers of the batch's region, as on the ranking page.",
        responses=RankingSerializer,
    )
    def get(self, request, code):
        return Response(_ranking(city_batch(request, code)))


class RankingCompute(APIView):
    @extend_schema(
        tags=["recognition"],
        summary="Compute the ranking (a new computation each time)",
        description=f"The ranking page's step (compute_ranking). {REFUSALS}",
        request=None,
        responses=RankingSerializer,
    )
    def post(self, request, code):
        batch = city_batch(request, code, "recognition.rank_batch")
        read_body(request, serializers.Serializer)
        compute_ranking(batch, actor=request.user)
        return Response(_ranking(batch))


def _row(request, code, application):
    batch = city_batch(request, code, "recognition.propose_change")
    ranking = current_ranking(batch)
    row = proposal_row(ranking, application)
    if row is None:
        raise Http404
    return batch, ranking, row


class RankingChanges(APIView):
    @extend_schema(
        tags=["recognition"],
        summary="Propose a change of the list for one application, with the reason",
        description=(
            "As the ranking page: an application the computation proposes is proposed off the "
            "list, any other onto it. The reason is required (400). An application outside "
            f"the current ranking is 404. {REFUSALS}"
        ),
        request=ChangeInputSerializer,
        responses={201: RankingSerializer},
    )
    def post(self, request, code):
        city_batch(request, code, "recognition.propose_change")
        data = read_body(request, ChangeInputSerializer)
        batch, ranking, row = _row(request, code, data["application"])
        form = ChangeForm({"reason": data["reason"]})
        if not form.is_valid():
            raise form_invalid(form)
        propose_change(
            ranking,
            row.entry.application,
            actor=request.user,
            include=not row.entry.proposed,
            reason=form.cleaned_data["reason"],
        )
        return Response(_ranking(batch), status=status.HTTP_201_CREATED)


class RankingChange(APIView):
    @extend_schema(
        tags=["recognition"],
        summary="Withdraw the change proposed for one application",
        description=f"404 when none is proposed. {REFUSALS}",
        request=None,
        responses=RankingSerializer,
    )
    def delete(self, request, code, application):
        batch, _ranking_now, row = _row(request, code, application)
        if row.change is None:
            raise Http404
        withdraw_change(row.change, actor=request.user)
        return Response(_ranking(batch))


class BatchDecision(APIView):
    @extend_schema(
        tags=["recognition"],
        summary="Record the party group's decision (党组会议)",
        description=(
            "The decision page's form and step (record_decision): the meeting's date (not in "
            "the future) and minutes reference, and for the applications whose decision "
            "departs from the proposal, ``include`` with the reason; an application not "
            "named keeps the proposal. The minutes PDF is uploaded on the page. "
            f"{REFUSALS}"
        ),
        request=DecisionInputSerializer,
        responses={201: PartyGroupDecisionSerializer},
    )
    def post(self, request, code):
        batch = city_batch(request, code, "recognition.record_decision")
        data = read_body(request, DecisionInputSerializer)
        refuse_if_decided(batch)  # before the form is built from a ranking already decided
        rows = decision_rows(current_ranking(batch))
        decided = {
            item["application"]: RowDecision(item["include"], item["reason"])
            for item in data["decisions"]
        }
        refuse_outside_rows(rows, decided)
        form = DecisionForm.posted(
            rows,
            meeting_on=data["meeting_on"],
            minutes_reference=data["minutes_reference"],
            decided=decided,
        )
        if not form.is_valid():
            raise form_invalid(form, _decision_name)
        decision = record_decision(
            batch,
            actor=request.user,
            meeting_on=form.cleaned_data["meeting_on"],
            minutes_reference=form.cleaned_data["minutes_reference"],
            decided=form.decided(),
        )
        return Response(
            PartyGroupDecisionSerializer(_decision(decision)).data, status=status.HTTP_201_CREATED
        )


def _decision_name(name: str) -> str:
    """The API's name of a decision form's field: a row's ``reason_<code>`` is
    ``decisions.<code>.reason``."""
    row = DecisionForm.row_field(name)
    return name if row is None else "decisions.{}.{}".format(*row)


def _decision(decision) -> PartyGroupDecision:
    decision.listed = list(
        decision.entries.select_related("application__enterprise").order_by("position")
    )
    return decision
