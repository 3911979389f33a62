"""The on-site audit (现场审核) as its page shows and records it: the audit with its team and
findings for whoever sees it (``audits_visible_to``); the team's findings per indicator through
the page's ``FindingForm`` and ``record_finding``; completion with the team's conclusion
(``complete_site_audit``); the audit record PDF once produced."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from greenfactory.applications.forms import as_yes_no
from greenfactory.programme.enums import IndicatorKind
from greenfactory.reviews.domain.audit import (
    acknowledge_site_audit,
    complete_site_audit,
    record_finding,
)
from greenfactory.reviews.domain.queries import audits_visible_to
from greenfactory.reviews.forms.audit import ConclusionForm, FindingForm
from greenfactory.reviews.views.common import audit_record_file

from ..serializers.reviews import (
    ConclusionInputSerializer,
    FindingInputSerializer,
    SiteAuditSerializer,
)
from .common import form_invalid, read_body
from .files import FileDownload, file_responses


def _audit(request, code):
    return get_object_or_404(audits_visible_to(request.user), code=code)


def _may(request, audit, permission) -> None:
    """403 for who may not take the step; when it may be taken (a completed audit: 409) is
    the domain's."""
    if not request.user.has_perm(permission, audit):
        raise PermissionDenied


def _shown(audit) -> dict:
    audit.team_members = list(audit.members.select_related("user").order_by("-is_lead", "pk"))
    audit.recorded_findings = list(audit.findings.select_related("indicator"))
    audit.record_ready = bool(audit.record)
    return SiteAuditSerializer(audit).data


class SiteAuditDetail(APIView):
    @extend_schema(
        tags=["reviews"],
        summary="An on-site audit with its team and findings",
        description=(
            "As the audit page: the officers of the enterprise's region, the team's members "
            "and the enterprise."
        ),
        responses=SiteAuditSerializer,
    )
    def get(self, request, code):
        return Response(_shown(_audit(request, code)))


class AuditFinding(APIView):
    @extend_schema(
        tags=["reviews"],
        summary="Record the team's finding for one indicator",
        description=(
            "The audit page's row form and step: the team's members while the audit is "
            "scheduled (403 otherwise; 409 once completed). A verified score above the "
            "item's points, or a figure that differs from the enterprise's without a reason, "
            "is refused (409)."
        ),
        request=FindingInputSerializer,
        responses=SiteAuditSerializer,
    )
    def put(self, request, code, indicator):
        audit = _audit(request, code)
        _may(request, audit, "reviews.record_finding")
        row = get_object_or_404(
            audit.application.batch.indicator_system.indicators.exclude(kind=IndicatorKind.GROUP),
            code=indicator,
        )
        data = read_body(request, FindingInputSerializer)
        post = {
            "methods": data["methods"],
            "verified_met": as_yes_no(data["verified_met"]),
            "change_reason": data["change_reason"],
            "finding": data["finding"],
        }
        for name in ("verified_score", "verified_value"):
            post[name] = "" if data[name] is None else str(data[name])
        form = FindingForm(post)
        if not form.is_valid():
            raise form_invalid(form)
        record_finding(audit, row, actor=request.user, data=form.finding_data())
        return Response(_shown(_audit(request, code)))


class SiteAuditComplete(APIView):
    @extend_schema(
        tags=["reviews"],
        summary="Complete the audit with the team's conclusion",
        description=(
            "The audit page's step: the team leader or a city officer of the team, while the "
            "audit is scheduled. The application becomes audited and the record PDF is "
            "produced in the background. An empty conclusion is refused (409)."
        ),
        request=ConclusionInputSerializer,
        responses=SiteAuditSerializer,
    )
    def post(self, request, code):
        audit = _audit(request, code)
        _may(request, audit, "reviews.finish_site_audit")
        data = read_body(request, ConclusionInputSerializer)
        form = ConclusionForm({"conclusion": data["conclusion"]})
        conclusion = form.cleaned_data["conclusion"] if form.is_valid() else ""
        complete_site_audit(audit, actor=request.user, conclusion=conclusion)
        return Response(_shown(_audit(request, code)))


class SiteAuditAcknowledge(APIView):
    @extend_schema(
        tags=["reviews"],
        summary="The enterprise acknowledges the audit record",
        description=(
            "The audit page's step (acknowledge_site_audit): the audited enterprise's users, "
            "once the record is produced (409 before, and once acknowledged); anyone else who "
            "sees the audit: 403."
        ),
        request=None,
        responses=SiteAuditSerializer,
    )
    def post(self, request, code):
        audit = _audit(request, code)
        acknowledge_site_audit(audit, actor=request.user)
        return Response(_shown(_audit(request, code)))


class SiteAuditRecord(FileDownload, APIView):
    @extend_schema(
        tags=["reviews"],
        summary="The audit record PDF",
        description="Whoever sees the audit; 404 until the record has been produced.",
        responses=file_responses("application/pdf"),
    )
    def get(self, request, code):
        return audit_record_file(request.user, code)
