"""The API's test objects: one of each thing an endpoint names, owned by the personas'
enterprise (武进) so that the other enterprise, district and expert are outsiders."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from greenfactory.api.domain.tokens import issue_token
from greenfactory.applications.models import Application, EvidenceFile
from greenfactory.programme.enums import IndicatorKind
from greenfactory.recognition.models import NoticeEntry, PublicNotice
from greenfactory.reviews.models import ExpertAssignment
from greenfactory.titles.certificates import format_number
from greenfactory.titles.enums import TitleLevel, TitleSource
from greenfactory.titles.models import ProvincialCandidate, Title
from tests.factories import BatchFactory


def gate_of(application):
    """A basic requirement (判定项) of the application's indicator system: answered yes/no."""
    return application.batch.indicator_system.indicators.filter(kind=IndicatorKind.GATE).first()


def notice_of(application, *, published_by, publish_scores=False, starts_in=-1):
    """A public notice of the application's batch, listing it (position 1, score 82.50)."""
    today = timezone.localdate()
    notice = PublicNotice.objects.create(
        batch=application.batch,
        title="2026年常州市绿色工厂拟认定名单公示",
        body="现将拟认定名单予以公示。",
        how_to_object="书面提出异议。",
        starts_on=today + timedelta(days=starts_in),
        ends_on=today + timedelta(days=starts_in + 7),
        days=7,
        day_kind="calendar",
        publish_scores=publish_scores,
        bureau_contact=application.batch.notice_bureau_contact,
        discipline_contact=application.batch.notice_discipline_contact,
        published_by=published_by,
    )
    NoticeEntry.objects.create(
        notice=notice,
        application=application,
        position=1,
        enterprise_name=application.enterprise.name,
        district_name="武进区",
        industry_name="化学原料和化学制品制造业",
        score=Decimal("82.50"),
    )
    return notice


PDF = b"%PDF-1.4\n" + b"1" * 100 + b"\n%%EOF\n"


def evidence_of(application, name="能源审计报告.pdf"):
    """A stored PDF attached to the application's current version."""
    item = EvidenceFile(
        application=application,
        original_name=name,
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        version=application.version,
    )
    item.file.save(name, ContentFile(PDF), save=True)
    return item


def objection_to(notice, **fields):
    """An objection received to the first factory of the notice."""
    from greenfactory.recognition.domain.objections import submit_objection

    values = {"name": "张先生", "contact": "13800000000", "reason": "该企业曾发生环境违法行为。"}
    return submit_objection(notice, entry=notice.entries.get(position=1), **values | fields)


def drawn_check(enterprise, city_officer):
    """A spot check of a provincial title of the enterprise, drawn on purpose in a round with an
    empty random sample; its application not yet audited."""
    from greenfactory.supervision.domain.rounds import draw_sample, pick_title
    from tests.supervision.helpers import make_round, make_title

    title = make_title(enterprise, level="provincial", year=2020)
    round_ = make_round(
        city_officer, sample_count=None, sample_ratio=Decimal("0.1"), levels=["provincial"]
    )
    pick_title(round_, title, actor=city_officer, reason="年度动态管理表未填报")
    return draw_sample(round_, actor=city_officer, seed="api-matrix").checks.get()


def officer_of_another_city():
    """A city officer of 苏州市: Changzhou's batches, notices and titles are not theirs."""
    from greenfactory.accounts.enums import Role
    from greenfactory.accounts.models import Region
    from tests.factories import UserFactory, region

    suzhou, _made = Region.objects.get_or_create(
        code="320500", defaults={"name": "苏州市", "level": "city", "parent": region("320000")}
    )
    return UserFactory(role=Role.CITY_OFFICER, region=suzhou)


def ranked_batch(city_officer):
    """A batch ranked once (two reviewed applications, quota one: the first proposed), with a
    change proposed for the second."""
    from greenfactory.recognition.domain.ranking import compute_ranking, propose_change
    from tests.recognition.ranked import reviewed_batch

    batch, applications = reviewed_batch([91, 85], quota=1)
    ranking = compute_ranking(batch, actor=city_officer)
    propose_change(
        ranking, applications[1], actor=city_officer, include=True, reason="党组会前补充推荐"
    )
    return batch, applications


