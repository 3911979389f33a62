"""A removal list published above the city (撤销名单), decisions §71: upload, preview with the
matches by name to confirm, and the removals recorded. Thin over ``domain/removal_import.py``;
the upload → preview → confirm shape is the title lists' too (``list_import``, §85)."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from ...domain.removal_import import import_removals, preview_removal_import
from ...forms.registry import RemovalListUploadForm
from .list_import import ListImport

REMOVAL_LIST = ListImport(
    upload_form=RemovalListUploadForm,
    upload_template="titles/city/removal_import.html",
    preview_template="titles/city/removal_preview.html",
    upload_url="titles:removal_import",
    confirm_url="titles:removal_import_confirm",
    preview=preview_removal_import,
    record=import_removals,
    done=lambda n: ngettext("%(n)s title struck.", "%(n)s titles struck.", n) % {"n": n},
)


@login_required
@require_http_methods(["GET", "POST"])
def removal_import(request):
    """Upload a removal list; the answer is its preview. Nothing is struck here."""
    return REMOVAL_LIST.upload(request)


@login_required
@require_POST
def removal_import_confirm(request):
    """Record the removals the preview checked, read again from the server's copy."""
    return REMOVAL_LIST.confirm(request)
