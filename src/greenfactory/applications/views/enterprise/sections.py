"""The sections the enterprise (or its agency) fills: 申请表, 自评表 and performance data;
district and city officers read them.

Each page saves as the user works (htmx posts the form a moment after a change) and with its
Save button. A save built on an outdated page is refused with a message, never overwriting.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from greenfactory.accounts.domain.queries import industry_named
from greenfactory.accounts.enums import Role
from greenfactory.programme.domain.benchmarks import ProductUnitMismatch
from greenfactory.programme.domain.queries import batch_indicators

from ...domain.drafts import (
    StaleEdit,
    save_application_form,
    save_performance_year,
    save_self_evaluation,
)
from ...domain.figures import (
    answers_of,
    aspect_subtotals,
    check_output_unit,
    figures_by_year,
    plausibility_warnings,
    score_totals,
    scoring_indicators,
    self_score,
)
from ...domain.transitions import TransitionRefused
from ...forms import ApplicationFormForm, PerformanceYearForm, SelfEvaluationForm
from ...hooks import indicator_notes
from ...models import PerformanceYear
from ..common import load_application, section_context
from .documents import documents_of


def _saved(request, application, template, context, *, error=None, status=200):
    """After a save: the autosave fragment for htmx, or a redirect for a plain post."""
    if request.htmx:
        context.update(
            {
                "application": application,
                "error": error,
                "saved_at": None if error else timezone.localtime(),
            }
        )
        return render(request, template, context, status=status)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Saved."))
    return redirect(request.get_full_path())


AUTOSAVE = "applications/_autosave.html"


def _problems(form) -> str:
    """Each refused entry with its label and the rule it breaks, for the save status."""
    return "; ".join(
        f"{form.fields[name].label if name in form.fields else ''}: {error}".lstrip(": ")
        for name, errors in form.errors.items()
        for error in errors
    )


def _handle_post(request, application, form, save, after=None, *, errors_beside=False):
    """A section's POST: save through ``save(cleaned_data)`` when the form is valid, or say
    what to correct. ``after(application)`` adds to the htmx fragment (totals, figures).
    ``errors_beside``: the page has a slot beside each input (``error-<id>``) and a refused
    autosave puts each message there too, not only in the status line.
    Returns None for a plain POST whose form is invalid: the page is shown again with errors.
    """
    if form.is_valid():
        try:
            application = save(form.cleaned_data)
        except (StaleEdit, TransitionRefused, ProductUnitMismatch) as refusal:
            return _saved(request, application, AUTOSAVE, {}, error=str(refusal))
        return _saved(request, application, AUTOSAVE, after(application) if after else {})
    if request.htmx:
        return _saved(
            request,
            application,
            AUTOSAVE,
            {"form": form, "errors_beside": errors_beside},
            error=_("Not saved: %(problems)s") % {"problems": _problems(form)},
        )
    return None


def evidence_counts(application) -> dict:
    return dict(
        application.evidence_files.filter(indicator__isnull=False)
        .values("indicator")
        .annotate(n=Count("pk"))
        .values_list("indicator", "n")
    )


def _refuse_if_read_only(request, application):
    if request.method == "POST" and not request.user.has_perm(
        "applications.change_application", application
    ):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def application_form(request, code):
    application = load_application(request, code)
    _refuse_if_read_only(request, application)
    form = ApplicationFormForm(
        request.POST or None,
        instance=application,
        initial={"revision": application.revision},
        agency=request.user.role == Role.AGENCY,
    )
    if request.method == "POST":

        def save(cleaned):
            data = {name: cleaned[name] for name in form.Meta.fields}
            data["negative_list"] = form.negative_list()
            return save_application_form(
                application,
                actor=request.user,
                data=data,
                certifications=form.certifications(),
                revision=cleaned["revision"],
            )

        response = _handle_post(request, application, form, save)
        if response is not None:
            return response
    context = section_context(request, application, "form")
    context["form"] = form
    context["industry"] = industry_named(application.enterprise.industry_id)
    return render(request, "applications/section_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def self_evaluation(request, code):
    application = load_application(request, code)
    _refuse_if_read_only(request, application)
    indicators = scoring_indicators(application, batch_indicators(application.batch))
    stored = {row.indicator_id: row for row in application.self_evaluations.all()}
    form = SelfEvaluationForm(
        request.POST or None,
        indicators=indicators,
        answers=stored,
        initial={"revision": application.revision},
    )
    gate = application.batch.accident_gate
    for indicator in indicators:
        if gate and indicator.code == gate and f"met_{indicator.pk}" in form.fields:
            field = form.fields[f"met_{indicator.pk}"]
            field.disabled = True
            field.help_text = _(
                "Answered by the negative-list declaration on accidents in the application form."
            )
    if request.method == "POST":
        response = _handle_post(
            request,
            application,
            form,
            lambda cleaned: save_self_evaluation(
                application,
                actor=request.user,
                answers=form.answers(),
                revision=cleaned["revision"],
            ),
            lambda saved: score_totals(saved, indicators),
            errors_beside=True,
        )
        if response is not None:
            return response
    sheet = self_score(application, indicators, answers_of(application))
    context = section_context(request, application, "self_evaluation")
    context.update(
        {
            "form": form,
            "rows": form.rows(
                stored,
                sheet,
                files=evidence_counts(application),
                notes=indicator_notes(application),
            ),
            "sheet": sheet,
            "aspects": aspect_subtotals(indicators, sheet),
            "documents": documents_of(request.user, application),
        }
    )
    return render(request, "applications/section_self_evaluation.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def performance(request, code, year=None):
    application = load_application(request, code)
    _refuse_if_read_only(request, application)
    batch = application.batch
    years = list(range(batch.year - 3, batch.year))
    year = year or years[-1]
    if year not in years:
        raise Http404
    record = PerformanceYear.objects.filter(
        application=application, year=year
    ).first() or PerformanceYear(application=application, year=year)
    carriers = batch.coefficient_table.carriers.all()
    form = PerformanceYearForm(
        request.POST or None,
        instance=record,
        carriers=carriers,
        initial={"revision": application.revision},
        check_unit=lambda unit: check_output_unit(application, unit),
    )
    if request.method == "POST":

        def figures_of(saved):
            figures = figures_by_year(saved).get(year, {})
            return {"figures": figures, "warnings": plausibility_warnings(figures)}

        response = _handle_post(
            request,
            application,
            form,
            lambda cleaned: save_performance_year(
                application,
                actor=request.user,
                year=year,
                data=form.data_dict(),
                revision=cleaned["revision"],
            ),
            figures_of,
        )
        if response is not None:
            return response
    figures = figures_by_year(application).get(year, {})
    context = section_context(request, application, "performance")
    context.update(
        {
            "form": form,
            "year": year,
            "years": years,
            "figures": figures,
            "warnings": plausibility_warnings(figures),
            "table": batch.coefficient_table,
            "grid_factor": batch.grid_factor,
        }
    )
    return render(request, "applications/section_performance.html", context)
