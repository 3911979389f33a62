"""The city bureau's pages: spot-check rounds, the draw and publication; the outcome of a check
and the evaluation body commissioned to audit it (the check's page is shared, ``common``); and a
batch's integrity signals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenfactory.accounts.scope import inside
from greenfactory.core.refusals import Refused
from greenfactory.filings.domain.queries import flagged_titles
from greenfactory.programme.models import Batch
from greenfactory.reviews.domain.evaluation import commission_evaluation
from greenfactory.reviews.forms.evaluation import CommissionForm
from greenfactory.titles.domain.validity import in_force_q
from greenfactory.titles.enums import TitleStatus

from .. import sampling
from ..domain.checks import may_commission_from_round, move_check
from ..domain.cohort import cohort_titles, titles_in_region
from ..domain.integrity.queries import shown_signals, signals_of_batch
from ..domain.queries import outcome_counts, rounds_visible_to, with_application_access
from ..domain.rounds import (
    RoundRefused,
    create_round,
    draw_sample,
    pick_title,
    publish_results,
    unpick_title,
)
from ..enums import CheckState, RoundState
from ..forms import DecisionForm, DrawForm, PickForm, RoundForm
from .common import check_of, check_page, decision_states, with_forms, write_on_check


@login_required
@require_GET
def rounds(request):
    if not request.user.has_perm("supervision.view_rounds"):
        raise PermissionDenied
    items = rounds_visible_to(request.user).annotate(n_checks=Count("checks"))
    return render(
        request,
        "supervision/city/rounds.html",
        {"rounds": items, "can_create": request.user.has_perm("supervision.create_round")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_new(request):
    if not request.user.has_perm("supervision.create_round"):
        raise PermissionDenied
    region = request.user.region
    form = RoundForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = create_round(actor=request.user, region=region, **form.cleaned_data)
        except RoundRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Round created. Choose targeted titles, then draw."))
            return redirect("supervision:round", code=round_.code)
    return render(request, "supervision/city/round_new.html", {"form": form})


def _round(request, code, *, run=False):
    round_ = get_object_or_404(rounds_visible_to(request.user), code=code)
    if run and not request.user.has_perm("supervision.run_round", round_):
        raise PermissionDenied
    return round_


@login_required
@require_GET
def round_detail(request, code):
    round_ = _round(request, code)
    user = request.user
    can_run = user.has_perm("supervision.run_round", round_)
    context = {"round": round_, "can_run": can_run}
    checks = round_.checks.select_related(
        "title__enterprise__district", "application__enterprise__district"
    ).order_by("title__enterprise__district__code", "title__enterprise__name")
    if user.role == "district_officer":
        checks = checks.filter(inside(user.region, via="title__enterprise__district"))
    checks = list(with_application_access(checks, user))
    # Plan 五(四): each check still open and filed offers the city officer the commissioning
    # of an evaluation body, posted to the check's own step (decisions §70.4).
    for check in checks:
        check.can_commission = may_commission_from_round(user, check)
    context["checks"] = checks
    if any(check.can_commission for check in checks):
        context["evaluation_bodies"] = list(CommissionForm.base_fields["body"].queryset.all())
    if round_.state == RoundState.DRAFT:
        picks = list(round_.picks.select_related("title__enterprise__district"))
        cohort = cohort_titles(round_, timezone.localdate())
        context.update(
            picks=picks,
            cohort_size=len(cohort),
            sample_size=sampling.sample_size(
                len(cohort), count=round_.sample_count, ratio=round_.sample_ratio
            ),
            pick_form=PickForm(),
            draw_form=DrawForm(),
            flagged=_flagged(round_, {pick.title_id for pick in picks}) if can_run else [],
        )
    else:
        counts = outcome_counts(round_)
        context["outcomes"] = [(label, counts.get(state, 0)) for state, label in CheckState.choices]
    return render(request, "supervision/city/round.html", context)


def _flagged(round_, picked: set[int]) -> list:
    """Titles of the round's region whose yearly filing for last year is flagged."""
    flags = flagged_titles(round_.region, round_.year - 1)
    titles = (
        titles_in_region(round_)
        .filter(
            in_force_q(), pk__in=[pk for pk in flags if pk not in picked], status=TitleStatus.VALID
        )
        .select_related("enterprise__district")
    )
    return [(title, flags[title.pk]) for title in titles]


