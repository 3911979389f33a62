"""The city bureau's import of the provincial and national lists of titles: upload, preview
(nothing imported yet), confirm, and the empty workbook to fill in. The upload → preview →
confirm shape is the removal lists' too (``list_import``, decisions §85)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenfactory.core.uploads import XLSX

from ...domain.title_import import import_titles, preview_title_import, template_workbook
from ...forms.registry import TitleListUploadForm
from .list_import import ListImport, require_importer

TEMPLATE_FILENAME = "绿色工厂称号名单导入模板.xlsx"

TITLE_LIST = ListImport(
    upload_form=TitleListUploadForm,
    upload_template="titles/city/registry_import.html",
    preview_template="titles/city/registry_preview.html",
    upload_url="titles:title_import",
    confirm_url="titles:title_import_confirm",
    preview=preview_title_import,
    record=import_titles,
    done=lambda n: ngettext("%(n)s title imported.", "%(n)s titles imported.", n) % {"n": n},
)


@login_required
@require_http_methods(["GET", "POST"])
def title_import(request):
    """Upload a list; the answer is its preview (what would be imported, what not, and every
    problem). Nothing is imported here."""
    return TITLE_LIST.upload(request)


@login_required
@require_POST
def title_import_confirm(request):
    """Import the list the preview checked, read again from the server's copy."""
    return TITLE_LIST.confirm(request)


@login_required
@require_GET
def title_import_template(request):
    """The empty workbook with the columns the import reads."""
    require_importer(request)
    response = HttpResponse(template_workbook(), content_type=XLSX.content_type)
    response["Content-Disposition"] = content_disposition_header(True, TEMPLATE_FILENAME)
    response["X-Content-Type-Options"] = "nosniff"
    return response
