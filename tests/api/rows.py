"""Every URL of the api app × every persona: one expected answer.

``ENDPOINTS`` are the endpoints of the schema (test_matrix.py checks that each operation of
/api/v1/schema/ has exactly one row, so a new endpoint without a row fails); ``PAGES`` are the
HTML pages (the API tokens page) and the schema and documentation. ``ROWS`` has them all, in the
central matrix's shape: name → (method, object, {persona: answer}, answer of everyone else).

A URL that takes a second method has a second row keyed ``name@method``. A body is JSON;
a function of the test objects' path values gives a JSON body naming them; a ``Multipart`` is
sent as multipart/form-data (its function gives the fields and files).
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from greenfactory.recognition.enums import ObjectionOutcome
from tests.access.rows import LOGIN

from .conftest import PDF


class Multipart:
    def __init__(self, fields):
        self.fields = fields


def evidence_upload() -> dict:
    return {"file": SimpleUploadedFile("节能诊断报告.pdf", PDF), "kind": "evidence"}


# The application's readers: its enterprise, the authorised agency, the district and the city
# officers, the expert it is assigned to. Everyone else does not see it: 404.
READERS = {
    "enterprise_user": 200,
    "agency_user": 200,
    "district_officer": 200,
    "city_officer": 200,
    "assigned_expert": 200,
    "anon": 401,
}
OFFICERS_AND_EXPERTS = {
    "district_officer": 200,
    "other_district_officer": 200,
    "city_officer": 200,
    "assigned_expert": 200,
    "unassigned_expert": 200,
    "anon": 401,
}
DRAFT_WRITERS_CREATED = {"enterprise_user": 201, "agency_user": 201, "anon": 401}
AUDIT_READERS = {
    "enterprise_user": 200,
    "district_officer": 200,
    "city_officer": 200,
    "assigned_expert": 200,
    "anon": 401,
}
RANKERS = {
    "city_officer": 200,
    "system_admin": 404,
    "security_admin": 404,
    "audit_admin": 404,
    "anon": 401,
}
EVERYONE_LOGGED_IN = ({"anon": 401}, 200)
SCORE_READERS = {"assigned_expert": 200, "district_officer": 200, "city_officer": 200, "anon": 401}
SCORE_WRITERS = {"assigned_expert": 409, "district_officer": 403, "city_officer": 403, "anon": 401}

# name: (method, object, JSON body, {persona: status}, status of everyone else)
ENDPOINTS = {
    "api:batch_list": ("get", None, None, *EVERYONE_LOGGED_IN),
    "api:indicator_system_detail": ("get", "system", None, OFFICERS_AND_EXPERTS, 404),
    "api:enterprise_list": ("get", None, None, *EVERYONE_LOGGED_IN),
    "api:enterprise_detail": (
        "get",
        "enterprise",
        None,
        {
            "enterprise_user": 200,
            "agency_user": 200,
            "district_officer": 200,
            "city_officer": 200,
            "anon": 401,
        },
        404,
    ),
    "api:application_list": ("get", None, None, *EVERYONE_LOGGED_IN),
    "api:application_detail": ("get", "submitted", None, READERS, 404),
    # A draft is the enterprise's own business: the officers do not see it.
    "api:self_evaluation_row": (
        "put",
        "draft_row",
        {"revision": 0, "met": True},
        {"enterprise_user": 200, "agency_user": 200, "anon": 401},
        404,
    ),
    "api:performance_year": (
        "put",
        "draft_year",
        {"revision": 0, "output_quantity": "1200", "output_unit": "吨"},
        {"enterprise_user": 200, "agency_user": 200, "anon": 401},
        404,
    ),
    # The draft is far from complete: submitting it is refused with its problems (409).
    # Evidence: its readers are the application's; the draft's files are the enterprise's.
    "api:evidence_list": ("get", "submitted", None, READERS, 404),
    "api:evidence_list@post": (
        "post",
        "draft",
        Multipart(evidence_upload),
        DRAFT_WRITERS_CREATED,
        404,
    ),
    "api:evidence_item": ("get", "submitted_file", None, READERS, 404),
    "api:evidence_item@delete": (
        "delete",
        "draft_file",
        None,
        {"enterprise_user": 204, "agency_user": 204, "anon": 401},
        404,
    ),
    "api:application_submit": (
        "post",
        "draft",
        {},
        {"enterprise_user": 409, "agency_user": 403, "anon": 401},
        404,
    ),
    "api:district_decision": (
        "post",
        "submitted",
        {"decision": "reject", "reason": "材料不实"},
        {
            **READERS,
            "enterprise_user": 403,
            "agency_user": 403,
            "district_officer": 200,
            "city_officer": 403,
            "assigned_expert": 403,
        },
        404,
    ),
    # The on-site audit: the officers of the region, its team and the enterprise read it (not
    # the agency: the audit page does not show it to them); the team records; the leader or
    # a city officer of the team completes it.
    "api:site_audit": ("get", "audit", None, AUDIT_READERS, 404),
    "api:audit_record": ("get", "audit", None, AUDIT_READERS, 404),
    "api:audit_finding": (
        "put",
        "audit_row",
        {"verified_met": True, "methods": ["originals"]},
        {**AUDIT_READERS, "enterprise_user": 403},
        404,
    ),
    "api:audit_complete": (
        "post",
        "audit",
        {"conclusion": "符合绿色工厂评价要求"},
        {**AUDIT_READERS, "enterprise_user": 403, "district_officer": 403, "assigned_expert": 403},
        404,
    ),
    # The enterprise acknowledges the record: the audit is still scheduled (409); the other
    # readers may not (403).
    "api:audit_acknowledge": (
        "post",
        "audit",
        None,
        {
            "enterprise_user": 409,
            "district_officer": 403,
            "city_officer": 403,
            "assigned_expert": 403,
            "anon": 401,
        },
        404,
    ),
    "api:title_list": ("get", None, None, {}, 200),
    # Decisions §79: an enterprise's inventories to its users and the officers of its region;
    # the published disclosures to anyone.
    "api:enterprise_carbon_inventories": (
        "get",
        "enterprise",
        None,
        {"enterprise_user": 200, "district_officer": 200, "city_officer": 200, "anon": 401},
        404,
    ),
    "api:carbon_disclosure_list": ("get", None, None, {}, 200),
    # The certificate PDF: the city officers of the region and the title's own enterprise.
    "api:title_certificate": (
        "get",
        "title",
        None,
        {"enterprise_user": 200, "city_officer": 200, "anon": 401},
        404,
    ),
    "api:verify": ("get", "certificate", None, {}, 200),
    "api:notice_list": ("get", None, None, {}, 200),
    "api:notice_detail": ("get", "notice", None, {}, 200),
    # Objections: the city officers of the batch's region list and handle them; anyone sends
    # one (the open objection cannot be decided before its investigation: 409).
    "api:notice_objections": ("get", "notice", None, RANKERS, 403),
    "api:notice_objections@post": (
        "post",
        "notice",
        {"entry": 1, "name": "李女士", "contact": "lina@example.cn", "reason": "排放数据存疑"},
        {},
        201,
    ),
    "api:objection_investigate": (
        "post",
        "objection",
        {"note": "调取监测记录"},
        {"city_officer": 200, "anon": 401},
        404,
    ),
    "api:objection_decision": (
        "post",
        "objection",
        {
            "outcome": ObjectionOutcome.DISMISS,
            "investigation": "经核实不属实",
            "outcome_reason": "异议不成立",
        },
        {"city_officer": 409, "anon": 401},
        404,
    ),
    "api:ledger": (
        "get",
        None,
        None,
        {
            "city_officer": 200,
            "district_officer": 200,
            "other_district_officer": 200,
            "anon": 401,
        },
        403,
    ),
    # The ranking page's readers: the city officers of the batch's region; who sees the batch
    # but may not rank is refused (403); administrators do not see batches (404).
    "api:batch_ranking": (
        "get",
        "batch",
        None,
        {
            "city_officer": 200,
            "system_admin": 404,
            "security_admin": 404,
            "audit_admin": 404,
            "anon": 401,
        },
        403,
    ),
    # The ranking's steps: the same readers; the ranked batch can be recomputed, a change
    # proposed (for the first application: off the list) or withdrawn (the second's), and the
    # party group's decision recorded.
    "api:ranking_compute": ("post", "ranked", {}, RANKERS, 403),
    "api:ranking_changes": (
        "post",
        "ranked",
        lambda objects: {
            "application": objects["ranked_first"]["application"],
            "reason": "产能利用率偏低",
        },
        {**RANKERS, "city_officer": 201},
        403,
    ),
    "api:ranking_change": ("delete", "ranked_change", None, RANKERS, 403),
    "api:batch_decision": (
        "post",
        "ranked",
        {"meeting_on": "2026-01-05", "minutes_reference": "党组会议纪要〔2026〕1号"},
        {**RANKERS, "city_officer": 201},
        403,
    ),
    # The notice's steps: the ranked batch has no decision yet, so publishing is refused (409);
    # the submitted application's batch has a notice in its period, so closing is refused.
    "api:notice_publish": (
        "post",
        "ranked",
        {"starts_on": "2099-01-05"},
        {**RANKERS, "city_officer": 409},
        403,
    ),
    "api:notice_close": ("post", "batch", None, {**RANKERS, "city_officer": 409}, 403),
    # An assignment: its expert and the officers over the application see it; only the expert
    # scores, and the application is not in expert review, so scoring is refused (409).
    "api:assignment_scores": ("get", "assignment", None, SCORE_READERS, 404),
    "api:assignment_score": ("put", "assignment_row", {"met": True}, SCORE_WRITERS, 404),
    "api:assignment_submit": ("post", "assignment", {}, SCORE_WRITERS, 404),
    # Candidacies recommended upward (decisions §80): the city and the enterprise, as the
    # pages; everyone else an empty list and 404.
    "api:candidacy_list": ("get", None, None, *EVERYONE_LOGGED_IN),
    "api:candidacy_detail": (
        "get",
        "candidacy",
        None,
        {"enterprise_user": 200, "city_officer": 200, "anon": 401},
        404,
    ),
    "api:spot_check_list": ("get", None, None, *EVERYONE_LOGGED_IN),
    "api:spot_check_detail": (
        "get",
        "spot_check",
        None,
        {"enterprise_user": 200, "district_officer": 200, "city_officer": 200, "anon": 401},
        404,
    ),
    # The check's application has not been audited: the city's decision is refused (409).
    "api:spot_check_decision": (
        "post",
        "spot_check",
        {"outcome": "passed", "reason": ""},
        {"enterprise_user": 403, "district_officer": 403, "city_officer": 409, "anon": 401},
        404,
    ),
    "api:dashboard_figures": (
        "get",
        None,
        None,
        {
            "city_officer": 200,
            "district_officer": 200,
            "other_district_officer": 200,
            "anon": 401,
        },
        403,
    ),
}

ADMINS = {"system_admin": 403, "security_admin": 403, "audit_admin": 403}
PAGES = {
    # The security administrator holds no token but sees and revokes everyone's.
    "api:tokens": ("get", None, {**ADMINS, "security_admin": 200, "anon": LOGIN}, 200),
    "api:token_revoke": (
        "post",
        "token",
        {"enterprise_user": 302, "security_admin": 302, "anon": LOGIN},
        404,
    ),
    "api:schema": ("get", None, {}, 200),
    "api:docs": ("get", None, {}, 200),
}

ROWS = {
    **{
        name: (method, key, special, others)
        for name, (method, key, _b, special, others) in ENDPOINTS.items()
        if "@" not in name
    },
    **PAGES,
}
