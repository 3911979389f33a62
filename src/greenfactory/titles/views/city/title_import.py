"""The city bureau's import of the provincial and national lists of titles: upload, preview
(nothing imported yet), confirm, and the empty workbook to fill in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenfactory.core.uploads import XLSX

from ...domain.title_import import (
    TitleImportErrors,
    TitleImportRefused,
    can_import_titles,
    import_titles,
    preview_title_import,
    template_workbook,
)
from ...forms.registry import TitleImportConfirmForm, TitleListUploadForm

TEMPLATE_FILENAME = "绿色工厂称号名单导入模板.xlsx"


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
            grade=form.cleaned_data["grade"],
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