def site_audit_of(enterprise, *, lead, members):
    """An application of the enterprise under on-site audit, its team scheduled for tomorrow
    (the first of ``members`` leads), and the audit record already stored."""
    from greenfactory.reviews.models import SiteAudit, SiteAuditMember

    application = Application.objects.create(
        batch=BatchFactory(), enterprise=enterprise, state="site_audit"
    )
    audit = SiteAudit.objects.create(
        application=application,
        version=1,
        scheduled_for=timezone.now() + timedelta(days=1),
        location="企业一号会议室",
    )
    SiteAuditMember.objects.bulk_create(
        SiteAuditMember(audit=audit, user=user, is_lead=user == lead) for user in members
    )
    audit.record.save("record.pdf", ContentFile(PDF), save=True)
    return audit


@pytest.fixture
def api_objects(enterprise, city_officer, district_officer, assigned_expert):
    return make_api_objects(enterprise, city_officer, district_officer, assigned_expert)


def make_api_objects(enterprise, city_officer, district_officer, assigned_expert):
    """A submitted application (read, decided), a draft one (saved, submitted) in another
    batch, and a title with its certificate number."""
    submitted = Application.objects.create(
        batch=BatchFactory(),
        enterprise=enterprise,
        state="submitted",
        submitted_at=timezone.now(),
    )
    assignment = ExpertAssignment.objects.create(
        application=submitted, expert=assigned_expert, assigned_by=city_officer
    )
    draft = Application.objects.create(batch=BatchFactory(), enterprise=enterprise)
    title = Title.objects.create(
        enterprise=enterprise,
        level=TitleLevel.CITY,
        year=2025,
        source=TitleSource.IMPORTED,
        issued_on=date(2025, 12, 1),
        certificate_number=format_number("320400", 2025, "city", 1),
    )
    title.certificate.save("certificate.pdf", ContentFile(PDF), save=True)
    notice = notice_of(submitted, published_by=city_officer)
    objection = objection_to(notice)
    spot_check = drawn_check(enterprise, city_officer)
    system = submitted.batch.indicator_system
    draft_file = evidence_of(draft)
    ranked, ranked_applications = ranked_batch(city_officer)
    audit = site_audit_of(
        enterprise,
        lead=city_officer,
        members=[city_officer, district_officer, assigned_expert],
    )
    submitted_file = evidence_of(submitted)
    candidacy = ProvincialCandidate.objects.create(
        title=title, year=2026, level=TitleLevel.PROVINCIAL, selected_by=city_officer
    )
    return {
        "submitted": submitted,
        "draft": draft,
        "title": title,
        "kwargs": {
            "system": {"slug": system.slug},
            "enterprise": {"code": enterprise.code},
            "submitted": {"code": submitted.code},
            "draft": {"code": draft.code},
            "draft_row": {"code": draft.code, "indicator": gate_of(draft).code},
            "draft_file": {"code": draft.code, "file_code": draft_file.code},
            "submitted_file": {"code": submitted.code, "file_code": submitted_file.code},
            "audit": {"code": audit.code},
            "audit_row": {"code": audit.code, "indicator": gate_of(audit.application).code},
            "ranked": {"code": ranked.code},
            "ranked_first": {"code": ranked.code, "application": ranked_applications[0].code},
            "ranked_change": {"code": ranked.code, "application": ranked_applications[1].code},
            "draft_year": {"code": draft.code, "year": draft.batch.year - 1},
            "certificate": {"number": title.certificate_number},
            "title": {"code": title.code},
            "notice": {"code": notice.code},
            "objection": {"code": objection.code},
            "spot_check": {"code": spot_check.code},
            "candidacy": {"code": candidacy.code},
            "batch": {"code": submitted.batch.code},
            "assignment": {"code": assignment.code},
            "assignment_row": {"code": assignment.code, "indicator": gate_of(submitted).code},
        },
    }


@pytest.fixture
def bearer():
    """Authorization headers with a fresh token of the user (none for ``None``)."""

    def headers(user):
        if user is None:
            return {}
        _token, key = issue_token(actor=user, name="test", days=30)
        return {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    return headers
