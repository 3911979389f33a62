"""The title registry for officers: the list of the region's titles, one title with its
history and status, and the import of the provincial and national lists. The recommendation to
the province is in ``province``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenfactory.accounts.domain.queries import industry_sections
from greenfactory.accounts.enums import Role
from greenfactory.core.uploads import XLSX

from ..domain.public_queries import platform_districts
from ..domain.title_import import (
    TitleImportErrors,
    TitleImportRefused,
    can_import_titles,
    import_titles,
    preview_title_import,
    template_workbook,
)
from ..domain.title_status import (
    TitleStatusRefused,
    can_change_title_status,
    can_record_removal,
    change_title_status,
    record_removal,
)
from ..domain.titles import titles_visible_to
from ..domain.validity import (
    ValidityPolicyRefused,
    can_set_validity_policy,
    set_validity_policy,
    validity_policies,
)
from ..enums import TitleStatus
from ..forms.public import TitleFilterForm
from ..forms.registry import (
    RemovalForm,
    TitleImportConfirmForm,
    TitleListUploadForm,
    TitleStatusForm,
    ValidityPolicyForm,
)
from ..hooks import factory_events

PAGE_SIZE = 50
TEMPLATE_FILENAME = "绿色工厂称号名单导入模板.xlsx"


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


def _importer(request) -> None:
    if not can_import_titles(request.user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def title_import(request):
    """Upload a list; the answer is its preview (what would be imported, what not, and every
    problem). Nothing is imported here."""
    _importer(request)
    if request.method == "POST":
        form = TitleListUploadForm(request.POST, request.FILES)
    else:
        form = TitleListUploadForm()
    if form.is_bound and form.is_valid():
        report = preview_title_import(
            form.cleaned_data["workbook"],
            actor=request.user,
            level=form.cleaned_data["level"],
            year=form.cleaned_data["year"],
        )
        return _preview(request, report)
    return render(
        request,
        "titles/city/registry_import.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _preview(request, report):
    return render(
        request,
        "titles/city/registry_preview.html",
        {
            "report": report,
            "confirm_form": TitleImportConfirmForm(initial={"token": report.token}),
            "form": TitleListUploadForm(),
        },
        status=200 if report.ok else 400,
    )


@login_required
@require_POST
def title_import_confirm(request):
    """Import the list the preview checked, read again from the server's copy."""
    _importer(request)
    form = TitleImportConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("This preview has expired or was already imported: upload the file again.")
        )
        return redirect("titles:title_import")
    try:
        titles = import_titles(
            form.cleaned_data["token"],
            actor=request.user,
            confirmed=form.cleaned_data["confirmed"],
        )
    except TitleImportErrors as problems:
        return _preview(request, problems.report)
    except TitleImportRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("titles:title_import")
    messages.success(
        request,
        ngettext("%(n)s title imported.", "%(n)s titles imported.", len(titles))
        % {"n": len(titles)},
    )
    return redirect("titles:titles")


@login_required
@require_GET
def title_import_template(request):
    """The empty workbook with the columns the import reads."""
    _importer(request)
    response = HttpResponse(template_workbook(), content_type=XLSX.content_type)
    response["Content-Disposition"] = content_disposition_header(True, TEMPLATE_FILENAME)
    response["X-Content-Type-Options"] = "nosniff"
    return response


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