@login_required
@require_POST
def round_pick(request, code):
    round_ = _round(request, code, run=True)
    form = PickForm(request.POST)
    if form.is_valid():
        ticket = form.cleaned_data["ticket"].strip()
        title = (
            titles_in_region(round_).filter(certificate_number=ticket).first()
            or titles_in_region(round_).filter(code=ticket).first()
        )
        if title is None:
            messages.error(request, _("No title of the round's region has this number."))
        else:
            try:
                pick_title(round_, title, actor=request.user, reason=form.cleaned_data["reason"])
            except RoundRefused as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(request, _("Title added to the round as a targeted check."))
    else:
        messages.error(request, _("Give the certificate number and the reason."))
    return redirect("supervision:round", code=round_.code)


@login_required
@require_POST
def round_unpick(request, code, title_code):
    round_ = _round(request, code, run=True)
    pick = get_object_or_404(round_.picks, title__code=title_code)
    try:
        unpick_title(pick, actor=request.user)
    except RoundRefused as refusal:
        messages.error(request, str(refusal))
    return redirect("supervision:round", code=round_.code)


@login_required
@require_POST
def round_draw(request, code):
    round_ = _round(request, code, run=True)
    form = DrawForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("seed", []):
            messages.error(request, error)
        return redirect("supervision:round", code=round_.code)
    try:
        round_ = draw_sample(round_, actor=request.user, seed=form.cleaned_data["seed"])
    except RoundRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("Sample drawn with the seed %(seed)s; the factories drawn have been told.")
            % {"seed": round_.seed},
        )
    return redirect("supervision:round", code=round_.code)


@login_required
@require_POST
def round_publish(request, code):
    round_ = _round(request, code, run=True)
    try:
        publish_results(round_, actor=request.user)
    except RoundRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Results published on the public site."))
    return redirect("supervision:round", code=round_.code)


@login_required
@require_POST
def check_decide(request, code):
    return write_on_check(
        request,
        code,
        permission="supervision.decide_check",
        form_class=DecisionForm,
        form_kwargs=lambda check: {"states": decision_states(check)},
        key="decision",
        act=lambda check, data: move_check(
            check,
            data["to"],
            actor=request.user,
            reason=data["reason"],
            rectify_by=data["rectify_by"],
        ),
        done=_("Outcome recorded."),
    )


@login_required
@require_POST
def check_commission(request, code):
    """The city bureau commissions a third-party evaluation body to audit the check (plan
    五(四)): the same step as for an application (``reviews.commission_evaluation``), on the
    check's application; a refusal is shown at the body's field with the page."""
    check = check_of(request, code)
    if not request.user.has_perm("reviews.commission_evaluation", check.application):
        raise PermissionDenied
    form = CommissionForm(request.POST)
    if form.is_valid():
        try:
            commission_evaluation(
                check.application, actor=request.user, body=form.cleaned_data["body"]
            )
        except Refused as refusal:
            for message in refusal.messages:
                form.add_error("body", message)
        else:
            messages.success(request, _("The evaluation body is commissioned."))
            if request.POST.get("from") == "round":
                return redirect("supervision:round", code=check.round.code)
            return redirect("supervision:check", code=check.code)
    return check_page(request, check, {"commission": form}, status=400)


@login_required
@require_GET
def batch_signals(request, code):
    """The city's list of a batch's signals, each with both sides of a match."""
    if not request.user.has_perm("supervision.view_signal_list"):
        raise PermissionDenied
    batch = get_object_or_404(Batch.objects.all(), code=code)
    shown = shown_signals(
        request.user,
        signals_of_batch(request.user, batch).select_related(
            "district", "filing__enterprise", "application__enterprise", "disposed_by"
        ),
    )
    return render(
        request,
        "supervision/city/batch_signals.html",
        {"batch": batch, "signals": with_forms(request, shown, request.get_full_path())},
    )
