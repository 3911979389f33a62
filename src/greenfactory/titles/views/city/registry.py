"""The city bureau's pages of the title registry, also read by district officers for their
district: the list of the region's titles, one title with its history and status, a removal
decided above the city, and how long each level's titles stand. The import of the provincial and
national lists is in ``title_import``, the recommendation to the province in ``province``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenfactory.accounts.domain.queries import industry_sections
from greenfactory.accounts.enums import Role

from ...domain.public_queries import platform_districts
from ...domain.title_status import (
    TitleStatusRefused,
    can_change_title_status,
    can_record_removal,
    change_title_status,
    record_removal,
)
from ...domain.titles import titles_visible_to
from ...domain.validity import (
    ValidityPolicyRefused,
    can_set_validity_policy,
    set_validity_policy,
    validity_policies,
)
from ...enums import TitleStatus
from ...forms.public import TitleFilterForm
from ...forms.registry import (
    RemovalForm,
    TitleStatusForm,
    ValidityPolicyForm,
)
from ...hooks import factory_events

PAGE_SIZE = 50


def _title_page(request, item, *, form=None, removal_form=None, status=200):
    can_change = can_change_title_status(request.user, item)
    form = form or TitleStatusForm(title=item)
    return render(
        request,
        "titles/city/title_detail.html",
        {
            "title": item,
            "history": item.status_changes.select_related("actor").order_by("at", "pk"),
            "form": form if can_change and form.fields["status"].choices else None,
            "removal_form": (removal_form or RemovalForm())
            if item.status != TitleStatus.REVOKED and can_record_removal(request.user, item)
            else None,
            "events": factory_events(item.enterprise),
            "can_download": request.user.role == Role.CITY_OFFICER,
        },
        status=status,
    )


def _visible_title(request, code):
    if not request.user.has_perm("titles.view_titles"):
        raise PermissionDenied
    return get_object_or_404(titles_visible_to(request.user), code=code)


@login_required
@require_http_methods(["GET", "POST"])
def title(request, code):
    """A title, its history, the factory's reported events, and for the city officers of its
    region the change of status."""
    item = _visible_title(request, code)
    if request.method == "GET":
        return _title_page(request, item)
    if not can_change_title_status(request.user, item):
        raise PermissionDenied
    form = TitleStatusForm(request.POST, title=item)
    if form.is_valid():
        try:
            change_title_status(
                item,
                form.cleaned_data["status"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except TitleStatusRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                _("The title is now “%(status)s”.") % {"status": item.get_status_display()},
            )
            return redirect("titles:title", code=item.code)
    return _title_page(request, item, form=form, status=400)


@login_required
@require_POST
def title_removal(request, code):
    """Record a removal from the provincial or national list decided above the city."""
    item = _visible_title(request, code)
    if not can_record_removal(request.user, item):
        raise PermissionDenied
    form = RemovalForm(request.POST)
    if form.is_valid():
        try:
            record_removal(item, actor=request.user, **form.cleaned_data)
        except TitleStatusRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The removal is recorded; the title is struck."))
            return redirect("titles:title", code=item.code)
    return _title_page(request, item, removal_form=form, status=400)


@login_required
@require_GET
def titles(request):
    """All titles of the officer's region (a district officer: its district), with filters."""
    if not request.user.has_perm("titles.view_titles"):
        raise PermissionDenied
    form = TitleFilterForm(
        request.GET or None,
        years=sorted(
            set(titles_visible_to(request.user).values_list("year", flat=True)), reverse=True
        ),
        districts=platform_districts(),
        sections=industry_sections(),
    )
    filters = form.filters() if request.GET else {}
    rows = titles_visible_to(request.user)
    lookups = {
        "year": "year",
        "programme": "programme",
        "level": "level",
        "status": "status",
        "district": "enterprise__district__code",
        "name": "enterprise__name__icontains",
    }
    rows = rows.filter(**{lookups[k]: v for k, v in filters.items() if k in lookups})
    if "industry" in filters:
        section = filters["industry"]
        parent = "parent__" if section.isalpha() else ""
        rows = rows.filter(**{f"enterprise__industry__{parent}code": section})
    page = Paginator(rows.order_by("-year", "enterprise__name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "titles/city/titles.html",
        {
            "form": form,
            "page": page,
            "can_download": request.user.role == Role.CITY_OFFICER,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def validity(request):
    """How long the titles of each level stand (``ValidityPolicy``), and for city officers the
    change of one level's policy (``set_validity_policy``)."""
    if not can_set_validity_policy(request.user):
        raise PermissionDenied
    policies = validity_policies()
    forms_by_level = {
        policy.level: ValidityPolicyForm(
            prefix=policy.level,
            initial={"reevaluation_years": policy.reevaluation_years, "source": policy.source},
        )
        for policy in policies
    }
    status = 200
    if request.method == "POST":
        level = request.POST.get("level", "")
        if level not in forms_by_level:
            messages.error(request, _("Unknown level."))
            return redirect("titles:validity")
        form = forms_by_level[level] = ValidityPolicyForm(request.POST, prefix=level)
        if form.is_valid():
            try:
                set_validity_policy(
                    level,
                    actor=request.user,
                    reevaluation_years=form.cleaned_data["reevaluation_years"],
                    source=form.cleaned_data["source"],
                )
            except ValidityPolicyRefused as refusal:
                form.add_error(None, refusal.messages)
            else:
                messages.success(request, _("The rule is saved."))
                return redirect("titles:validity")
        status = 400
    return render(
        request,
        "titles/city/validity.html",
        {"rows": [(policy, forms_by_level[policy.level]) for policy in policies]},
        status=status,
    )
