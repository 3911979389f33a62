"""The expert's scoring sheet (专家评分表): one row per indicator with the enterprise's answer,
the audit team's verified result, the expert's fields and points, and the other experts'
entries once they may be seen. City and district officers read the sheets of their region."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from greenfactory.applications.domain.figures import (
    answers_from,
    scoring_indicators,
    self_evaluation_values,
    self_score,
)
from greenfactory.applications.domain.transitions import TransitionRefused
from greenfactory.programme.domain.queries import batch_indicators
from greenfactory.programme.enums import IndicatorKind

from ...domain.evaluation import total_score
from ...domain.evaluation_queries import submitted_evaluations_of
from ...domain.expert_queries import (
    SHEET_COLUMNS,
    assignment_for,
    audit_findings_of,
    entries_visible_to,
    peers_visible_to,
    sheet_stamp,
)
from ...domain.expert_scores import (
    ScoresIncomplete,
    expert_fields,
    expert_sheet,
    save_expert_scores,
    submit_expert_scores,
)
from ...forms.expert import ScoreForm
from ...hooks import decision_panels


def visible_assignment(request, code, *, columns=None):
    """The assignment, or 404 for anyone who may not see it — and for its expert once a
    conflict of interest is known."""
    assignment = assignment_for(request.user, code, columns=columns)
    if assignment is None:
        raise Http404
    return assignment


# The indicator's own cells, the same for every application of every batch that uses its
# system (a system a batch uses is frozen): rendered once per language and column count.
INDICATOR_CELLS = "reviews/expert/_indicator_cells.html"
INDICATOR_CELLS_SECONDS = 60 * 60
SCORE_TABLE = "reviews/expert/_score_table.html"


def _indicator_cells(indicators, columns: int) -> dict[int, str]:
    language = translation.get_language()
    keys = {
        indicator.pk: ":".join(
            (
                "indicator-cells",
                str(indicator.system_id),
                str(indicator.pk),
                language,
                str(columns) if indicator.kind == IndicatorKind.GROUP else "",
            )
        )
        for indicator in indicators
    }
    found = cache.get_many(keys.values())
    cells, rendered = {}, {}
    for indicator in indicators:
        key = keys[indicator.pk]
        if key not in found:
            found[key] = rendered[key] = render_to_string(
                INDICATOR_CELLS, {"indicator": indicator, "columns": columns}
            )
        cells[indicator.pk] = found[key]
    if rendered:
        cache.set_many(rendered, INDICATOR_CELLS_SECONDS)
    return cells


def _score_rows(form, indicators, entries, sheet, application, findings, peers, third_party):
    """Template rows: the indicator's cells, the enterprise's answer and points, the audit
    team's verified result, the third-party evaluation bodies' judgements, this expert's
    fields, entry and points, and the other experts' entries."""
    own_rows = self_evaluation_values(application)
    selfs = {row["indicator_id"]: row for row in own_rows}
    self_sheet = self_score(application, indicators, answers_from(own_rows))
    cells = _indicator_cells(indicators, len(peers) + 8)
    rows = []
    for indicator in indicators:
        group = indicator.kind == IndicatorKind.GROUP
        rows.append(
            {
                "indicator": indicator,
                "group": group,
                "kind": indicator.kind,
                "unit": indicator.unit,
                "cells": cells[indicator.pk],
                "fields": {} if group else form.bound_fields(indicator),
                "shows_met": "met" in expert_fields(indicator),
                "entry": entries.get(indicator.pk),
                "result": sheet.items.get(indicator.code),
                "own": selfs.get(indicator.pk),
                "own_result": self_sheet.items.get(indicator.code),
                "finding": findings.get(indicator.pk),
                "third_party": [report.by_indicator.get(indicator.pk) for report in third_party],
                "peers": [peer.entries.get(indicator.pk) for peer in peers],
            }
        )
    return rows, self_sheet


