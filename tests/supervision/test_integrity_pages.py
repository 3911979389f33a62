"""Integrity signals on the pages (decisions §66): the panel where decisions are taken, the
disposition form, the city's list per batch (who reaches it, and its query count)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from greenfactory.supervision.enums import SignalKind, SignalState
from greenfactory.supervision.models import IntegritySignal, TextPassage
from tests.factories import (
    ApplicationFactory,
    BatchFactory,
    EnterpriseFactory,
    ExpertReviewApplicationFactory,
    SiteAuditApplicationFactory,
    region,
)

pytestmark = pytest.mark.django_db

MINE = "本公司每月对主要用能设备开展能效监测，对空压机系统实施变频改造，年节电约一百二十万千瓦时。"
THEIRS = (
    "我公司每月对主要用能设备开展能效监测，对空压机系统实施变频改造，年节电约一百一十万千瓦时。"
)


def bare_application(batch, district="320412", **kwargs):
    """A submitted application row without its filled content: enough for the signal pages."""
    enterprise = EnterpriseFactory(district=region(district))
    return ApplicationFactory(
        batch=batch,
        enterprise=enterprise,
        state=kwargs.get("state", "submitted"),
        submitted_at=timezone.now(),
    )


def copied_pair(mine, theirs):
    """The two sides of a copied-text match, as ``find_application_signals`` leaves them."""
    for application, text in ((mine, MINE), (theirs, THEIRS)):
        TextPassage.objects.get_or_create(
            application=application, source="answer:1.1", defaults={"text": text, "signature": b""}
        )
    made = []
    for own, other in ((mine, theirs), (theirs, mine)):
        made.append(
            IntegritySignal.objects.create(
                kind=SignalKind.COPIED_TEXT,
                batch=own.batch,
                application=own,
                district=own.enterprise.district,
                key=other.code,
                other_application=other,
                evidence={
                    "other_application": other.code,
                    "shared_agency": False,
                    "passages": [{"own": "answer:1.1", "other": "answer:1.1", "similarity": 0.8}],
                },
            )
        )
    return made


@pytest.fixture
def batch():
    return BatchFactory()


@pytest.fixture
def pair(batch, enterprise):
    mine = ApplicationFactory(batch=batch, enterprise=enterprise)
    mine.state, mine.submitted_at = "submitted", timezone.now()
    mine.save()
    theirs = bare_application(batch, district="320411")
    signal, _mirror = copied_pair(mine, theirs)
    return mine, theirs, signal


def test_the_district_sees_its_passage_and_not_the_other_enterprise(client, pair, district_officer):
    mine, theirs, _signal = pair
    client.force_login(district_officer)
    client.cookies["gf_language"] = "en"
    body = client.get(reverse("reviews:district_review", args=[mine.code])).content.decode()
    assert "Integrity signals" in body
    assert MINE in body
    assert THEIRS not in body
    assert theirs.enterprise.name not in body
    assert "an application outside your district" in body
    assert reverse("supervision:signal_dispose", args=[_signal.code]) in body


def test_the_city_list_shows_both_sides(client, pair, batch, city_officer):
    mine, theirs, _signal = pair
    client.force_login(city_officer)
    body = client.get(reverse("supervision:batch_signals", args=[batch.code])).content.decode()
    assert MINE in body and THEIRS in body
    assert mine.enterprise.name in body and theirs.enterprise.name in body


def test_the_audit_page_and_the_experts_sheet_show_the_signals(batch, city_officer):
    audited = SiteAuditApplicationFactory(batch=batch)
    reviewed = ExpertReviewApplicationFactory(batch=batch)
    copied_pair(audited, bare_application(batch, district="320411"))
    other = bare_application(batch, district="320411")
    copied_pair(reviewed, other)
    client = Client()
    client.force_login(city_officer)
    audit = audited.site_audits.get()
    body = client.get(reverse("reviews:audit_detail", args=[audit.code])).content.decode()
    assert MINE in body and THEIRS in body
    assignment = reviewed.expert_assignments.first()
    expert_client = Client()
    expert_client.force_login(assignment.expert)
    expert_client.cookies["gf_language"] = "en"
    body = expert_client.get(
        reverse("reviews:expert_score", args=[assignment.code])
    ).content.decode()
    assert MINE in body
    assert THEIRS not in body and other.enterprise.name not in body
    assert "an application outside your scope" in body
    assert "Record disposition" not in body


def test_a_disposition_from_the_page(client, pair, district_officer):
    mine, _theirs, signal = pair
    client.force_login(district_officer)
    page = reverse("reviews:district_review", args=[mine.code])
    url = reverse("supervision:signal_dispose", args=[signal.code])
    response = client.post(url, {"state": "explained", "note": "", "next": page})
    assert response.status_code == 302 and response["Location"] == page
    signal.refresh_from_db()
    assert signal.state == SignalState.OPEN
    response = client.post(
        url,
        {"state": "explained", "note": "企业提供了原始监测记录", "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"
    signal.refresh_from_db()
    assert (signal.state, signal.note) == (SignalState.EXPLAINED, "企业提供了原始监测记录")
    body = client.get(page).content.decode()
    assert "企业提供了原始监测记录" in body


def _list_queries(client, batch):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("supervision:batch_signals", args=[batch.code]))
    assert response.status_code == 200
    return len(queries)


def test_the_city_list_reads_the_same_number_of_queries_for_one_or_many(
    client, batch, city_officer
):
    client.force_login(city_officer)
    first = bare_application(batch)
    copied_pair(first, bare_application(batch, district="320411"))
    one = _list_queries(client, batch)
    for _ in range(5):
        copied_pair(bare_application(batch), bare_application(batch, district="320411"))
    many = _list_queries(client, batch)
    assert one == many


def test_the_thresholds_are_settings_of_the_batch(client, city_officer):
    from datetime import timedelta

    from greenfactory.core.models import AuditEvent

    opens = timezone.now().replace(second=0, microsecond=0) - timedelta(days=40)
    batch = BatchFactory(state="in_review", opens_at=opens, closes_at=opens + timedelta(days=30))
    client.force_login(city_officer)
    url = reverse("programme:batch_detail", args=[batch.code])
    data = {
        "title": batch.title,
        "closes_at": timezone.localtime(batch.closes_at).strftime("%Y-%m-%dT%H:%M"),
        "notice_days": 7,
        "notice_day_kind": "calendar",
        "tie_break": batch.tie_break,
        "tie_break_part": "",
        "notice_bureau_contact": "x 0519-1",
        "notice_discipline_contact": "y 0519-2",
        "integrity_mad_k": "5",
        "integrity_min_peers": "8",
        "integrity_jump_factor": "3",
        "integrity_text_similarity": "0.8",
    }
    assert client.post(url, data).status_code == 302
    batch.refresh_from_db()
    assert (batch.integrity_mad_k, batch.integrity_min_peers) == (5, 8)
    assert (batch.integrity_jump_factor, str(batch.integrity_text_similarity)) == (3, "0.80")
    event = AuditEvent.objects.filter(action="programme.batch.updated").get()
    assert "integrity_mad_k" in event.changes
    answer = client.post(url, {**data, "integrity_min_peers": "4"})
    assert answer.status_code == 200
    assert "integrity_min_peers" in answer.context["form"].errors
