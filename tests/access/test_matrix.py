"""The role × page matrix: every URL name, every persona, one expected answer.

A URL added to the platform without a row here fails ``test_every_url_has_a_row``.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from greenfactory.accounts.enums import EnterpriseStatus
from greenfactory.applications.models import Application, EvidenceFile
from greenfactory.core.models import ExportJob
from greenfactory.notifications.models import Notification
from greenfactory.programme.domain.systems import copy_indicator_system
from greenfactory.reviews.models import (
    AuditPhoto,
    RecommendationLetter,
    SiteAudit,
    SiteAuditMember,
)
from tests.conftest import PERSONAS
from tests.database import share_module_rows
from tests.factories import AgencyFactory, BatchFactory, UserFactory, shipped_system

pytestmark = [pytest.mark.access, pytest.mark.django_db]

ALL = set(PERSONAS)
LOGGED_IN = ALL - {"anon"}
OFFICERS = {"district_officer", "other_district_officer", "city_officer"}
ENTERPRISES = {"enterprise_user", "other_enterprise_user"}
EXPERTS = {"assigned_expert", "unassigned_expert"}
LOGIN = "login"  # a redirect to the login page


def expect(default, **overrides):
    table = dict.fromkeys(PERSONAS, default)
    table.update(overrides)
    return table


def only(allowed, allowed_status, *, others, anon=LOGIN):
    table = {name: (allowed_status if name in allowed else others) for name in PERSONAS}
    table["anon"] = anon
    return table


APPLICATION_READERS = only(
    {"enterprise_user", "agency_user", "district_officer", "city_officer"}, 200, others=404
)
AUDIT_READERS = only(
    {"city_officer", "district_officer", "assigned_expert", "enterprise_user"}, 200, others=404
)
# The application is submitted: the enterprise's own step is refused with a message (302).
APPLICATION_ACTORS = expect(
    404, anon=LOGIN, enterprise_user=302, agency_user=403, district_officer=403, city_officer=403
)

# name: (method, kwargs builder, data, {persona: status})
MATRIX = {
    "set_language": ("post", None, {"language": "en"}, expect(302)),
    "dashboards:home": ("get", None, None, expect(200)),
    "notifications:inbox": ("get", None, None, expect(200, anon=LOGIN)),
    "notifications:read_all": ("post", None, None, expect(302, anon=LOGIN)),
    "notifications:open": ("get", "notification", None, only({"enterprise_user"}, 302, others=404)),
    "notifications:outbox": ("get", None, None, only({"city_officer"}, 200, others=403)),
    "notifications:outbox_decide": (
        "post",
        None,
        {"group": "x", "action": "release"},
        only({"city_officer"}, 302, others=403),
    ),
    "dashboards:pipeline": ("get", "batch_code", None, only(OFFICERS, 200, others=403)),
    "dashboards:timeline": (
        "get",
        "application",
        None,
        expect(403, anon=LOGIN, district_officer=200, city_officer=200, other_district_officer=404),
    ),
    "accounts:login": ("get", None, None, expect(302, anon=200)),
    "accounts:logout": ("post", None, None, expect(302)),
    "accounts:register": ("get", None, None, expect(302, anon=200)),
    # A forged link: nobody gets a form from it; the logged-in are sent home first.
    "accounts:register_finish": ("get", "registration", None, expect(302, anon=404)),
    "accounts:profile": ("get", None, None, only(ENTERPRISES, 200, others=403)),
    "accounts:enterprise_list": ("get", None, None, only(OFFICERS, 200, others=403)),
    "accounts:pilot_codes": ("get", None, None, only(OFFICERS, 200, others=403)),
    "accounts:enterprise_detail": (
        "get",
        "enterprise",
        None,
        only(
            {"enterprise_user", "agency_user", "district_officer", "city_officer"},
            200,
            others=404,
        ),
    ),
    "accounts:enterprise_confirm": (
        "post",
        "enterprise",
        None,
        expect(
            404,
            anon=LOGIN,
            enterprise_user=403,
            agency_user=403,
            district_officer=302,
            city_officer=403,
        ),
    ),
    "accounts:enterprise_reject": (
        "post",
        "enterprise",
        {"reason": "材料不全"},
        expect(
            404,
            anon=LOGIN,
            enterprise_user=403,
            agency_user=403,
            district_officer=302,
            city_officer=403,
        ),
    ),
    "accounts:enterprise_confirm_established_on": (
        "post",
        "enterprise",
        None,
        expect(
            404,
            anon=LOGIN,
            enterprise_user=403,
            agency_user=403,
            district_officer=302,
            city_officer=403,
        ),
    ),
    "accounts:account_list": (
        "get",
        None,
        None,
        only({"system_admin", "security_admin"}, 200, others=403),
    ),
    "accounts:account_create": ("get", None, None, only({"system_admin"}, 200, others=403)),
    "accounts:account_detail": (
        "get",
        "account",
        None,
        only({"system_admin", "security_admin"}, 200, others=404),
    ),
    "accounts:account_set_active": (
        "post",
        "account",
        {"active": "0"},
        expect(404, anon=LOGIN, system_admin=302, security_admin=403),
    ),
    "accounts:lockouts": ("get", None, None, only({"security_admin"}, 200, others=403)),
    "accounts:agency_list": ("get", None, None, only({"system_admin"}, 200, others=403)),
    "accounts:evaluation_body_list": (
        "get",
        None,
        None,
        only({"system_admin"}, 200, others=403),
    ),
    "accounts:agency_authorise": (
        "post",
        None,
        {"agency_uscc": "91350100M000100Y43"},
        only(ENTERPRISES, 302, others=403),
    ),
    "accounts:agency_revoke": ("post", "agency", None, only(ENTERPRISES, 302, others=403)),
    "core:audit_list": ("get", None, None, only({"audit_admin"}, 200, others=403)),
    "core:audit_export": ("post", None, None, only({"audit_admin"}, 302, others=403)),
    "core:export_download": ("get", "export", None, only({"audit_admin"}, 200, others=404)),
    "core:export_status": ("get", "export", None, only({"audit_admin"}, 200, others=404)),
    "programme:system_list": (
        "get",
        None,
        None,
        only(OFFICERS | EXPERTS, 200, others=403),
    ),
    "programme:system_detail": ("get", "system", None, only(OFFICERS | EXPERTS, 200, others=404)),
    "programme:system_copy": (
        "post",
        "system",
        None,
        expect(
            404,
            anon=LOGIN,
            city_officer=302,
            district_officer=403,
            other_district_officer=403,
            assigned_expert=403,
            unassigned_expert=403,
        ),
    ),
    "programme:benchmarks_export": (
        "get",
        "system",
        None,
        only(OFFICERS | EXPERTS, 200, others=404),
    ),
    "programme:benchmarks_import": (
        "post",
        "system",
        None,
        expect(
            404,
            anon=LOGIN,
            city_officer=400,  # no workbook given
            district_officer=403,
            other_district_officer=403,
            assigned_expert=403,
            unassigned_expert=403,
        ),
    ),
    "programme:indicator_edit": (
        "get",
        "indicator",
        None,
        expect(
            404,
            anon=LOGIN,
            city_officer=200,
            district_officer=403,
            other_district_officer=403,
            assigned_expert=403,
            unassigned_expert=403,
        ),
    ),
    "programme:batch_list": (
        "get",
        None,
        None,
        only(OFFICERS | EXPERTS | ENTERPRISES | {"agency_user"}, 200, others=403),
    ),
    "programme:batch_create": ("get", None, None, only({"city_officer"}, 200, others=403)),
    "programme:batch_detail": (
        "get",
        "batch",
        None,
        only(OFFICERS | EXPERTS | ENTERPRISES | {"agency_user"}, 200, others=404),
    ),
    "programme:batch_move": (
        "post",
        "batch",
        {"to": "closed"},
        expect(
            403, anon=LOGIN, city_officer=302, system_admin=404, security_admin=404, audit_admin=404
        ),
    ),
    "applications:application_list": (
        "get",
        None,
        None,
        only(OFFICERS | ENTERPRISES | {"agency_user"}, 200, others=403),
    ),
    "applications:eligibility": ("get", "batch_code", None, only(ENTERPRISES, 200, others=403)),
    "applications:application_start": (
        "post",
        "batch_code",
        None,
        expect(
            403,
            anon=LOGIN,
            enterprise_user=302,
            other_enterprise_user=302,
            system_admin=404,
            security_admin=404,
            audit_admin=404,
        ),
    ),
    **{
        f"applications:{name}": ("get", key, None, APPLICATION_READERS)
        for name, key in [
            ("application_detail", "application"),
            ("application_form", "application"),
            ("self_evaluation", "application"),
            ("performance", "application"),
            ("performance_year", "application_year"),
            ("evidence", "application"),
            ("evidence_download", "evidence_file"),
        ]
    },
    "applications:application_submit": ("post", "application", None, APPLICATION_ACTORS),
    # Experts and evaluation bodies do not see the peer comparison (decisions §67).
    "applications:peers": ("get", "application", None, APPLICATION_READERS),
    "applications:document_request": (
        "post",
        "document",
        None,
        only(
            {"enterprise_user", "agency_user", "district_officer", "city_officer"}, 302, others=404
        ),
    ),
    # The application is submitted: who prepares it is told it is closed (302 with the reason).
    "applications:self_evaluation_import": (
        "post",
        "application",
        None,
        expect(
            404,
            anon=LOGIN,
            enterprise_user=302,
            agency_user=302,
            district_officer=403,
            city_officer=403,
        ),
    ),
    "applications:application_withdraw": ("post", "application", None, APPLICATION_ACTORS),
    "reviews:district_queue": ("get", None, None, only(OFFICERS, 200, others=403)),
    "reviews:district_review": ("get", "application", None, APPLICATION_READERS),
    "reviews:district_decide": (
        "post",
        "application",
        {"decision": "reject", "reason": "x"},
        expect(
            404,
            anon=LOGIN,
            enterprise_user=403,
            agency_user=403,
            district_officer=302,
            city_officer=403,
        ),
    ),
    "reviews:recommendations": (
        "get",
        "batch_code",
        None,
        expect(
            403,
            anon=LOGIN,
            district_officer=200,
            other_district_officer=200,
            city_officer=200,
            system_admin=403,
        ),
    ),
    "reviews:letter_download": (
        "get",
        "letter",
        None,
        only({"district_officer", "city_officer"}, 200, others=404),
    ),
    "reviews:audit_list": (
        "get",
        None,
        None,
        only(OFFICERS | EXPERTS | ENTERPRISES, 200, others=403),
    ),
    "reviews:audit_schedule": (
        "get",
        "application",
        None,
        expect(
            404,
            anon=LOGIN,
            city_officer=200,
            enterprise_user=403,
            agency_user=403,
            district_officer=403,
        ),
    ),
    "reviews:audit_detail": ("get", "audit", None, AUDIT_READERS),
    "reviews:audit_photo_download": ("get", "audit_photo", None, AUDIT_READERS),
    "reviews:audit_record": ("get", "audit", None, AUDIT_READERS),
    "reviews:audit_complete": (
        "post",
        "audit",
        {"conclusion": "x"},
        expect(
            404,
            anon=LOGIN,
            city_officer=302,
            district_officer=403,
            assigned_expert=403,
            enterprise_user=403,
        ),
    ),
    "reviews:audit_photo": (
        "post",
        "audit",
        None,
        expect(
            404,
            anon=LOGIN,
            city_officer=302,
            district_officer=302,
            assigned_expert=302,
            enterprise_user=403,
        ),
    ),
    "reviews:audit_acknowledge": (
        "post",
        "audit",
        None,
        expect(
            404,
            anon=LOGIN,
            city_officer=403,
            district_officer=403,
            assigned_expert=403,
            enterprise_user=302,
        ),
    ),
    "applications:evidence_remove": (
        "post",
        "evidence_file",
        None,
        expect(
            404,
            anon=LOGIN,
            enterprise_user=302,
            agency_user=302,
            district_officer=403,
            city_officer=403,
        ),
    ),
}


def url_names(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_has_a_row():
    """Every URL is in this matrix or in exactly one of the feature matrices kept next to their
    tests (same shape: name → method, object, special answers, everyone else's answer)."""
    from tests.accounts.test_second_factor_access import ROWS as AUTH_ROWS
    from tests.api.rows import ROWS as API_ROWS
    from tests.applications.test_carbon_access import ROWS as CARBON_ROWS
    from tests.cultivation.test_access import ROWS as CULTIVATION_ROWS
    from tests.dashboards.test_figures_access import ROWS as FIGURES_ROWS
    from tests.filings.test_access import ROWS as FILINGS_ROWS
    from tests.outreach.test_announcement_access import ROWS as ANNOUNCEMENT_ROWS
    from tests.outreach.test_training_access import ROWS as TRAINING_ROWS
    from tests.recognition.test_notice_access import ROWS as NOTICE_ROWS
    from tests.recognition.test_ranking_access import ROWS as RANKING_ROWS
    from tests.reviews.test_evaluation_access import ROWS as EVALUATION_ROWS
    from tests.reviews.test_expert_access import DIVERGENCE_ROWS, EXPERT_ROWS
    from tests.rewards.test_pages_access import ROWS as REWARDS_ROWS
    from tests.supervision.test_integrity_access import ROWS as INTEGRITY_ROWS
    from tests.supervision.test_pages_access import ROWS as SUPERVISION_ROWS
    from tests.titles.test_province_access import ROWS as PROVINCE_ROWS
    from tests.titles.test_registry_access import ROWS as REGISTRY_ROWS
    from tests.titles.test_titles_access import ROWS as TITLE_ROWS

    tables = [
        MATRIX,
        EXPERT_ROWS,
        DIVERGENCE_ROWS,
        EVALUATION_ROWS,
        RANKING_ROWS,
        NOTICE_ROWS,
        TITLE_ROWS,
        PROVINCE_ROWS,
        REGISTRY_ROWS,
        REWARDS_ROWS,
        FIGURES_ROWS,
        TRAINING_ROWS,
        CULTIVATION_ROWS,
        FILINGS_ROWS,
        AUTH_ROWS,
        API_ROWS,
        ANNOUNCEMENT_ROWS,
        SUPERVISION_ROWS,
        INTEGRITY_ROWS,
        CARBON_ROWS,
    ]
    names = [name for table in tables for name in table]
    assert len(names) == len(set(names)), "a URL has rows in two matrices"
    assert set(url_names()) == set(names)


share_module_rows(globals(), PERSONAS)


@pytest.fixture(scope="module")
def objects(module_personas):
    """One of each object a URL names, made once for the module's 850 cells (each cell's own
    writes are undone after it)."""
    enterprise, enterprise_user, audit_admin, city_officer, district_officer, assigned_expert = (
        module_personas[name]
        for name in (
            "enterprise",
            "enterprise_user",
            "audit_admin",
            "city_officer",
            "district_officer",
            "assigned_expert",
        )
    )
    enterprise.status = EnterpriseStatus.PENDING
    enterprise.save()
    job = ExportJob.objects.create(
        kind="audit_log", requested_by=audit_admin, status=ExportJob.Status.DONE, filename="a.xlsx"
    )
    job.file.save("matrix.xlsx", ContentFile(b"PK"), save=True)
    system = copy_indicator_system(shipped_system(2018), actor=city_officer)
    batch = BatchFactory(state="open")
    application = Application.objects.create(
        batch=batch, enterprise=enterprise, state="submitted", submitted_at=timezone.now()
    )
    evidence = EvidenceFile(
        application=application,
        original_name="a.pdf",
        content_type="application/pdf",
        size=2,
        sha256="0" * 64,
    )
    evidence.file.save("a.pdf", ContentFile(b"%PDF"), save=True)
    letter = RecommendationLetter(
        batch=batch, district=enterprise.district, original_name="l.pdf", sha256="0" * 64
    )
    letter.file.save("l.pdf", ContentFile(b"%PDF"), save=True)
    audit = SiteAudit.objects.create(
        application=application, version=1, scheduled_for=timezone.now(), location="x"
    )
    audit.record.save("r.pdf", ContentFile(b"%PDF"), save=True)
    for user, lead in ((city_officer, True), (district_officer, False), (assigned_expert, False)):
        SiteAuditMember.objects.create(audit=audit, user=user, is_lead=lead)
    photo = AuditPhoto(
        audit=audit, original_name="p.jpg", content_type="image/jpeg", sha256="0" * 64
    )
    photo.file.save("p.jpg", ContentFile(b"\xff\xd8\xff"), save=True)
    return {
        "batch_code": {"batch_code": batch.code},
        "agency": {"agency_code": AgencyFactory().code},
        "application": {"code": application.code},
        "application_year": {"code": application.code, "year": batch.year - 1},
        "document": {"code": application.code, "kind": "self_report_pdf"},
        "letter": {"code": letter.code},
        "audit": {"code": audit.code},
        "notification": {
            "code": Notification.objects.create(recipient=enterprise_user, subject="s").code
        },
        "audit_photo": {"code": audit.code, "photo_code": photo.code},
        "evidence_file": {"code": application.code, "file_code": evidence.code},
        "system": {"slug": system.slug},
        "indicator": {
            "slug": system.slug,
            "indicator_code": system.indicators.filter(kind="qualitative").first().code,
        },
        "batch": {"code": batch.code},
        "enterprise": {"code": enterprise.code},
        "account": {"code": UserFactory(username="target").code},
        "export": {"code": job.code},
        "registration": {"token": "forged:link"},
    }


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_role_page_matrix(request, client, objects, name, persona):
    method, kwargs_key, data, expected = MATRIX[name]
    user = request.getfixturevalue(persona)
    if user is not None:
        client.force_login(user)
    url = reverse(name, kwargs=objects[kwargs_key] if kwargs_key else None)
    response = getattr(client, method)(url, data or {})
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    want = expected[persona]
    if want == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == want, f"{name} as {persona}"