class _Sheet:
    """What the scoring sheet is built from, read once per request."""

    def __init__(self, request, assignment):
        self.user = request.user
        self.assignment = assignment
        self.application = assignment.application
        self.indicators = scoring_indicators(
            self.application, batch_indicators(self.application.batch)
        )
        self.entries = entries_visible_to(request.user, assignment)
        self.findings = audit_findings_of(self.application)
        self.third_party = submitted_evaluations_of(self.application)
        for report in self.third_party:
            report.by_indicator = {item.indicator_id: item for item in report.items.all()}
            report.total = total_score(report, report.items.all())

    def form(self, data) -> ScoreForm:
        findings = self.findings
        defaults = {
            pk: finding.verified_value
            for pk, finding in findings.items()
            if finding.verified_value is not None
        }
        return ScoreForm(data, indicators=self.indicators, entries=self.entries, defaults=defaults)

    def table(self, form, *, can_score: bool, is_own: bool) -> dict:
        """The rendered table, with the expert's and the enterprise's score sheets."""
        system = self.application.batch.indicator_system
        sheet = expert_sheet(system, self.indicators, self.entries)
        peers = peers_visible_to(self.user, self.assignment, self.indicators)
        rows, self_sheet = _score_rows(
            form,
            self.indicators,
            self.entries,
            sheet,
            self.application,
            self.findings,
            peers,
            self.third_party,
        )
        context = {
            "rows": rows,
            "third_party": self.third_party,
            "form": form,
            "peers": peers,
            "can_score": can_score,
            "is_own": is_own,
        }
        return {
            "html": render_to_string(SCORE_TABLE, context),
            "sheet": sheet,
            "self_sheet": self_sheet,
        }


def _kept_table(request, assignment, *, can_score: bool, is_own: bool) -> dict:
    """The table of a page read without changes, kept ``SCORE_SHEET_CACHE_SECONDS`` under a
    key that holds everything it shows (``sheet_stamp``) and everything the reader changes in
    it: role, own sheet or not, may score or not, language."""
    seconds = settings.SCORE_SHEET_CACHE_SECONDS
    if not seconds:
        built = _Sheet(request, assignment)
        return built.table(built.form(None), can_score=can_score, is_own=is_own)
    key = ":".join(
        (
            "score-sheet",
            assignment.code,
            sheet_stamp(assignment),
            request.user.role,
            str(int(is_own)),
            str(int(can_score)),
            translation.get_language(),
        )
    )
    table = cache.get(key)
    if table is None:
        built = _Sheet(request, assignment)
        table = built.table(built.form(None), can_score=can_score, is_own=is_own)
        cache.set(key, table, seconds)
    return table


def submit_saved_scores(request, assignment):
    """Submit the expert's saved scores and say how it went. The page's submit button posts
    the scores on the page with it: they are saved first (``score``), then submitted."""
    try:
        sheet = submit_expert_scores(assignment, actor=request.user)
    except ScoresIncomplete as refusal:
        messages.error(request, str(refusal))
        for problem in refusal.problems[:20]:
            messages.error(request, problem)
    except TransitionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Scores submitted: %(total)s points.") % {"total": sheet.total})
    return redirect("reviews:expert_score", code=assignment.code)


@login_required
@require_http_methods(["GET", "POST"])
def score(request, code):
    # Read, the page loads only the columns it shows; a save loads the whole rows.
    assignment = visible_assignment(
        request, code, columns=SHEET_COLUMNS if request.method == "GET" else None
    )
    application = assignment.application
    can_score = request.user.has_perm("reviews.score_assignment", assignment)
    is_own = assignment.expert_id == request.user.pk
    form = None
    if request.method == "POST":
        if not can_score:
            if is_own:
                messages.error(request, _("Your scores are submitted and can no longer change."))
                return redirect("reviews:expert_score", code=code)
            raise PermissionDenied
        built = _Sheet(request, assignment)
        form = built.form(request.POST)
        if form.is_valid():
            try:
                save_expert_scores(assignment, actor=request.user, scores=form.scores())
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            except TransitionRefused as refusal:
                messages.error(request, str(refusal))
                return redirect("reviews:expert_score", code=code)
            else:
                if request.POST.get("then_submit"):
                    return submit_saved_scores(request, assignment)
                messages.success(request, _("Scores saved."))
                return redirect("reviews:expert_score", code=code)
        if request.POST.get("then_submit"):
            messages.error(request, _("Nothing was submitted: correct the entries shown first."))
        table = built.table(form, can_score=can_score, is_own=is_own)
    else:
        table = _kept_table(request, assignment, can_score=can_score, is_own=is_own)
    context = {
        "assignment": assignment,
        "application": application,
        "table": table["html"],
        "sheet": table["sheet"],
        "self_sheet": table["self_sheet"],
        "can_score": can_score,
        "is_own": is_own,
        "decision_panels": decision_panels(request, application),
    }
    if form is not None:
        context["form"] = form
    return render(
        request,
        "reviews/expert/score.html",
        context,
        status=400 if form is not None and form.errors else 200,
    )
