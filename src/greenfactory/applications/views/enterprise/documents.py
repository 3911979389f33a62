"""The enterprise's documents made from its application: the 自评报告 (PDF, Word) and the 自评表
workbook, built by the background worker (district and city officers may request them too); and
the workbook's import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from greenfactory.core.domain.audit import record_event
from greenfactory.core.domain.exports import request_export
from greenfactory.core.domain.workflow import check_edit
from greenfactory.core.models import ExportJob
from greenfactory.core.ratelimits import limit_exports

from ...domain.excel import WorkbookErrors, import_self_evaluation
from ...domain.transitions import TransitionRefused
from ...forms import ReportOptionsForm
from ..common import load_application, section_context

REPORT_KINDS = ("self_report_pdf", "self_report_docx")
DOCUMENT_KINDS = (*REPORT_KINDS, "self_evaluation_xlsx")


def documents_of(user, application):
    return ExportJob.objects.filter(
        requested_by=user, kind__in=DOCUMENT_KINDS, params__application=application.code
    )[:6]


@login_required
@limit_exports
@require_POST
def document_request(request, code, kind):
    application = load_application(request, code)
    if kind not in DOCUMENT_KINDS:
        raise Http404
    params = {"application": application.code}
    if kind in REPORT_KINDS:
        # The peer comparison (decisions §67) only for those who may read it.
        options = ReportOptionsForm(request.POST)
        params["peers"] = bool(
            options.is_valid()
            and options.cleaned_data["peers"]
            and request.user.has_perm("applications.view_peers", application)
        )
    job = request_export(kind, actor=request.user, params=params)
    record_event(
        "applications.document.requested",
        actor=request.user,
        obj=application,
        changes={"kind": kind, "export": job.code},
    )
    messages.success(request, _("The document is being prepared; it appears below when ready."))
    target = (
        "applications:self_evaluation"
        if kind == "self_evaluation_xlsx"
        else ("applications:evidence")
    )
    return redirect(target, code=code)


@login_required
@require_POST
def self_evaluation_import(request, code):
    application = load_application(request, code)
    if not request.user.has_perm("applications.change_application", application):
        raise PermissionDenied
    try:
        check_edit(request.user, application)  # closed: said before the file is read
    except TransitionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("applications:self_evaluation", code=code)
    upload = request.FILES.get("workbook")
    if upload is None:
        messages.error(request, _("Choose the filled-in .xlsx file first."))
        return redirect("applications:self_evaluation", code=code)
    try:
        import_self_evaluation(application, upload, actor=request.user)
    except WorkbookErrors as problems:
        context = section_context(request, application, "self_evaluation")
        context["errors"] = problems.errors
        return render(request, "applications/import_errors.html", context, status=400)
    except ValidationError as error:
        context = section_context(request, application, "self_evaluation")
        context["errors"] = [message for message in error.messages]
        return render(request, "applications/import_errors.html", context, status=400)
    except TransitionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("applications:self_evaluation", code=code)
    messages.success(request, _("The self-evaluation table was imported."))
    return redirect("applications:self_evaluation", code=code)
