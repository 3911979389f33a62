"""The on-site audit's pages (现场审核), shared because the audit is run jointly: its team of city
and district officers (experts may join) records the findings and photos and completes it, and
the list, the audit's page, its photos and its record are read by the team, the city and district
officers of its region and the enterprise audited. The city's scheduling is in
``views/city/audit.py``, the enterprise's acknowledgement in ``views/enterprise.py``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenfactory.accounts.enums import Role
from greenfactory.applications.domain.queries import applications_visible_to
from greenfactory.applications.domain.transitions import TransitionRefused
from greenfactory.applications.enums import ApplicationState
from greenfactory.core.domain.workflow import can_edit, can_move
from greenfactory.core.downloads import stored_attachment
from greenfactory.programme.domain.accidents import in_batch_words
from greenfactory.programme.enums import IndicatorKind

from ..domain.audit import (
    FindingRefused,
    add_audit_photo,
    complete_site_audit,
    record_finding,
)
from ..domain.audit_record import record_filename
from ..domain.queries import audits_visible_to
from ..enums import AuditStatus
from ..forms.audit import ConclusionForm, FindingForm, PhotoForm
from ..hooks import decision_panels


@login_required
@require_GET
def audit_list(request):
    user = request.user
    if user.role not in (Role.CITY_OFFICER, Role.DISTRICT_OFFICER, Role.EXPERT, Role.ENTERPRISE):
        raise PermissionDenied
    to_schedule = []
    if user.role == Role.CITY_OFFICER:
        to_schedule = list(
            applications_visible_to(user)
            .filter(state=ApplicationState.RECOMMENDED)
            .order_by("enterprise__district__code", "enterprise__name")
        )
    audits = audits_visible_to(user).order_by("-scheduled_for")[:200]
    return render(
        request, "reviews/audit/list.html", {"audits": audits, "to_schedule": to_schedule}
    )


def _rows(audit, data=None):
    findings = {f.indicator_id: f for f in audit.findings.all()}
    answers = {a.indicator_id: a for a in audit.application.self_evaluations.all()}
    rows = []
    batch = audit.application.batch
    for indicator in in_batch_words(
        batch.indicator_system.indicators.exclude(kind=IndicatorKind.GROUP).order_by("position"),
        batch,
    ):
        rows.append(
            {
                "indicator": indicator,
                "answer": answers.get(indicator.pk),
                "finding": findings.get(indicator.pk),
                "form": FindingForm(
                    data, prefix=f"i{indicator.pk}", finding=findings.get(indicator.pk)
                ),
            }
        )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def audit_detail(request, code):
    """The audit and its findings. A refused finding shows the page again with everything
    typed in its row, the message beside its field and the page scrolled there."""
    audit = get_object_or_404(audits_visible_to(request.user), code=code)
    can_record = can_edit(request.user, audit)
    rows = _rows(audit)
    if request.method == "POST":
        if not request.user.has_perm("reviews.record_finding", audit):
            raise PermissionDenied
        indicator_pk = request.POST.get("indicator", "")
        row = next((r for r in rows if str(r["indicator"].pk) == indicator_pk), None)
        if row is None:
            raise Http404
        form = row["form"] = FindingForm(
            request.POST, prefix=f"i{indicator_pk}", finding=row["finding"]
        )
        if form.is_valid():
            try:
                record_finding(
                    audit, row["indicator"], actor=request.user, data=form.finding_data()
                )
            except FindingRefused as refusal:
                form.add_error(refusal.field, str(refusal))
            except TransitionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(
                    request, _("Finding recorded for %(code)s.") % {"code": row["indicator"].code}
                )
                return redirect(f"{request.path}#i{indicator_pk}")
        first = next((name for name in form.fields if name in form.errors), None)
        if first is not None:
            form.fields[first].widget.attrs["autofocus"] = True
        row["refused"] = True
    return render(
        request,
        "reviews/audit/detail.html",
        {
            "audit": audit,
            "members": audit.members.select_related("user"),
            "rows": rows,
            "photos": audit.photos.select_related("indicator"),
            "can_record": can_record,
            "can_finish": can_move(request.user, audit, AuditStatus.COMPLETED),
            "can_acknowledge": request.user.has_perm("reviews.acknowledge_site_audit", audit),
            "conclusion_form": ConclusionForm(),
            "photo_form": PhotoForm(),
            "decision_panels": decision_panels(request, audit.application),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def audit_complete(request, code):
    audit = get_object_or_404(audits_visible_to(request.user), code=code)
    form = ConclusionForm(request.POST)
    conclusion = form.cleaned_data["conclusion"] if form.is_valid() else ""
    try:
        complete_site_audit(audit, actor=request.user, conclusion=conclusion)
    except TransitionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The audit is complete; its record is being produced."))
    return redirect("reviews:audit_detail", code=code)


@login_required
@require_POST
def audit_photo(request, code):
    audit = get_object_or_404(audits_visible_to(request.user), code=code)
    if not request.user.has_perm("reviews.record_finding", audit):
        raise PermissionDenied
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            add_audit_photo(audit, actor=request.user, upload=form.cleaned_data["photo"])
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        except TransitionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Photo added."))
    else:
        messages.error(request, _("Choose a photo first."))
    return redirect("reviews:audit_detail", code=code)


@login_required
@require_GET
def audit_photo_download(request, code, photo_code):
    audit = get_object_or_404(audits_visible_to(request.user), code=code)
    return stored_attachment(audit.photos, code=photo_code)


def audit_record_file(user, code):
    """The audit record PDF, for whoever sees the audit (the page and the API): 404 until it
    has been produced; the download is in the audit trail."""
    return stored_attachment(
        audits_visible_to(user),
        code=code,
        field="record",
        filename=record_filename,
        content_type="application/pdf",
        action="reviews.audit_record.downloaded",
        actor=user,
    )


@login_required
@require_GET
def audit_record(request, code):
    return audit_record_file(request.user, code)
