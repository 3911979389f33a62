from django.urls import path, re_path, register_converter
from drf_spectacular.views import SpectacularAPIView

from .views import (
    applications,
    audits,
    candidacies,
    carbon,
    catalogue,
    certificates,
    docs,
    enterprises,
    evidence,
    expert,
    fallback,
    notices,
    objections,
    public,
    ranking,
    rewards,
    supervision,
    tokens,
)


class PrintableConverter:
    """A path segment without control characters: a code, slug or certificate number. (A NUL
    would reach PostgreSQL, which refuses it in a query.)"""

    regex = r"[^/\x00-\x1f\x7f]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(PrintableConverter, "printable")

app_name = "api"

urlpatterns = [
    path("api-tokens/", tokens.tokens, name="tokens"),
    path("api-tokens/<printable:code>/revoke/", tokens.token_revoke, name="token_revoke"),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/v1/docs/", docs.ApiDocs.as_view(url_name="api:schema"), name="docs"),
    path("api/v1/batches/", catalogue.BatchList.as_view(), name="batch_list"),
    path(
        "api/v1/batches/<printable:code>/ranking/",
        ranking.BatchRanking.as_view(),
        name="batch_ranking",
    ),
    path(
        "api/v1/batches/<printable:code>/ranking/compute/",
        ranking.RankingCompute.as_view(),
        name="ranking_compute",
    ),
    path(
        "api/v1/batches/<printable:code>/ranking/changes/",
        ranking.RankingChanges.as_view(),
        name="ranking_changes",
    ),
    path(
        "api/v1/batches/<printable:code>/ranking/changes/<printable:application>/",
        ranking.RankingChange.as_view(),
        name="ranking_change",
    ),
    path(
        "api/v1/batches/<printable:code>/notice/",
        notices.NoticePublish.as_view(),
        name="notice_publish",
    ),
    path(
        "api/v1/batches/<printable:code>/notice/close/",
        notices.NoticeClose.as_view(),
        name="notice_close",
    ),
    path(
        "api/v1/batches/<printable:code>/decision/",
        ranking.BatchDecision.as_view(),
        name="batch_decision",
    ),
    path(
        "api/v1/indicator-systems/<printable:slug>/",
        catalogue.IndicatorSystemDetail.as_view(),
        name="indicator_system_detail",
    ),
    path("api/v1/enterprises/", enterprises.EnterpriseList.as_view(), name="enterprise_list"),
    path(
        "api/v1/enterprises/<printable:code>/",
        enterprises.EnterpriseDetail.as_view(),
        name="enterprise_detail",
    ),
    path(
        "api/v1/enterprises/<printable:code>/carbon-inventories/",
        carbon.EnterpriseCarbonInventories.as_view(),
        name="enterprise_carbon_inventories",
    ),
    path(
        "api/v1/carbon-disclosures/",
        carbon.CarbonDisclosureList.as_view(),
        name="carbon_disclosure_list",
    ),
    path("api/v1/applications/", applications.ApplicationList.as_view(), name="application_list"),
    path(
        "api/v1/applications/<printable:code>/",
        applications.ApplicationDetail.as_view(),
        name="application_detail",
    ),
    path(
        "api/v1/applications/<printable:code>/self-evaluation/<printable:indicator>/",
        applications.SelfEvaluationRow.as_view(),
        name="self_evaluation_row",
    ),
    path(
        "api/v1/applications/<printable:code>/performance/<int:year>/",
        applications.PerformanceYearData.as_view(),
        name="performance_year",
    ),
    path(
        "api/v1/applications/<printable:code>/evidence/",
        evidence.EvidenceList.as_view(),
        name="evidence_list",
    ),
    path(
        "api/v1/applications/<printable:code>/evidence/<printable:file_code>/",
        evidence.EvidenceItem.as_view(),
        name="evidence_item",
    ),
    path(
        "api/v1/applications/<printable:code>/submit/",
        applications.ApplicationSubmit.as_view(),
        name="application_submit",
    ),
    path(
        "api/v1/applications/<printable:code>/district-decision/",
        applications.DistrictDecision.as_view(),
        name="district_decision",
    ),
    path(
        "api/v1/assignments/<printable:code>/scores/",
        expert.AssignmentScores.as_view(),
        name="assignment_scores",
    ),
    path(
        "api/v1/assignments/<printable:code>/scores/<printable:indicator>/",
        expert.AssignmentScore.as_view(),
        name="assignment_score",
    ),
    path(
        "api/v1/assignments/<printable:code>/submit/",
        expert.AssignmentSubmit.as_view(),
        name="assignment_submit",
    ),
    path("api/v1/audits/<printable:code>/", audits.SiteAuditDetail.as_view(), name="site_audit"),
    path(
        "api/v1/audits/<printable:code>/findings/<printable:indicator>/",
        audits.AuditFinding.as_view(),
        name="audit_finding",
    ),
    path(
        "api/v1/audits/<printable:code>/complete/",
        audits.SiteAuditComplete.as_view(),
        name="audit_complete",
    ),
    path(
        "api/v1/audits/<printable:code>/acknowledge/",
        audits.SiteAuditAcknowledge.as_view(),
        name="audit_acknowledge",
    ),
    path(
        "api/v1/audits/<printable:code>/record/",
        audits.SiteAuditRecord.as_view(),
        name="audit_record",
    ),
    path("api/v1/titles/", public.TitleList.as_view(), name="title_list"),
    path(
        "api/v1/titles/<printable:code>/certificate/",
        certificates.TitleCertificate.as_view(),
        name="title_certificate",
    ),
    path("api/v1/verify/<printable:number>/", public.Verify.as_view(), name="verify"),
    path("api/v1/notices/", public.NoticeList.as_view(), name="notice_list"),
    path("api/v1/notices/<printable:code>/", public.NoticeDetail.as_view(), name="notice_detail"),
    path(
        "api/v1/notices/<printable:code>/objections/",
        objections.NoticeObjections.as_view(),
        name="notice_objections",
    ),
    path(
        "api/v1/objections/<printable:code>/investigate/",
        objections.ObjectionInvestigate.as_view(),
        name="objection_investigate",
    ),
    path(
        "api/v1/objections/<printable:code>/decision/",
        objections.ObjectionDecision.as_view(),
        name="objection_decision",
    ),
    path("api/v1/candidacies/", candidacies.CandidacyList.as_view(), name="candidacy_list"),
    path(
        "api/v1/candidacies/<printable:code>/",
        candidacies.CandidacyDetail.as_view(),
        name="candidacy_detail",
    ),
    path("api/v1/rewards/ledger/", rewards.LedgerList.as_view(), name="ledger"),
    path("api/v1/spot-checks/", supervision.SpotCheckList.as_view(), name="spot_check_list"),
    path(
        "api/v1/spot-checks/<printable:code>/",
        supervision.SpotCheckDetail.as_view(),
        name="spot_check_detail",
    ),
    path(
        "api/v1/spot-checks/<printable:code>/decision/",
        supervision.SpotCheckDecision.as_view(),
        name="spot_check_decision",
    ),
    path(
        "api/v1/dashboard/figures/",
        supervision.DashboardFigures.as_view(),
        name="dashboard_figures",
    ),
    re_path(r"^api/v1/(?P<path>.*)$", fallback.not_found),
]
