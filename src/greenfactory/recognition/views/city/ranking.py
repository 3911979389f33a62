"""The city officer's ranking and party-group decision pages."""

from operator import attrgetter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenfactory.core.downloads import stored_attachment

from ...domain.ranking import (
    RecognitionRefused,
    ReviewsUnfinished,
    compute_ranking,
    propose_change,
    record_decision,
    withdraw_change,
)
from ...domain.ranking_queries import (
    current_ranking,
    decision_rows,
    proposal,
    proposal_row,
    reason_text,
    skipped_steps,
)
from ...forms.ranking import ChangeForm, DecisionForm
from ...models import PartyGroupDecision
from .common import city_batch


def _rows(ranking):
    return _with_texts(proposal(ranking))


def _with_texts(rows):
    for row in rows:
        row.texts = [reason_text(reason) for reason in row.entry.reasons]
    return rows


@login_required
@require_GET
def ranking(request, batch_code):
    batch = city_batch(request, batch_code)
    current = current_ranking(batch)
    decision = PartyGroupDecision.objects.filter(batch=batch).first()
    return render(
        request,
        "recognition/city/ranking.html",
        {
            "batch": batch,
            "ranking": current,
            "rows": _rows(current),
            "decision": decision,
            "can_rank": request.user.has_perm("recognition.rank_batch", batch),
        },
    )


@login_required
@require_POST
def compute(request, batch_code):
    batch = city_batch(request, batch_code, "recognition.rank_batch")
    try:
        ranking = compute_ranking(batch, actor=request.user)
    except ReviewsUnfinished as refused:
        return render(
            request,
            "recognition/city/ranking_refused.html",
            {"batch": batch, "message": str(refused), "unfinished": refused.applications},
            status=409,
        )
    except RecognitionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("Ranking computed: %(eligible)s of %(candidates)s applications eligible.")
            % {"eligible": ranking.eligible_count, "candidates": ranking.candidates},
        )
    return redirect("recognition:ranking", batch.code)


@login_required
@require_http_methods(["GET", "POST"])
def propose(request, batch_code, code):
    batch = city_batch(request, batch_code, "recognition.propose_change")
    current = current_ranking(batch)
    row = proposal_row(current, code)
    if row is None:
        raise Http404
    row.texts = [reason_text(reason) for reason in row.entry.reasons]
    form = ChangeForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "withdraw" and row.change is not None:
                withdraw_change(row.change, actor=request.user)
                messages.success(request, _("The proposed change was withdrawn."))
                return redirect("recognition:ranking", batch.code)
            if form.is_valid():
                propose_change(
                    current,
                    row.entry.application,
                    actor=request.user,
                    include=not row.entry.proposed,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, _("The proposed change is recorded."))
                return redirect("recognition:ranking", batch.code)
        except RecognitionRefused as refused:
            form.add_error(None, str(refused))
    skipped = []
    if not row.entry.proposed and row.change is None:
        _name, skipped = skipped_steps([row.entry.application_id]).get(
            row.entry.application_id, ("", [])
        )
    return render(
        request,
        "recognition/city/ranking_change.html",
        {"batch": batch, "row": row, "form": form, "ranking": current, "skipped": skipped},
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision(request, batch_code):
    batch = city_batch(request, batch_code)
    recorded = (
        PartyGroupDecision.objects.filter(batch=batch)
        .select_related("ranking", "recorded_by")
        .first()
    )
    if recorded is not None:
        entries = recorded.entries.select_related(
            "application__enterprise__district", "application__enterprise__industry"
        )
        return render(
            request,
            "recognition/city/decision.html",
            {"batch": batch, "decision": recorded, "entries": entries},
        )
    if request.method == "POST" and not request.user.has_perm("recognition.record_decision", batch):
        raise PermissionDenied
    current = current_ranking(batch)
    rows = _with_texts(decision_rows(current))
    form = DecisionForm(request.POST or None, request.FILES or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            record_decision(
                batch,
                actor=request.user,
                meeting_on=form.cleaned_data["meeting_on"],
                minutes_reference=form.cleaned_data["minutes_reference"],
                minutes=form.cleaned_data.get("minutes"),
                decided=form.decided(),
            )
        except ValidationError as invalid:
            form.add_error("minutes", invalid)
        except RecognitionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("The party group's decision is recorded."))
            return redirect("recognition:decision", batch.code)
    return render(
        request,
        "recognition/city/decision.html",
        {"batch": batch, "ranking": current, "form": form},
    )


@login_required
@require_GET
def minutes(request, batch_code):
    batch = city_batch(request, batch_code)
    return stored_attachment(
        PartyGroupDecision.objects.all(),
        batch=batch,
        field="minutes",
        filename=attrgetter("minutes_name"),
        content_type="application/pdf",
    )
