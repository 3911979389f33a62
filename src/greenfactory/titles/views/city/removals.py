"""A removal list published above the city (撤销名单), decisions §71: upload, preview with the
matches by name to confirm, and the removals recorded. Thin over ``domain/removal_import.py``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from ...domain.removal_import import (
    RemovalImportRefused,
    import_removals,
    preview_removal_import,
)
from ...domain.title_import import can_import_titles
from ...forms.registry import RemovalListUploadForm, TitleImportConfirmForm


def _importer(request) -> None:
    if not can_import_titles(request.user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def removal_import(request):
    """Upload a removal list; the answer is its preview. Nothing is struck here."""
    _importer(request)
    if request.method == "POST":
        form = RemovalListUploadForm(request.POST, request.FILES)
    else:
        form = RemovalListUploadForm()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            report = preview_removal_import(
                data["workbook"],
                actor=request.user,
                level=data["level"],
                list_name=data["list_name"],
                decided_on=data["decided_on"],
            )
        except RemovalImportRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            return render(
                request,
                "titles/city/removal_preview.html",
                {
                    "report": report,
                    "confirm_form": TitleImportConfirmForm(initial={"token": report.token}),
                    "form": RemovalListUploadForm(
                        initial={
                            "level": data["level"],
                            "list_name": data["list_name"],
                            "decided_on": data["decided_on"],
                        }
                    ),
                },
                status=200 if report.ok else 400,
            )
    return render(
        request,
        "titles/city/removal_import.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def removal_import_confirm(request):
    """Record the removals the preview checked, read again from the server's copy."""
    _importer(request)
    form = TitleImportConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("This preview has expired or was already imported: upload the file again.")
        )
        return redirect("titles:removal_import")
    try:
        struck = import_removals(
            form.cleaned_data["token"],
            actor=request.user,
            confirmed=form.cleaned_data["confirmed"],
        )
    except RemovalImportRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("titles:removal_import")
    messages.success(
        request,
        ngettext("%(n)s title struck.", "%(n)s titles struck.", len(struck)) % {"n": len(struck)},
    )
    return redirect("titles:titles")
