"""The enterprise's evidence files: uploaded through checks, downloaded only through this
permission check (also by the district and city officers who may see the application)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenfactory.core.downloads import stored_attachment
from greenfactory.core.links import link_for
from greenfactory.programme.enums import IndicatorKind

from ...domain.drafts import add_evidence, remove_evidence
from ...domain.submission import third_party_report_notice
from ...domain.transitions import TransitionRefused
from ...forms import EvidenceUploadForm, ReportOptionsForm
from ..common import load_application, section_context
from .documents import documents_of

# What the page's list of files shows (and the remove button's version check): the rows are
# read with these columns only, not the uploader's whole account nor the indicator's texts.
EVIDENCE_LIST_COLUMNS = (
    "application",  # the manager sets the application already loaded on each row
    "code",
    "original_name",
    "uploaded_at",
    "kind",
    "size",
    "version",
    "indicator__code",
    "uploaded_by__username",
    "uploaded_by__first_name",
    "uploaded_by__last_name",
)


@login_required
@require_http_methods(["GET", "POST"])
def evidence(request, code):
    application = load_application(request, code)
    indicators = application.batch.indicator_system.indicators.exclude(
        kind=IndicatorKind.GROUP
    ).order_by("position")
    form = EvidenceUploadForm(
        request.POST or None,
        request.FILES or None,
        indicators=indicators,
        batch=application.batch,
    )
    if request.method == "POST":
        if not request.user.has_perm("applications.change_application", application):
            raise PermissionDenied
        if form.is_valid():
            try:
                add_evidence(
                    application,
                    actor=request.user,
                    upload=form.cleaned_data["file"],
                    indicator=form.cleaned_data["indicator"],
                    kind=form.cleaned_data["kind"],
                )
            except ValidationError as error:
                form.add_error("file", error)
            except TransitionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, _("File attached."))
                return redirect("applications:evidence", code=code)
    context = section_context(request, application, "evidence")
    context.update(
        {
            "form": form,
            "files": _files_with_links(application),
            "documents": documents_of(request.user, application),
            "third_party": third_party_report_notice(application),
            "report_options": ReportOptionsForm()
            if request.user.has_perm("applications.view_peers", application)
            else None,
        }
    )
    return render(
        request, "applications/section_evidence.html", context, status=400 if form.errors else 200
    )


def _files_with_links(application) -> list:
    """The list's rows, each with its download and remove addresses (each reversed once per
    page, ``core.links.link_for``)."""
    download = link_for("applications:evidence_download", application.code)
    remove = link_for("applications:evidence_remove", application.code)
    files = list(
        application.evidence_files.select_related("indicator", "uploaded_by").only(
            *EVIDENCE_LIST_COLUMNS
        )
    )
    for file in files:
        file.download_url, file.remove_url = download(file.code), remove(file.code)
    return files


@login_required
@require_GET
def evidence_download(request, code, file_code):
    return stored_attachment(
        load_application(request, code).evidence_files,
        code=file_code,
        action="applications.evidence.downloaded",
        actor=request.user,
    )


@login_required
@require_POST
def evidence_remove(request, code, file_code):
    application = load_application(request, code)
    item = get_object_or_404(application.evidence_files, code=file_code)
    if not request.user.has_perm("applications.change_application", application):
        raise PermissionDenied
    try:
        remove_evidence(item, actor=request.user)
    except TransitionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("File removed."))
    return redirect("applications:evidence", code=code)
