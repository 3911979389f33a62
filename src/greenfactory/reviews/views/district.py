"""The district officer's pre-review pages: queue, review, decision, recommendations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenfactory.accounts.domain.queries import industry_sections
from greenfactory.accounts.models import Industry
from greenfactory.applications.domain.figures import score_totals
from greenfactory.applications.domain.queries import applications_visible_to
from greenfactory.applications.domain.transitions import TransitionRefused
from greenfactory.applications.enums import ApplicationState
from greenfactory.core.domain.workflow import can_move, check_move
from greenfactory.core.downloads import stored_attachment
from greenfactory.core.formats import datetime_shower, decimal_shower
from greenfactory.core.links import link_for
from greenfactory.core.paging import page_of
from greenfactory.programme.domain.queries import (
    batch_choices,
    batch_indicators,
    batches_visible_to,
)

from ..domain.district import (
    ReviewIncomplete,
    decide_application,
    decision_target,
    move_recommendation,
    recommendation_problems,
    review_of,
    save_district_review,
    upload_recommendation_letter,
)
from ..domain.queries import (
    QUEUE_ORDER,
    QUEUE_STATES,
    district_queue,
    first_queue_reads,
    first_queue_rows,
    letters_visible_to,
    recommendations_for,
)
from ..enums import DecisionStep
from ..forms.district import DecisionForm, DistrictReviewForm, LetterForm
from ..hooks import decision_panels

# The queue's rows are read as plain values: fifty rows a page, no model instances.
QUEUE_FIELDS = (
    "code",
    "state",
    "submitted_at",
    "submitted_score",
    "enterprise__name",
    "district__name",
    "district__name_en",
    "enterprise__industry__code",
    "enterprise__industry__name",
    "enterprise__industry__name_en",
    "batch__title",
)


# The queue as it opens read by a query compiled once per connection (decisions §111).
_FIRST_QUEUE = first_queue_reads(QUEUE_FIELDS)


def _queue_row(row: dict, link, moment, figure) -> dict:
    shown = Industry.shown_name
    industry = ""
    if row["enterprise__industry__code"]:
        name = shown(row["enterprise__industry__name"], row["enterprise__industry__name_en"])
        industry = f"{row['enterprise__industry__code']} {name}"
    return {
        "url": link(row["code"]),
        "state": row["state"],
        "state_label": ApplicationState(row["state"]).label,
        "submitted_at": moment(row["submitted_at"]) or "—",
        "score": figure(row["submitted_score"]) or "—",
        "enterprise": row["enterprise__name"],
        "district": shown(row["district__name"], row["district__name_en"]),
        "industry": industry,
        "batch": row["batch__title"],
    }


@login_required
@require_GET
def queue(request):
    if not request.user.has_perm("reviews.view_district_queue"):
        raise PermissionDenied
    batches = batch_choices(request.user)
    batch = request.GET.get("batch", "")
    state = request.GET.get("state", ApplicationState.SUBMITTED)
    section = request.GET.get("industry", "")
    order = request.GET.get("order", "submitted")
    lookups = {}
    if batch:
        lookups["batch__code"] = batch
    if state in QUEUE_STATES:
        lookups["state"] = state
    if section:
        lookups["enterprise__industry__parent__code"] = section

    def applications():
        # Built only when read: the queue as it opens is read by its compiled query.
        return (
            district_queue(request.user)
            .filter(**lookups)
            .order_by(*QUEUE_ORDER.get(order, QUEUE_ORDER["submitted"]))
            .values(*QUEUE_FIELDS)
        )

    number = request.GET.get("page")
    first = None
    opening = QUEUE_ORDER.get(order, QUEUE_ORDER["submitted"]) == QUEUE_ORDER["submitted"]
    if opening and number in (None, "", "1") and lookups == {"state": ApplicationState.SUBMITTED}:
        first = first_queue_rows(request.user, _FIRST_QUEUE)
    page = page_of(applications, number, first=first)
    link = link_for("reviews:district_review")
    moment, figure = datetime_shower(), decimal_shower(2)
    batch_links = []
    if not batch and batches:
        # Each batch's recommendations page, reversed once for the list.
        recommendations = link_for("reviews:recommendations")
        batch_links = [(title, recommendations(code)) for code, title in batches]
    page.object_list = [_queue_row(row, link, moment, figure) for row in page.object_list]
    return render(
        request,
        "reviews/district/queue.html",
        {
            "page": page,
            "batches": batches,
            "batch_links": batch_links,
            "batch": batch,
            "state": state,
            "states": [(s.value, s.label) for s in QUEUE_STATES],
            "sections": industry_sections,  # called only when the options are not kept
            "industry": section,
            "order": order,
        },
    )


def _review_page(request, application, *, form=None, decision_form=None, status=200):
    can_review = can_move(request.user, application, ApplicationState.RECOMMENDED)
    current = review_of(application)
    indicators = batch_indicators(application.batch)
    if form is None:
        form = DistrictReviewForm(review=current, indicators=indicators)
    return render(
        request,
        "reviews/district/review.html",
        {
            "application": application,
            "form": form,
            "review": current,
            "can_review": can_review,
            "problems": recommendation_problems(current) if can_review else [],
            **score_totals(application, indicators),
            # The reason typed before the record was saved stays in the box (decisions §63).
            "decision_form": decision_form
            or DecisionForm(
                initial={"reason": current.reason if current and not current.decision else ""}
            ),
            "history": application.status_changes.select_related("actor"),
            "decision_panels": decision_panels(request, application),
        },
        status=status,
    )


def _typed_review(request, application):
    """The pre-review form as posted with a decision (``None`` when the post carries none,
    as from an older page)."""
    if "materials_complete" not in request.POST:
        return None
    return DistrictReviewForm(
        request.POST,
        review=review_of(application),
        indicators=batch_indicators(application.batch),
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request, code):
    application = get_object_or_404(applications_visible_to(request.user), code=code)
    if request.method != "POST":
        return _review_page(request, application)
    if not can_move(request.user, application, ApplicationState.RECOMMENDED):
        raise PermissionDenied
    form = DistrictReviewForm(
        request.POST, review=review_of(application), indicators=batch_indicators(application.batch)
    )
    if not form.is_valid():
        return _review_page(request, application, form=form, status=400)
    # The decision's reason belongs to this form too (``form`` attribute): kept with the record.
    reason_form = DecisionForm(
        {"decision": DecisionStep.RETURN, "reason": request.POST.get("reason", "")}
    )
    if not reason_form.is_valid():
        return _review_page(request, application, form=form, decision_form=reason_form, status=400)
    typed_reason = reason_form.cleaned_data["reason"] if "reason" in request.POST else None
    save_district_review(
        application,
        actor=request.user,
        data=form.review_data(),
        comments=form.comments(),
        reason=typed_reason,
    )
    messages.success(request, _("Pre-review saved."))
    return redirect("reviews:district_review", code=code)


DECIDED = {
    DecisionStep.RECOMMEND: gettext_lazy("Recommended to the city bureau."),
    DecisionStep.RETURN: gettext_lazy("Returned to the enterprise for revision."),
    DecisionStep.REJECT: gettext_lazy("Not recommended; the enterprise is told the reason."),
}


@login_required
@require_POST
def decide(request, code):
    """The decision, posted with everything typed on the page: the checklist and comments are
    saved with it in one transaction; a refusal shows the page again with all that was typed."""
    application = get_object_or_404(applications_visible_to(request.user), code=code)
    form = DecisionForm(request.POST)
    try:
        check_move(request.user, application, decision_target(request.POST.get("decision")))
    except TransitionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("reviews:district_review", code=code)
    if not form.is_valid():
        messages.error(request, _("Unknown decision."))
        return redirect("reviews:district_review", code=code)
    typed = _typed_review(request, application)
    if typed is not None and not typed.is_valid():
        messages.error(request, _("Nothing was decided: correct the pre-review below first."))
        return _review_page(request, application, form=typed, decision_form=form, status=400)
    decision, reason = form.cleaned_data["decision"], form.cleaned_data["reason"]
    try:
        decide_application(
            application,
            actor=request.user,
            decision=decision,
            reason=reason,
            typed=None
            if typed is None
            else {"data": typed.review_data(), "comments": typed.comments()},
        )
    except TransitionRefused as refusal:
        problems = refusal.problems if isinstance(refusal, ReviewIncomplete) else [str(refusal)]
        for problem in problems:
            messages.error(request, problem)
        if typed is None:
            return redirect("reviews:district_review", code=code)
        messages.error(request, _("Nothing was decided or saved; what you typed is below."))
        return _review_page(request, application, form=typed, decision_form=form, status=400)
    messages.success(request, DECIDED[decision])
    return redirect("reviews:district_review", code=code)


@login_required
@require_http_methods(["GET", "POST"])
def recommendations(request, batch_code):
    if not request.user.has_perm("reviews.view_district_queue"):
        raise PermissionDenied
    batch = get_object_or_404(batches_visible_to(request.user), code=batch_code)
    can_rank = request.user.has_perm("reviews.rank_recommendations")
    letter_form = LetterForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_rank:
            raise PermissionDenied
        if "move" in request.POST:
            application = get_object_or_404(
                applications_visible_to(request.user).filter(batch=batch),
                code=request.POST.get("application", ""),
            )
            move_recommendation(
                application, actor=request.user, offset=-1 if request.POST["move"] == "up" else 1
            )
            return redirect("reviews:recommendations", batch_code=batch_code)
        if letter_form.is_valid():
            try:
                upload_recommendation_letter(
                    batch, actor=request.user, upload=letter_form.cleaned_data["letter"]
                )
            except ValidationError as error:
                letter_form.add_error("letter", error)
            else:
                messages.success(request, _("Recommendation letter uploaded."))
                return redirect("reviews:recommendations", batch_code=batch_code)
    return render(
        request,
        "reviews/district/recommendations.html",
        {
            "batch": batch,
            "ranks": recommendations_for(request.user, batch),
            "letters": letters_visible_to(request.user).filter(batch=batch),
            "letter_form": letter_form,
            "can_rank": can_rank,
        },
        status=400 if letter_form.errors else 200,
    )


@login_required
@require_GET
def letter_download(request, code):
    return stored_attachment(letters_visible_to(request.user), code=code)
