"""Objections through the API: the objection form's fields, checks and rate limit for anyone;
the objection page's steps for the city officers of the batch's region."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from greenfactory.applications.models import Application
from greenfactory.core.models import AuditEvent
from greenfactory.notifications.models import Notification
from greenfactory.recognition.enums import ObjectionOutcome
from greenfactory.recognition.models import NoticeEntry, Objection, PublicNotice
from tests.factories import BatchFactory, EnterpriseFactory

from .conftest import PDF, notice_of, objection_to, officer_of_another_city
from .test_queries import one_and_many

pytestmark = pytest.mark.django_db

BODY = {"entry": 1, "name": "王五", "contact": "wang@example.cn", "reason": "能耗数据与统计不一致"}


@pytest.fixture
def notice(api_objects):
    return PublicNotice.objects.get(code=api_objects["kwargs"]["notice"]["code"])


def send(client, notice, body=BODY, **extra):
    url = reverse("api:notice_objections", kwargs={"code": notice.code})
    if "multipart" in extra:
        extra.pop("multipart")
        return client.post(url, body, **extra)
    return client.post(url, body, content_type="application/json", **extra)


def test_anyone_sends_an_objection_and_the_city_is_told(client, notice, city_officer):
    response = send(client, notice, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 201, response.content
    body = response.json()
    objection = Objection.objects.get(code=body["code"])
    assert (body["position"], body["state"]) == (1, "open")
    assert (objection.name, objection.client_ip) == ("王五", "203.0.113.9")
    event = AuditEvent.objects.filter(action="recognition.objection.submitted").last()
    assert event.actor is None and event.changes["notice"] == notice.code
    assert Notification.objects.filter(recipient=city_officer, subject__contains="异议").exists()


def test_attachments_are_checked_as_on_the_form(client, notice):
    good = send(
        client,
        notice,
        {**BODY, "attachments": [SimpleUploadedFile("证据.pdf", PDF)]},
        multipart=True,
    )
    assert good.status_code == 201, good.content
    assert Objection.objects.get(code=good.json()["code"]).attachments.count() == 1
    before = Objection.objects.count()
    bad = send(
        client,
        notice,
        {**BODY, "attachments": [SimpleUploadedFile("证据.pdf", b"MZ\x90\x00 program")]},
        multipart=True,
    )
    assert bad.status_code == 400
    assert list(bad.json()["detail"]) == ["attachments"]
    assert bad.json()["detail"]["attachments"][0].startswith("证据.pdf：")
    many = send(
        client,
        notice,
        {**BODY, "attachments": [SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(4)]},
        multipart=True,
    )
    assert many.status_code == 400 and list(many.json()["detail"]) == ["attachments"]
    assert Objection.objects.count() == before


@pytest.mark.parametrize(
    ("body", "code", "fields"),
    [
        ({**BODY, "website": "http://spam.example"}, "unknown_field", None),
        ({**BODY, "entry": 9}, "invalid", ["entry"]),
        ({**BODY, "entry": "first"}, "invalid", ["entry"]),
        ({**BODY, "reason": ""}, "invalid", ["reason"]),
        ({**BODY, "attachments": []}, "unknown_field", None),
        ({key: value for key, value in BODY.items() if key != "name"}, "invalid", ["name"]),
    ],
)
def test_bad_input_is_refused_with_the_documented_code(client, notice, body, code, fields):
    before = Objection.objects.count()
    response = send(client, notice, body)
    assert response.status_code == 400, response.content
    assert response.json()["code"] == code
    if fields:
        assert list(response.json()["detail"]) == fields
    assert Objection.objects.count() == before


def another_application(enterprise):
    return Application.objects.create(batch=BatchFactory(), enterprise=enterprise, state="reviewed")


def test_a_notice_whose_period_is_over_takes_none(client, enterprise, city_officer):
    closed = notice_of(another_application(enterprise), published_by=city_officer, starts_in=-20)
    response = send(client, closed)
    assert response.status_code == 409 and response.json()["code"] == "refused"
    assert not closed.objections.exists()
    upcoming = notice_of(another_application(enterprise), published_by=city_officer, starts_in=3)
    assert send(client, upcoming).status_code == 404


def test_five_an_hour_from_one_address_with_the_form_counted(client, notice):
    web = reverse("recognition:objection_new", args=[notice.code])
    assert client.post(web, {}).status_code == 400  # counted, though the form was empty
    for n in range(4):
        assert send(client, notice, {**BODY, "reason": f"第{n}条"}).status_code == 201
    limited = send(client, notice, {**BODY, "reason": "第六条"})
    assert limited.status_code == 429 and limited.json()["code"] == "rate_limited"
    elsewhere = send(client, notice, REMOTE_ADDR="198.51.100.7")
    assert elsewhere.status_code == 201


def test_the_city_investigates_then_upholds(client, api_objects, notice, city_officer, bearer):
    objection = Objection.objects.get(code=api_objects["kwargs"]["objection"]["code"])
    headers = bearer(city_officer)

    def step(name, body):
        url = reverse(name, kwargs={"code": objection.code})
        return client.post(url, body, content_type="application/json", **headers)

    decision = {
        "outcome": ObjectionOutcome.UPHOLD,
        "investigation": "经核实属实",
        "outcome_reason": "排放超标",
    }
    early = step("api:objection_decision", decision)
    assert early.status_code == 409
    with translation.override("zh-hans"):
        assert early.json()["detail"]["problems"] == [
            translation.gettext("Start the investigation before deciding the objection.")
        ]
    assert step("api:objection_investigate", {"note": "调取监测记录"}).status_code == 200
    empty = step("api:objection_decision", {**decision, "investigation": ""})
    assert empty.status_code == 400 and list(empty.json()["detail"]) == ["investigation"]
    wrong = step("api:objection_decision", {**decision, "outcome": "maybe"})
    assert wrong.status_code == 400 and list(wrong.json()["detail"]) == ["outcome"]
    upheld = step("api:objection_decision", decision)
    assert upheld.status_code == 200, upheld.content
    assert upheld.json()["state"] == "upheld"
    entry = NoticeEntry.objects.get(pk=objection.entry_id)
    assert (entry.removed, entry.removed_reason) == (True, "排放超标")
    assert step("api:objection_decision", decision).status_code == 409


def test_only_the_city_of_the_region_sees_the_objections(
    client, api_objects, notice, district_officer, bearer
):
    code = api_objects["kwargs"]["objection"]["code"]
    listing = reverse("api:notice_objections", kwargs={"code": notice.code})
    outsider = bearer(officer_of_another_city())
    assert client.get(listing, **outsider).status_code == 404
    assert client.get(listing, **bearer(district_officer)).status_code == 403
    for name in ("api:objection_investigate", "api:objection_decision"):
        url = reverse(name, kwargs={"code": code})
        for headers in (outsider, bearer(district_officer)):
            answer = client.post(url, {}, content_type="application/json", **headers)
            assert answer.status_code == 404
    assert Objection.objects.get(code=code).state == "open"


@pytest.mark.queries
def test_the_list_costs_the_same_for_one_objection_and_many(
    client, notice, city_officer, django_assert_num_queries
):
    notice.objections.all().delete()
    client.force_login(city_officer)
    url = reverse("api:notice_objections", kwargs={"code": notice.code})

    def add(n):
        entry = NoticeEntry.objects.create(
            notice=notice,
            application=another_application(EnterpriseFactory()),
            position=n + 2,
            enterprise_name=f"常州企业{n}",
            district_name="武进区",
            industry_name="化学原料和化学制品制造业",
        )
        objection = objection_to(notice)
        Objection.objects.filter(pk=objection.pk).update(entry=entry)
        objection.attachments.create(
            original_name="a.pdf", content_type="application/pdf", size=1, sha256="0" * 64
        )

    client.get(url)  # the session's first request writes its start
    one_and_many(client, url, add, django_assert_num_queries)
