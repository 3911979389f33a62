"""The public notice's steps through the API, as the notice page takes them: publish the
decided list, close it after its period; and the enterprise's acknowledgement of the audit
record."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from greenfactory.core.models import AuditEvent
from greenfactory.recognition.domain.ranking import compute_ranking
from greenfactory.recognition.models import PublicNotice
from greenfactory.reviews.models import SiteAudit
from tests.recognition.ranked import reviewed_batch
from tests.recognition.test_ranking import decide

from .conftest import officer_of_another_city, site_audit_of

pytestmark = pytest.mark.django_db


def post(client, name, code, body, headers):
    url = reverse(name, kwargs={"code": code})
    return client.post(url, body, content_type="application/json", **headers)


@pytest.fixture
def decided(city_officer):
    batch, applications = reviewed_batch([91, 85], quota=1)
    compute_ranking(batch, actor=city_officer)
    decide(batch, city_officer, meeting_on=timezone.localdate())
    return batch, applications


def test_publishing_the_decided_list(client, bearer, city_officer, decided):
    batch, applications = decided
    headers = bearer(city_officer)
    today = timezone.localdate()
    past = post(
        client,
        "api:notice_publish",
        batch.code,
        {"starts_on": (today - datetime.timedelta(days=1)).isoformat()},
        headers,
    )
    assert past.status_code == 400 and list(past.json()["detail"]) == ["starts_on"]
    unknown = post(
        client, "api:notice_publish", batch.code, {"starts_on": today.isoformat(), "x": 1}, headers
    )
    assert unknown.status_code == 400 and unknown.json()["detail"] == {"fields": ["x"]}
    assert not PublicNotice.objects.exists()
    published = post(
        client, "api:notice_publish", batch.code, {"starts_on": today.isoformat()}, headers
    )
    assert published.status_code == 201, published.content
    body = published.json()
    assert batch.title in body["title"]  # the page's suggested title
    assert body["starts_on"] == today.isoformat() and body["state"] == "open"
    assert [e["enterprise_name"] for e in body["entries"]] == [applications[0].enterprise.name]
    assert AuditEvent.objects.filter(action="recognition.notice.published").count() == 1
    again = post(
        client,
        "api:notice_publish",
        batch.code,
        {"starts_on": today.isoformat(), "title": "第二次"},
        headers,
    )
    assert again.status_code == 409
    assert PublicNotice.objects.get().title == body["title"]


def test_closing_after_the_period(client, bearer, city_officer, decided, time_machine):
    batch, _applications = decided
    headers = bearer(city_officer)
    today = timezone.localdate()
    post(
        client,
        "api:notice_publish",
        batch.code,
        {"starts_on": today.isoformat(), "title": "公示", "body": "名单", "how_to_object": "书面"},
        headers,
    )
    notice = PublicNotice.objects.get()
    assert (notice.title, notice.body, notice.how_to_object) == ("公示", "名单", "书面")
    early = post(client, "api:notice_close", batch.code, None, headers)
    assert early.status_code == 409 and early.json()["code"] == "refused"
    time_machine.move_to(
        datetime.datetime.combine(notice.ends_on + datetime.timedelta(days=1), datetime.time(9)),
        tick=False,
    )
    closed = post(client, "api:notice_close", batch.code, None, bearer(city_officer))
    assert closed.status_code == 200, closed.content
    assert closed.json()["state"] == "closed"
    assert (
        post(client, "api:notice_close", batch.code, None, bearer(city_officer)).status_code == 409
    )


def test_other_regions_and_roles(client, bearer, district_officer, decided):
    batch, _applications = decided
    body = {"starts_on": timezone.localdate().isoformat()}
    for name in ("api:notice_publish", "api:notice_close"):
        assert (
            post(client, name, batch.code, body, bearer(officer_of_another_city())).status_code
            == 404
        )
        assert post(client, name, batch.code, body, bearer(district_officer)).status_code == 403
    assert not PublicNotice.objects.exists()


def test_the_enterprise_acknowledges_the_record(
    client, bearer, enterprise, enterprise_user, city_officer, district_officer
):
    audit = site_audit_of(enterprise, lead=city_officer, members=[city_officer, district_officer])
    url = reverse("api:audit_acknowledge", kwargs={"code": audit.code})
    early = client.post(url, **bearer(enterprise_user))
    assert early.status_code == 409
    SiteAudit.objects.filter(pk=audit.pk).update(status="completed", completed_at=timezone.now())
    assert client.post(url, **bearer(city_officer)).status_code == 403
    done = client.post(url, **bearer(enterprise_user))
    assert done.status_code == 200, done.content
    assert done.json()["acknowledged_at"] is not None
    assert AuditEvent.objects.filter(action="reviews.site_audit.acknowledged").count() == 1
    assert client.post(url, **bearer(enterprise_user)).status_code == 409
