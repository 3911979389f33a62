"""The district's pages: its factories' filings of a year (filed, not filed, flagged) and the
review of a filing — accept, or return with the reason. The district reviews; city officers
read the same filing page without its buttons."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from greenfactory.accounts.rules import is_officer
from greenfactory.core.domain.workflow import can_move

from ..domain.changes import changes_for_enterprise
from ..domain.filings import (
    FilingRefused,
    accept_filing,
    city_return_filing,
    city_review_filing,
    return_filing,
)
from ..domain.flags import Flag, not_filed_flag
from ..domain.policies import policy_for
from ..domain.queries import deadline_of, filings_visible_to
from ..domain.reported import reported_beside_computed
from ..enums import FilingState
from ..forms import AcceptForm, CityReviewForm, ReturnForm
from .common import figures_context, officer_list


@login_required
@require_GET
def filing_list(request):
    if not request.user.has_perm("filings.view_district_filings"):
        raise PermissionDenied
    return officer_list(request, "filings/district/list.html")


def _visible(request, code):
    filing = get_object_or_404(
        filings_visible_to(request.user).select_related("submitted_by", "reviewed_by"), code=code
    )
    if not is_officer(request.user):
        raise PermissionDenied
    return filing


def _require_decider(request, filing) -> None:
    if not request.user.has_perm("filings.decide_filing", filing):
        raise PermissionDenied


def _detail_page(
    request, filing, return_form=None, city_form=None, city_return_form=None, accept_form=None
):
    policy = policy_for(filing.level)
    can_review = can_move(request.user, filing, FilingState.ACCEPTED)
    can_city_review = policy.city_review and can_move(
        request.user, filing, FilingState.CITY_REVIEWED
    )
    failed = return_form or city_form or city_return_form or accept_form
    figures = figures_context(filing)
    deadline = deadline_of(filing)
    # Filed after its deadline: the flag the lists show (``not_filed_flag``), on this page too.
    late = not_filed_flag(filing, deadline, timezone.localdate())
    return render(
        request,
        "filings/district/detail.html",
        {
            "filing": filing,
            "policy": policy,
            "flags": ([late] if late else []) + [Flag.from_data(item) for item in filing.flags],
            "late": late,
            "deadline": deadline,
            "reported": reported_beside_computed(filing, figures["figures"]),
            "history": filing.status_changes.select_related("actor"),
            "changes": changes_for_enterprise(filing.enterprise)[:20],
            "can_review": can_review,
            "accept_form": accept_form or AcceptForm(),
            "return_form": return_form or ReturnForm(),
            "can_city_review": can_city_review,
            "city_form": city_form or CityReviewForm(),
            "city_return_form": city_return_form or ReturnForm(),
            **figures,
        },
        status=400 if failed is not None else 200,
    )


@login_required
@require_GET
def detail(request, code):
    return _detail_page(request, _visible(request, code))


def _step(request, code, *, may, form_class, slot, step, field, done):
    """One decision on the filing: who may (403), the posted form, the domain step; a bad
    form or a refusal shows the page again with everything typed and the message at the
    field (400)."""
    filing = _visible(request, code)
    may(request, filing)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            step(filing, form.cleaned_data)
        except FilingRefused as refusal:
            form.add_error(field, str(refusal))
        else:
            messages.success(request, done)
            return redirect("filings:detail", code=filing.code)
    return _detail_page(request, filing, **{slot: form})


def _require_city_reviewer(request, filing) -> None:
    if not request.user.has_perm("filings.city_review_filing", filing):
        raise PermissionDenied


@login_required
@require_POST
def accept(request, code):
    return _step(
        request,
        code,
        may=_require_decider,
        form_class=AcceptForm,
        slot="accept_form",
        step=lambda filing, data: accept_filing(
            filing, actor=request.user, opinion=data["opinion"]
        ),
        field="opinion",
        done=_("Filing accepted."),
    )


@login_required
@require_POST
def return_view(request, code):
    return _step(
        request,
        code,
        may=_require_decider,
        form_class=ReturnForm,
        slot="return_form",
        step=lambda filing, data: return_filing(filing, actor=request.user, reason=data["reason"]),
        field="reason",
        done=_("Filing returned to the enterprise."),
    )


@login_required
@require_POST
def city_review(request, code):
    """The city's review of a provincial or national title's filing: its 动态调整意见."""
    return _step(
        request,
        code,
        may=_require_city_reviewer,
        form_class=CityReviewForm,
        slot="city_form",
        step=lambda filing, data: city_review_filing(
            filing, actor=request.user, adjustment=data["adjustment"], reason=data["reason"]
        ),
        field=None,
        done=_("The city's review is recorded."),
    )


@login_required
@require_POST
def city_return(request, code):
    return _step(
        request,
        code,
        may=_require_city_reviewer,
        form_class=ReturnForm,
        slot="city_return_form",
        step=lambda filing, data: city_return_filing(
            filing, actor=request.user, reason=data["reason"]
        ),
        field="reason",
        done=_("Filing returned to the enterprise."),
    )
