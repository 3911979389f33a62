"""The public notice (公示): publishing the decided list with its period, what the public sees,
and closing it."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from greenfactory.accounts.enums import Role
from greenfactory.applications.models import Application
from greenfactory.core.models import AuditEvent
from greenfactory.notifications.models import Notification, OutboundEmail
from greenfactory.recognition.domain.notice import NoticeRefused, close_notice, publish_notice
from greenfactory.recognition.domain.notice_queries import (
    current_notices,
    is_open_for_objections,
    notices_for_public,
    past_notices,
)
from greenfactory.recognition.models import (
    DecisionEntry,
    NoticeEntry,
    Objection,
    PartyGroupDecision,
    PublicNotice,
    Ranking,
)
from greenfactory.reviews.models import ExpertResult
from tests.factories import BatchFactory, EnterpriseFactory, EnterpriseUserFactory, region

pytestmark = pytest.mark.django_db

MONDAY = "2026-06-01 09:00:00+08:00"  # an ordinary week: no holiday until 19 June


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def monday(time_machine):
    time_machine.move_to(MONDAY, tick=False)
    return time_machine


def decided_batch(enterprises=None, *, scores=None, left_out=1, **settings):
    """A batch with a party-group decision, its rows written directly (test setup): the given
    enterprises (or two new ones) decided in order, and ``left_out`` more proposed but not
    decided."""
    enterprises = (
        list(enterprises) if enterprises is not None else [EnterpriseFactory() for _ in "ab"]
    )
    scores = scores or [D("88.50") - i for i in range(len(enterprises))]
    batch = BatchFactory(state="ranked", **settings)
    ranking = Ranking.objects.create(
        batch=batch,
        number=1,
        threshold=batch.pass_threshold,
        quota=batch.quota,
        tie_break=batch.tie_break,
        candidates=len(enterprises) + left_out,
        eligible_count=len(enterprises) + left_out,
    )
    decision = PartyGroupDecision.objects.create(
        batch=batch,
        ranking=ranking,
        meeting_on=date(2026, 5, 20),
        minutes_reference="纪要〔2026〕5号",
    )
    rows = [(e, True) for e in enterprises] + [
        (EnterpriseFactory(), False) for _ in range(left_out)
    ]
    for position, ((enterprise, included), score) in enumerate(
        zip(rows, scores + [D("71")] * left_out, strict=True), start=1
    ):
        application = Application.objects.create(
            batch=batch, enterprise=enterprise, state="reviewed"
        )
        ExpertResult.objects.create(
            application=application, score=score, rule="mean", expert_count=5
        )
        DecisionEntry.objects.create(
            decision=decision,
            application=application,
            proposed=True,
            included=included,
            reason="" if included else "党组会议决定暂缓",
            position=position,
        )
    return batch


TEXT = {
    "title": "2026年拟认定绿色工厂名单公示",
    "body": "现予以公示。",
    "how_to_object": "请实名提出。",
}


def publish(batch, actor, starts_on=date(2026, 6, 1), **text):
    return publish_notice(batch, actor=actor, starts_on=starts_on, **{**TEXT, **text})


# ---- publishing ------------------------------------------------------------------------------


def test_publishing_snapshots_the_decided_list_in_order(monday, city_officer):
    first = EnterpriseFactory(name="常州甲有限公司", district=region("320412"))
    second = EnterpriseFactory(name="常州乙有限公司", district=region("320411"))
    batch = decided_batch([first, second], scores=[D("90.25"), D("84.00")], publish_scores=True)
    notice = publish(batch, city_officer)
    rows = list(notice.entries.order_by("position"))
    assert [(e.position, e.enterprise_name, e.district_name, e.score) for e in rows] == [
        (1, "常州甲有限公司", "武进区", D("90.25")),
        (2, "常州乙有限公司", "新北区", D("84.00")),
    ]
    assert rows[0].industry_name == first.industry.name
    assert (notice.starts_on, notice.ends_on, notice.days, notice.day_kind) == (
        date(2026, 6, 1),
        date(2026, 6, 7),
        7,
        "calendar",
    )
    assert notice.publish_scores and notice.state == "open"
    # The snapshot stays as published when the enterprise is renamed later.
    first.name = "常州甲新名有限公司"
    first.save()
    assert NoticeEntry.objects.get(pk=rows[0].pk).enterprise_name == "常州甲有限公司"
    event = AuditEvent.objects.get(action="recognition.notice.published")
    assert event.actor_id == city_officer.pk
    assert event.changes["ends_on"] == "2026-06-07"
    assert len(event.changes["entries"]) == 2


def test_scores_are_left_out_when_the_batch_does_not_publish_them(monday, city_officer):
    notice = publish(decided_batch(publish_scores=False), city_officer)
    assert not notice.publish_scores
    assert list(notice.entries.values_list("score", flat=True)) == [None, None]


NO_ORDER = "in no order of rank (排名不分先后)"
BUREAU = "常州市工业和信息化局节能与综合利用处 0519-86001201"
DISCIPLINE = "驻市工信局纪检监察组 0519-86001202"


def test_by_default_the_list_is_by_district_and_name_without_scores(monday, city_officer):
    """Jiangsu's notices (decisions §50): 排名不分先后, no scores; the ranking's order would
    publish the order of the scores."""
    top = EnterpriseFactory(name="常州丙有限公司", district=region("320412"))
    second = EnterpriseFactory(name="常州乙有限公司", district=region("320411"))
    third = EnterpriseFactory(name="常州甲有限公司", district=region("320411"))
    batch = decided_batch([top, second, third])
    assert batch.publish_scores is False
    notice = publish(batch, city_officer)
    rows = notice.entries.order_by("position").values_list("position", "enterprise_name", "score")
    assert list(rows) == [
        (1, "常州乙有限公司", None),
        (2, "常州甲有限公司", None),
        (3, "常州丙有限公司", None),
    ]
    assert not notice.publish_scores
    assert (notice.bureau_contact, notice.discipline_contact) == (BUREAU, DISCIPLINE)
    event = AuditEvent.objects.get(action="recognition.notice.published")
    assert (event.changes["bureau_contact"], event.changes["discipline_contact"]) == (
        BUREAU,
        DISCIPLINE,
    )


def test_with_the_batch_setting_on_the_list_keeps_the_rank_and_its_scores(monday, city_officer):
    low = EnterpriseFactory(name="常州甲有限公司", district=region("320411"))
    high = EnterpriseFactory(name="常州乙有限公司", district=region("320412"))
    batch = decided_batch([high, low], scores=[D("91"), D("80")], publish_scores=True)
    notice = publish(batch, city_officer)
    rows = notice.entries.order_by("position").values_list("enterprise_name", "score")
    assert list(rows) == [("常州乙有限公司", D("91")), ("常州甲有限公司", D("80"))]


def test_the_public_page_says_no_order_and_gives_both_contacts(client, monday, city_officer):
    notice = publish(decided_batch(), city_officer)
    html = client.get(reverse("recognition:notice", args=[notice.code])).content.decode()
    assert NO_ORDER in html
    assert "88.50" not in html and "Score" not in html
    assert "Contact for objections" in html and BUREAU in html
    assert "Discipline-inspection contact (纪检监察)" in html and DISCIPLINE in html


def test_the_public_page_with_scores_does_not_say_no_order(client, monday, city_officer):
    notice = publish(decided_batch(publish_scores=True), city_officer)
    html = client.get(reverse("recognition:notice", args=[notice.code])).content.decode()
    assert NO_ORDER not in html and "88.50" in html
    assert BUREAU in html and DISCIPLINE in html


@pytest.mark.parametrize(
    ("blank", "message"),
    [
        ("notice_bureau_contact", "Give the bureau's contact for objections"),
        ("notice_discipline_contact", "Give the discipline-inspection (纪检监察) contact"),
    ],
)
def test_a_notice_without_either_contact_is_refused(monday, city_officer, blank, message):
    batch = decided_batch(**{blank: " "})
    with pytest.raises(NoticeRefused, match=message.replace("(", r"\(").replace(")", r"\)")):
        publish(batch, city_officer)
    assert not PublicNotice.objects.exists()


def test_the_publish_page_shows_the_missing_contact_at_the_form(client, monday, city_officer):
    batch = decided_batch(notice_discipline_contact="")
    client.force_login(city_officer)
    url = reverse("recognition:notice_manage", args=[batch.code])
    page = client.get(url)
    assert "Give the discipline-inspection (纪检监察) contact" in page.text
    assert BUREAU in page.text
    answer = client.post(url, {**TEXT, "starts_on": "2026-06-01"})
    assert answer.status_code == 400
    assert "Give the discipline-inspection (纪检监察) contact" in answer.text
    assert "请实名提出。" in answer.text
    assert not PublicNotice.objects.exists()


def test_working_days_skip_the_dragon_boat_festival(monday, city_officer):
    batch = decided_batch(notice_days=5, notice_day_kind="working")
    # 2026: Dragon Boat Festival Friday 19 June, off; the week of 15 June has four working days.
    notice = publish(batch, city_officer, starts_on=date(2026, 6, 15))
    assert notice.ends_on == date(2026, 6, 22)


def test_the_listed_enterprises_are_told_and_their_e_mails_are_held(
    monday, city_officer, enterprise, enterprise_user, other_enterprise_user
):
    enterprise_user.email = "ent@example.cn"
    enterprise_user.save()
    colleague = EnterpriseUserFactory(enterprise=enterprise, email="c@example.cn", is_active=False)
    notice = publish(decided_batch([enterprise, EnterpriseFactory()]), city_officer)
    note = Notification.objects.get(recipient=enterprise_user)
    assert note.url == reverse("recognition:notice", args=[notice.code])
    assert not Notification.objects.filter(recipient__in=[colleague, other_enterprise_user])
    email = OutboundEmail.objects.get()
    assert (email.to, email.status, email.group) == (
        "ent@example.cn",
        "held",
        f"notice-{notice.code}",
    )


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("no_decision", "Record the party group's decision"),
        ("twice", "already been published"),
        ("past", "cannot start in the past"),
        ("empty", "decided list is empty"),
        ("blank", "Write the title"),
    ],
)
def test_publishing_is_refused_with_a_reason(monday, city_officer, setup, message):
    batch = BatchFactory(state="ranked") if setup == "no_decision" else decided_batch()
    starts_on = date(2026, 6, 1)
    text = {}
    if setup == "twice":
        publish(batch, city_officer)
    elif setup == "past":
        starts_on = date(2026, 5, 31)
    elif setup == "empty":
        DecisionEntry.objects.filter(decision__batch=batch).update(included=False, reason="暂缓")
    elif setup == "blank":
        text = {"how_to_object": "  "}
    with pytest.raises(NoticeRefused, match=message):
        publish(batch, city_officer, starts_on=starts_on, **text)
    assert PublicNotice.objects.count() == (1 if setup == "twice" else 0)


def test_a_working_day_notice_in_an_unknown_year_is_refused(monday, city_officer):
    batch = decided_batch(notice_day_kind="working")
    with pytest.raises(NoticeRefused, match="holiday calendar for 2099 is not yet known"):
        publish(batch, city_officer, starts_on=date(2099, 6, 1))
    assert not PublicNotice.objects.exists()


@pytest.mark.parametrize("persona", ["district_officer", "enterprise_user", "system_admin"])
def test_only_the_city_bureau_publishes(monday, request, persona):
    with pytest.raises(PermissionDenied):
        publish(decided_batch(), request.getfixturevalue(persona))


def test_a_city_officer_of_another_city_may_not_publish(monday):
    from greenfactory.accounts.models import Region
    from tests.factories import UserFactory

    suzhou = Region.objects.create(
        code="320500", name="苏州市", level="city", parent=region("320000")
    )
    outsider = UserFactory(role=Role.CITY_OFFICER, region=suzhou)
    with pytest.raises(PermissionDenied):
        publish(decided_batch(), outsider)


# ---- what the public sees --------------------------------------------------------------------


def test_a_notice_is_public_from_its_first_day(time_machine, city_officer):
    time_machine.move_to(MONDAY, tick=False)
    later = publish(decided_batch(), city_officer, starts_on=date(2026, 6, 3))
    now = publish(decided_batch(), city_officer)
    assert list(notices_for_public()) == [now]
    assert list(current_notices()) == [now]
    time_machine.move_to("2026-06-03 00:00:01+08:00")
    assert list(notices_for_public()) == [later, now]
    time_machine.move_to("2026-06-08 00:00:01+08:00")
    assert list(current_notices()) == [later]
    assert list(past_notices()) == [now]
    assert not is_open_for_objections(now)


def test_the_public_page_shows_the_list_and_struck_entries(client, monday, city_officer):
    notice = publish(decided_batch(publish_scores=True), city_officer)
    gone = notice.entries.get(position=2)
    gone.removed, gone.removed_reason = True, "近三年发生环境污染事故"
    gone.save()
    page = client.get(reverse("recognition:notice", args=[notice.code]))
    assert page.status_code == 200
    html = page.content.decode()
    assert f"<del>{gone.enterprise_name}</del>" in html
    assert "Removed from the list: 近三年发生环境污染事故" in html
    assert "88.50" in html
    assert "请实名提出。" in html
    assert reverse("recognition:objection_new", args=[notice.code]) in html


def test_the_public_page_hides_scores_when_not_published(client, monday, city_officer):
    notice = publish(decided_batch(publish_scores=False), city_officer)
    html = client.get(reverse("recognition:notice", args=[notice.code])).content.decode()
    assert "88.50" not in html and "Score" not in html


def test_a_notice_not_yet_started_is_not_found(client, monday, city_officer):
    notice = publish(decided_batch(), city_officer, starts_on=date(2026, 6, 2))
    assert client.get(reverse("recognition:notice", args=[notice.code])).status_code == 404
    listing = client.get(reverse("recognition:notice_list"))
    assert notice.title not in listing.content.decode()


def test_the_list_shows_current_and_past_notices(client, time_machine, city_officer):
    time_machine.move_to("2026-05-01 09:00:00+08:00", tick=False)
    old = publish(decided_batch(), city_officer, starts_on=date(2026, 5, 1), title="旧公示")
    time_machine.move_to(MONDAY, tick=False)
    new = publish(decided_batch(), city_officer, title="新公示")
    page = client.get(reverse("recognition:notice_list"))
    assert page.context["current"] == [new]
    assert list(page.context["page"]) == [old]


@pytest.mark.queries
def test_the_public_notice_page_costs_the_same_for_1_and_many(client, monday, city_officer):
    one = publish(decided_batch([EnterpriseFactory()]), city_officer)
    many = publish(decided_batch([EnterpriseFactory() for _ in range(6)]), city_officer)
    counts = []
    for notice in (one, many):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("recognition:notice", args=[notice.code]))
        assert page.status_code == 200
        counts.append(len(queries))
    assert len(page.context["entries"]) == 6
    assert counts[0] == counts[1]


@pytest.mark.queries
def test_the_notice_list_costs_the_same_for_1_and_many(client, monday, city_officer):
    url = reverse("recognition:notice_list")
    publish(decided_batch(), city_officer)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(3):
        publish(decided_batch(), city_officer)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert len(page.context["current"]) == 4
    assert len(many) == len(one)


# ---- the officer's page ----------------------------------------------------------------------


def test_the_officer_publishes_from_the_batch_page(client, monday, city_officer):
    listed = EnterpriseFactory()
    EnterpriseUserFactory(enterprise=listed, email="boss@example.cn")
    batch = decided_batch([listed])
    client.force_login(city_officer)
    url = reverse("recognition:notice_manage", args=[batch.code])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["starts_on"] == date(2026, 6, 1)
    assert batch.title in form.initial["title"]
    assert page.context["ends_on"] == date(2026, 6, 7)
    assert "The notice ends on 2026-06-07 (7 days)." in page.content.decode()
    preview = client.get(url, {"starts_on": "2026-06-10"}, HTTP_HX_REQUEST="true")
    assert "2026-06-16" in preview.content.decode()
    answer = client.post(url, {**TEXT, "starts_on": "2026-06-02"})
    assert answer.status_code == 302
    notice = PublicNotice.objects.get(batch=batch)
    assert notice.ends_on == date(2026, 6, 8)
    page = client.get(url)
    html = page.content.decode()
    assert f"1 e-mail is held in the outbox group “notice-{notice.code}”." in html
    assert reverse("notifications:outbox") in html
    assert page.context["counts"]["total"] == 0
    again = client.post(url, {**TEXT, "starts_on": "2026-06-02"}, follow=True)
    assert "already been published" in again.content.decode()
    assert PublicNotice.objects.count() == 1


def test_a_refused_publication_keeps_the_text(client, monday, city_officer):
    batch = decided_batch(notice_day_kind="working")
    client.force_login(city_officer)
    url = reverse("recognition:notice_manage", args=[batch.code])
    answer = client.post(url, {**TEXT, "title": "我的标题", "starts_on": "2099-06-01"})
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "holiday calendar for 2099 is not yet known" in html
    assert "我的标题" in html
    past = client.post(url, {**TEXT, "starts_on": "2026-05-01"})
    assert "cannot start in the past" in past.content.decode()
    assert not PublicNotice.objects.exists()


def test_without_a_decision_the_page_says_so(client, monday, city_officer):
    batch = BatchFactory(state="ranked")
    client.force_login(city_officer)
    page = client.get(reverse("recognition:notice_manage", args=[batch.code]))
    assert "Record the party group's decision" in page.content.decode()


# ---- closing ---------------------------------------------------------------------------------


def test_closing_before_the_end_of_the_period_is_refused(monday, city_officer):
    notice = publish(decided_batch(), city_officer)
    with pytest.raises(NoticeRefused, match="the period ends on"):
        close_notice(notice, actor=city_officer)
    monday.move_to("2026-06-07 23:59:00+08:00")
    with pytest.raises(NoticeRefused, match="the period ends on"):
        close_notice(notice, actor=city_officer)
    notice.refresh_from_db()
    assert notice.state == "open"


def test_closing_with_open_objections_is_refused_with_their_number(monday, city_officer):
    notice = publish(decided_batch(), city_officer)
    entry = notice.entries.first()
    for state in ("open", "investigating", "dismissed"):
        Objection.objects.create(
            notice=notice, entry=entry, name="李四", contact="139", reason="x", state=state
        )
    monday.move_to("2026-06-08 09:00:00+08:00")
    with pytest.raises(NoticeRefused, match="2 objections are still open"):
        close_notice(notice, actor=city_officer)
    Objection.objects.filter(state="investigating").update(state="upheld")
    with pytest.raises(NoticeRefused, match="1 objection is still open"):
        close_notice(notice, actor=city_officer)
    Objection.objects.filter(state="open").update(state="dismissed")
    closed = close_notice(notice, actor=city_officer)
    assert (closed.state, closed.closed_by) == ("closed", city_officer)
    assert AuditEvent.objects.filter(action="recognition.notice.closed").count() == 1
    with pytest.raises(NoticeRefused, match="already closed"):
        close_notice(notice, actor=city_officer)


def test_closing_needs_the_permission(monday, city_officer, district_officer):
    notice = publish(decided_batch(), city_officer)
    monday.move_to("2026-06-08 09:00:00+08:00")
    with pytest.raises(PermissionDenied):
        close_notice(notice, actor=district_officer)


def test_the_close_button_reports_the_refusal(client, monday, city_officer):
    notice = publish(decided_batch(), city_officer)
    client.force_login(city_officer)
    answer = client.post(reverse("recognition:notice_close", args=[notice.batch.code]), follow=True)
    assert "the period ends on" in answer.content.decode()
    monday.move_to("2026-06-08 09:00:00+08:00")
    client.force_login(city_officer)  # a new day, a new session
    answer = client.post(reverse("recognition:notice_close", args=[notice.batch.code]), follow=True)
    assert "The notice is closed." in answer.content.decode()
    notice.refresh_from_db()
    assert notice.state == "closed"


def test_a_closed_notice_is_told_as_closed_even_to_who_may_not_close_it(
    monday, city_officer, district_officer
):
    """The engine's order: the table (open → closed) before the permission."""
    notice = publish(decided_batch(), city_officer)
    monday.move_to("2026-06-08 09:00:00+08:00")
    close_notice(notice, actor=city_officer)
    with pytest.raises(NoticeRefused, match="already closed"):
        close_notice(notice, actor=district_officer)
