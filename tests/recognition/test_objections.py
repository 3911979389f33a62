"""Objections (异议): anyone objects through the public form; the city bureau investigates and
upholds (the factory leaves the list) or dismisses, with reasons."""

import io
import time
import zipfile
from datetime import date

import pytest
from django.core import signing
from django.core.cache import caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from greenfactory.core.models import AuditEvent
from greenfactory.notifications.models import Notification
from greenfactory.recognition.domain.objections import (
    OBJECTION_MOVES,
    ObjectionRefused,
    decide_objection,
    investigate_objection,
    submit_objection,
)
from greenfactory.recognition.enums import ObjectionOutcome, ObjectionState
from greenfactory.recognition.forms.notice import STAMP_SALT
from greenfactory.recognition.models import Objection
from tests.recognition.test_notice import MONDAY, decided_batch, publish

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16 + b"IEND\xaeB`\x82"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


DOCX = _docx()
SCRIPT = '<script>alert("x")</script>'


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    caches["ratelimit"].clear()
    yield
    caches["ratelimit"].clear()


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(MONDAY, tick=False)
    return time_machine


@pytest.fixture
def notice(clock, city_officer):
    return publish(decided_batch(), city_officer)


def pdf(name="证据.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def receive(notice, **overrides):
    values = {
        "entry": notice.entries.get(position=1),
        "name": "李四",
        "contact": "13900000000",
        "reason": "该企业去年发生过环境污染事故。",
        "attachments": [],
        "client_ip": "203.0.113.9",
    }
    values.update(overrides)
    return submit_objection(notice, **values)


def stamp(notice, seconds_ago=10):
    """The form's signed render time, as if the page had been opened ``seconds_ago``."""
    return signing.dumps({"n": notice.code, "t": time.time() - seconds_ago}, salt=STAMP_SALT)


def form_data(notice, **overrides):
    data = {
        "entry": "1",
        "name": "王五",
        "contact": "wang@example.cn",
        "reason": "企业申报的能耗数据与统计报表不一致。",
        "website": "",
        "token": stamp(notice),
    }
    data.update(overrides)
    return data


# ---- the lifecycle ---------------------------------------------------------------------------


def test_an_objection_is_received_without_an_account(notice, city_officer, district_officer):
    objection = receive(notice, attachments=[pdf()])
    assert (objection.state, objection.client_ip) == ("open", "203.0.113.9")
    attachment = objection.attachments.get()
    assert (attachment.original_name, attachment.content_type) == ("证据.pdf", "application/pdf")
    assert "证据" not in attachment.file.name  # stored under a random name
    with attachment.file.open("rb") as stored:
        assert stored.read() == PDF
    event = AuditEvent.objects.get(action="recognition.objection.submitted")
    assert (event.actor_id, event.ip) == (None, "203.0.113.9")
    assert event.changes["files"][0]["name"] == "证据.pdf"
    note = Notification.objects.get(recipient=city_officer)
    assert note.url == reverse("recognition:objection_detail", args=[objection.code])
    assert not Notification.objects.filter(recipient=district_officer).exists()


def test_upholding_removes_the_factory_with_the_reason(notice, city_officer):
    objection = receive(notice)
    investigating = investigate_objection(objection, actor=city_officer, note="调阅环保处罚记录")
    assert (investigating.state, investigating.investigation) == (
        "investigating",
        "调阅环保处罚记录",
    )
    upheld = decide_objection(
        objection,
        actor=city_officer,
        outcome=ObjectionOutcome.UPHOLD,
        investigation="环保部门确认2025年有行政处罚。",
        outcome_reason="近三年发生环境污染事故，不符合认定条件。",
    )
    assert (upheld.state, upheld.handled_by) == ("upheld", city_officer)
    entry = objection.entry
    entry.refresh_from_db()
    assert entry.removed
    assert entry.removed_reason == "近三年发生环境污染事故，不符合认定条件。"
    assert entry.removed_at == upheld.handled_at
    actions = list(
        AuditEvent.objects.filter(action__startswith="recognition.objection.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "recognition.objection.submitted",
        "recognition.objection.investigating",
        "recognition.objection.upheld",
    ]


def test_dismissing_keeps_the_factory(notice, city_officer):
    objection = receive(notice)
    investigate_objection(objection, actor=city_officer)
    dismissed = decide_objection(
        objection,
        actor=city_officer,
        outcome=ObjectionOutcome.DISMISS,
        investigation="核查统计报表，数据一致。",
        outcome_reason="异议不成立。",
    )
    assert dismissed.state == "dismissed"
    objection.entry.refresh_from_db()
    assert not objection.entry.removed
    assert AuditEvent.objects.filter(action="recognition.objection.dismissed").count() == 1


def test_a_second_upheld_objection_keeps_the_first_reason(notice, city_officer):
    first, second = receive(notice), receive(notice)
    for objection, reason in ((first, "第一个理由"), (second, "第二个理由")):
        investigate_objection(objection, actor=city_officer)
        decide_objection(
            objection,
            actor=city_officer,
            outcome=ObjectionOutcome.UPHOLD,
            investigation="查实",
            outcome_reason=reason,
        )
    first.entry.refresh_from_db()
    assert first.entry.removed_reason == "第一个理由"


@pytest.mark.parametrize("current", ObjectionState.values)
@pytest.mark.parametrize("to", ["investigating", "upheld", "dismissed"])
def test_only_the_table_s_moves_pass(notice, city_officer, current, to):
    """Nothing moves an objection back to "received": no function takes it there."""
    objection = receive(notice)
    Objection.objects.filter(pk=objection.pk).update(state=current)
    if to == "investigating":
        step = lambda: investigate_objection(objection, actor=city_officer)  # noqa: E731
    else:
        step = lambda: decide_objection(  # noqa: E731
            objection,
            actor=city_officer,
            outcome=ObjectionOutcome.UPHOLD if to == "upheld" else ObjectionOutcome.DISMISS,
            investigation="查",
            outcome_reason="因",
        )
    if (current, to) in OBJECTION_MOVES:
        assert step().state == to
    else:
        with pytest.raises(ObjectionRefused):
            step()
        objection.refresh_from_db()
        assert objection.state == current


@pytest.mark.parametrize(
    ("state", "step", "message"),
    [
        ("upheld", "decide", "already been decided"),
        ("dismissed", "investigate", "already been decided"),
        ("investigating", "investigate", "already under investigation"),
        ("open", "decide", "Start the investigation before deciding"),
    ],
)
def test_steps_out_of_order_are_refused_with_a_reason(notice, city_officer, state, step, message):
    objection = receive(notice)
    Objection.objects.filter(pk=objection.pk).update(state=state)
    with pytest.raises(ObjectionRefused, match=message):
        if step == "decide":
            decide_objection(
                objection,
                actor=city_officer,
                outcome=ObjectionOutcome.UPHOLD,
                investigation="查",
                outcome_reason="因",
            )
        else:
            investigate_objection(objection, actor=city_officer)


def test_a_decision_needs_findings_and_a_reason(notice, city_officer):
    objection = receive(notice)
    investigate_objection(objection, actor=city_officer)
    with pytest.raises(ObjectionRefused, match="reason for the decision"):
        decide_objection(
            objection,
            actor=city_officer,
            outcome=ObjectionOutcome.UPHOLD,
            investigation="查",
            outcome_reason=" ",
        )
    with pytest.raises(ObjectionRefused, match="what the investigation found"):
        decide_objection(
            objection,
            actor=city_officer,
            outcome=ObjectionOutcome.DISMISS,
            investigation="",
            outcome_reason="因",
        )
    objection.refresh_from_db()
    assert objection.state == "investigating"


@pytest.mark.parametrize("persona", ["district_officer", "enterprise_user", "assigned_expert"])
def test_only_the_city_bureau_handles_objections(notice, request, persona):
    objection = receive(notice)
    with pytest.raises(PermissionDenied):
        investigate_objection(objection, actor=request.getfixturevalue(persona))


# ---- refusals on receipt ---------------------------------------------------------------------


def test_an_objection_to_a_closed_notice_is_refused(notice, clock, city_officer):
    clock.move_to("2026-06-08 09:00:00+08:00")
    with pytest.raises(ObjectionRefused, match="not open for objections"):
        receive(notice)
    from greenfactory.recognition.domain.notice import close_notice

    close_notice(notice, actor=city_officer)
    with pytest.raises(ObjectionRefused, match="not open for objections"):
        receive(notice)
    assert not Objection.objects.exists()


def test_the_last_day_of_the_period_still_counts(notice, clock):
    clock.move_to("2026-06-07 23:59:00+08:00")
    assert receive(notice).state == "open"


def test_the_factory_must_be_on_this_notice_and_still_listed(notice, city_officer):
    other = publish(decided_batch(), city_officer)
    with pytest.raises(ObjectionRefused, match="Choose a factory on this notice"):
        receive(notice, entry=other.entries.first())
    entry = notice.entries.get(position=2)
    entry.removed, entry.removed_reason = True, "已撤销"
    entry.save()
    with pytest.raises(ObjectionRefused, match="already been removed"):
        receive(notice, entry=entry)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("表格.docx", DOCX, "not accepted"),
        ("page.html", b"<html><script>alert(1)</script></html>", "not accepted"),
        ("图片.pdf", PNG, "really PNG"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_attachments_of_a_forbidden_type_are_refused(notice, name, content, message):
    with pytest.raises(ValidationError) as refused:
        receive(notice, attachments=[SimpleUploadedFile(name, content)])
    assert name in refused.value.messages[0]
    assert message in refused.value.messages[0]
    assert not Objection.objects.exists()


def test_at_most_three_attachments(notice):
    with pytest.raises(ValidationError, match="At most 3 files"):
        receive(notice, attachments=[pdf(f"{n}.pdf") for n in range(4)])


def test_a_too_large_attachment_is_refused(notice, monkeypatch):
    monkeypatch.setattr("greenfactory.recognition.domain.objections.MAX_ATTACHMENT_BYTES", 20)
    with pytest.raises(ValidationError, match="at most 20"):
        receive(notice, attachments=[pdf()])


# ---- the public form -------------------------------------------------------------------------


def test_the_form_receives_and_shows_the_receipt(client, notice, clock, city_officer):
    url = reverse("recognition:objection_new", args=[notice.code])
    page = client.get(url)
    token = page.context["form"]["token"].value()
    clock.shift(5)
    answer = client.post(
        url,
        {
            **form_data(notice, token=token),
            "attachments": [pdf(), SimpleUploadedFile("p.png", PNG)],
        },
    )
    objection = Objection.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse(
        "recognition:objection_done", args=[notice.code, objection.code]
    )
    assert objection.attachments.count() == 2
    assert objection.client_ip == "127.0.0.1"
    receipt = client.get(answer["Location"])
    assert objection.code in receipt.content.decode()


def test_script_in_an_objection_is_shown_as_text(client, notice, city_officer):
    objection = receive(notice, reason=f"理由 {SCRIPT}", name=SCRIPT)
    receipt = client.get(reverse("recognition:objection_done", args=[notice.code, objection.code]))
    client.force_login(city_officer)
    officer_page = client.get(reverse("recognition:objection_detail", args=[objection.code]))
    for page in (receipt, officer_page):
        html = page.content.decode()
        assert "<script>" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_the_honeypot_refuses_and_keeps_the_text(client, notice):
    url = reverse("recognition:objection_new", args=[notice.code])
    answer = client.post(url, form_data(notice, website="http://spam.example"))
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "filled in by a program" in html
    assert "企业申报的能耗数据与统计报表不一致。" in html
    assert answer.context["form"]["website"].value() == ""
    assert not Objection.objects.exists()


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("fast", "sent too quickly"),
        ("old", "open for more than two hours"),
        ("forged", "could not be checked"),
        ("other", "could not be checked"),
    ],
)
def test_the_render_stamp_refuses_and_keeps_the_text(client, notice, city_officer, token, message):
    value = {
        "fast": stamp(notice, seconds_ago=1),
        "old": stamp(notice, seconds_ago=2 * 60 * 60 + 5),
        "forged": stamp(notice) + "x",
        "other": stamp(publish(decided_batch(), city_officer)),
    }[token]
    answer = client.post(
        reverse("recognition:objection_new", args=[notice.code]), form_data(notice, token=value)
    )
    assert answer.status_code == 400
    html = answer.content.decode()
    assert message in html
    assert "企业申报的能耗数据与统计报表不一致。" in html
    assert answer.context["form"]["token"].value() != value  # a fresh stamp to send again
    assert not Objection.objects.exists()


def test_a_form_left_open_too_long_is_refused(client, notice, clock):
    url = reverse("recognition:objection_new", args=[notice.code])
    token = client.get(url).context["form"]["token"].value()
    clock.shift(2 * 60 * 60 + 1)
    answer = client.post(url, form_data(notice, token=token))
    assert "open for more than two hours" in answer.content.decode()


def test_a_flood_from_one_address_is_rate_limited(client, notice):
    url = reverse("recognition:objection_new", args=[notice.code])
    for n in range(5):
        answer = client.post(url, form_data(notice, reason=f"第{n}条"))
        assert answer.status_code == 302
    answer = client.post(url, form_data(notice, reason="第六条异议"))
    assert answer.status_code == 429
    html = answer.content.decode()
    assert "Too many objections have been sent from your address" in html
    assert "第六条异议" in html
    assert Objection.objects.count() == 5
    other = client.post(url, form_data(notice), REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302


def test_a_forbidden_file_through_the_form_keeps_the_text(client, notice):
    answer = client.post(
        reverse("recognition:objection_new", args=[notice.code]),
        {**form_data(notice), "attachments": [SimpleUploadedFile("a.docx", DOCX)]},
    )
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "a.docx" in html and "not accepted" in html
    assert "choose them again" in html
    assert "企业申报的能耗数据与统计报表不一致。" in html


def test_the_form_of_a_closed_notice_says_so(client, notice, clock):
    clock.move_to("2026-06-08 09:00:00+08:00")
    url = reverse("recognition:objection_new", args=[notice.code])
    page = client.get(url)
    assert page.context["form"] is None
    assert "not open for objections" in page.content.decode()
    answer = client.post(url, form_data(notice))
    assert answer.status_code == 400
    assert "not open for objections" in answer.content.decode()
    assert "企业申报的能耗数据与统计报表不一致。" in answer.content.decode()


# ---- the officer's pages ---------------------------------------------------------------------


def test_the_officer_investigates_and_upholds_from_the_page(client, notice, city_officer):
    objection = receive(notice, attachments=[pdf()])
    client.force_login(city_officer)
    url = reverse("recognition:objection_detail", args=[objection.code])
    page = client.get(url)
    assert "调阅" not in page.content.decode()
    assert client.post(url, {"action": "investigate", "note": "调阅处罚记录"}).status_code == 302
    missing = client.post(
        url, {"action": "decide", "outcome": ObjectionOutcome.UPHOLD, "investigation": "查实"}
    )
    assert missing.status_code == 400
    assert "查实" in missing.content.decode()
    answer = client.post(
        url,
        {
            "action": "decide",
            "outcome": ObjectionOutcome.UPHOLD,
            "investigation": "查实",
            "outcome_reason": "不符合条件",
        },
        follow=True,
    )
    assert "The objection is upheld" in answer.content.decode()
    objection.refresh_from_db()
    assert objection.state == "upheld"
    again = client.post(url, {"action": "investigate", "note": ""})
    assert again.status_code == 400
    assert "already been decided" in again.content.decode()
    attachment = objection.attachments.get()
    download = client.get(
        reverse("recognition:objection_attachment", args=[objection.code, attachment.code])
    )
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.queries
def test_the_officer_s_notice_page_costs_the_same_for_1_and_many_objections(
    client, notice, city_officer
):
    client.force_login(city_officer)
    url = reverse("recognition:notice_manage", args=[notice.batch.code])
    receive(notice)
    with CaptureQueriesContext(connection) as one:
        page = client.get(url)
    assert len(page.context["objections"]) == 1
    for position in (1, 2, 2, 1):
        receive(notice, entry=notice.entries.get(position=position))
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert len(page.context["objections"]) == 5
    assert page.context["counts"]["open"] == 5
    assert [e.objection_count for e in page.context["entries"]] == [3, 2]
    assert len(many) == len(one)


def test_the_submitter_is_stored_and_the_date_is_the_notice_s(notice):
    objection = receive(notice)
    assert objection.notice.starts_on == date(2026, 6, 1)
