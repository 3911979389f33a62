"""Designation (认定): only after the notice closed, only once, removed factories left out,
titles numbered in notice order, the batch published and the certificates built."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from greenfactory.core.models import AuditEvent
from greenfactory.notifications.models import Notification
from greenfactory.programme.enums import BatchState
from greenfactory.recognition.domain.designation import (
    DesignationRefused,
    designate_batch,
    regenerate_certificates,
)
from greenfactory.recognition.enums import NoticeState
from greenfactory.titles.certificates import format_number
from greenfactory.titles.domain.titles import certificate_status, valid_until
from greenfactory.titles.enums import TitleSource, TitleStatus
from greenfactory.titles.models import Title, TitleStatusChange, ValidityPolicy
from tests.factories import EnterpriseFactory, EnterpriseUserFactory

from .designation_helpers import notice_for, ranked_batch

pytestmark = pytest.mark.django_db


def said(message: str) -> str:
    """The message as the platform's default language shows it."""
    with translation.override("zh-hans"):
        return gettext(message)


@pytest.fixture
def batch():
    return ranked_batch()


@pytest.fixture
def three():
    return [EnterpriseFactory(name=f"常州认定测试{n}有限公司") for n in "甲乙丙"]


def test_a_title_stands_until_revoked_unless_its_level_sets_a_period():
    assert valid_until(date(2026, 12, 1)) is None
    ValidityPolicy.objects.filter(level="city").update(reevaluation_years=3)
    assert valid_until(date(2026, 12, 1)) == date(2029, 11, 30)
    assert valid_until(date(2026, 1, 1)) == date(2028, 12, 31)
    assert valid_until(date(2028, 2, 29)) == date(2031, 2, 28)
    assert valid_until(date(2026, 12, 1), "national") is None


def test_refused_without_a_notice_or_while_it_is_open(batch, three, city_officer):
    with pytest.raises(DesignationRefused) as caught:
        designate_batch(batch, actor=city_officer)
    assert str(caught.value) == said("The batch has no public notice yet.")
    notice_for(batch, three, state=NoticeState.OPEN)
    with pytest.raises(DesignationRefused) as caught:
        designate_batch(batch, actor=city_officer)
    assert str(caught.value) == said(
        "The public notice is still open; close it before designating."
    )
    assert not Title.objects.exists()
    batch.refresh_from_db()
    assert batch.state == BatchState.RANKED


def test_only_the_city_officer_of_the_region_designates(
    batch, three, district_officer, enterprise_user
):
    notice_for(batch, three)
    for actor in (district_officer, enterprise_user):
        with pytest.raises(PermissionDenied):
            designate_batch(batch, actor=actor)
    assert not Title.objects.exists()


def test_designation_creates_numbered_titles_in_notice_order(
    batch, three, city_officer, time_machine
):
    time_machine.move_to("2026-12-01 09:00 +08:00")
    first, removed, third = three
    users = [EnterpriseUserFactory(enterprise=e) for e in three]
    notice_for(batch, three, removed=[removed])

    titles = designate_batch(batch, actor=city_officer)

    assert [t.enterprise for t in titles] == [first, third]
    assert [t.certificate_number for t in titles] == [
        format_number("320400", 2026, "city", 1),
        format_number("320400", 2026, "city", 2),
    ]
    for title in titles:
        title.refresh_from_db()
        assert (title.level, title.year, title.source, title.status) == (
            "city",
            2026,
            TitleSource.DESIGNATED,
            TitleStatus.VALID,
        )
        assert (title.issued_on, title.valid_until) == (date(2026, 12, 1), None)
        assert title.batch == batch and title.created_by == city_officer
        assert title.application.enterprise == title.enterprise
        assert list(title.status_changes.values_list("from_status", "to_status")) == [("", "valid")]
    assert not Title.objects.filter(enterprise=removed).exists()
    batch.refresh_from_db()
    assert batch.state == BatchState.PUBLISHED
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    # each title's reward entry is written in the same transaction, right after it
    assert actions[-6:] == [
        "recognition.title.designated",
        "rewards.entry.created",
        "recognition.title.designated",
        "rewards.entry.created",
        "recognition.batch.designated",
        "programme.batch.published",
    ]
    told = {n.recipient.enterprise: n for n in Notification.objects.filter(recipient__in=users)}
    assert set(told) == {first, third}
    assert titles[0].certificate_number in told[first].body
    assert titles[1].certificate_number in told[third].body
    with translation.override("zh-hans"):
        stands = gettext(
            "%(batch)s. Certificate number %(number)s. The title stands under "
            "dynamic management (yearly filing, spot checks) until revoked. The "
            "certificate can be downloaded once it has been generated."
        ) % {"batch": batch.title, "number": titles[0].certificate_number}
    assert told[first].body == stands


def test_a_level_with_a_period_designates_titles_due_for_re_evaluation(
    batch, three, city_officer, time_machine
):
    time_machine.move_to("2026-12-01 09:00 +08:00")
    ValidityPolicy.objects.filter(level="city").update(reevaluation_years=3)
    EnterpriseUserFactory(enterprise=three[0])
    notice_for(batch, three)
    titles = designate_batch(batch, actor=city_officer)
    assert {t.valid_until for t in titles} == {date(2029, 11, 30)}
    event = AuditEvent.objects.filter(action="recognition.title.designated").last()
    assert event.changes["valid_until"] == "2029-11-30"
    [told] = Notification.objects.filter(recipient__enterprise=titles[0].enterprise)
    assert "2029-11-30" in told.body


def test_a_second_designation_is_refused(batch, three, city_officer):
    notice_for(batch, three)
    designate_batch(batch, actor=city_officer)
    with pytest.raises(DesignationRefused) as caught:
        designate_batch(batch, actor=city_officer)
    assert str(caught.value) == said("This batch has already been designated.")
    assert Title.objects.count() == 3
    assert TitleStatusChange.objects.count() == 3


def test_an_enterprise_already_holding_the_title_of_that_year_stops_designation(
    batch, three, city_officer
):
    Title.objects.create(
        enterprise=three[1],
        level="city",
        year=2026,
        source=TitleSource.IMPORTED,
        issued_on=date(2026, 3, 1),
        valid_until=date(2029, 2, 28),
    )
    notice_for(batch, three)
    with pytest.raises(DesignationRefused, match=three[1].name):
        designate_batch(batch, actor=city_officer)
    assert Title.objects.count() == 1


def test_one_task_builds_every_certificate(
    monkeypatch, batch, three, city_officer, django_capture_on_commit_callbacks
):
    from greenfactory.titles import tasks

    queued = []

    class Counting:
        def enqueue(self, batch_id):
            queued.append(batch_id)
            return real.enqueue(batch_id)

    real = tasks.build_certificates
    monkeypatch.setattr(tasks, "build_certificates", Counting())
    notice_for(batch, three[:2])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        designate_batch(batch, actor=city_officer)
    assert queued == [] and certificate_status(batch).ready == 0  # nothing before commit
    for callback in callbacks:
        callback()
    assert queued == [batch.pk]
    status = certificate_status(batch)
    assert (status.titles, status.ready, status.complete) == (2, 2, True)
    assert AuditEvent.objects.filter(action="recognition.certificate.generated").count() == 2


def test_regenerating_builds_only_what_is_missing(
    batch, three, city_officer, django_capture_on_commit_callbacks
):
    notice_for(batch, three[:2])
    with django_capture_on_commit_callbacks(execute=True):
        first, second = designate_batch(batch, actor=city_officer)
    first.refresh_from_db()
    kept = first.certificate_sha256
    Title.objects.filter(pk=second.pk).update(certificate="", certificate_sha256="")
    assert certificate_status(batch).missing == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert regenerate_certificates(batch, actor=city_officer) == 1
    assert certificate_status(batch).complete
    first.refresh_from_db()
    assert first.certificate_sha256 == kept


def test_regenerating_needs_a_designated_batch(batch, city_officer, district_officer):
    with pytest.raises(DesignationRefused):
        regenerate_certificates(batch, actor=city_officer)
    with pytest.raises(PermissionDenied):
        regenerate_certificates(batch, actor=district_officer)


def test_the_designation_page_lists_then_designates(
    client, batch, three, city_officer, django_capture_on_commit_callbacks
):
    notice_for(batch, three, removed=[three[2]])
    client.force_login(city_officer)
    url = reverse("recognition:designate", args=[batch.code])
    page = client.get(url)
    assert [e.enterprise_name for e in page.context["entries"]] == [three[0].name, three[1].name]
    assert page.context["problems"] == []
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    page = client.get(url)
    assert [t.enterprise for t in page.context["titles"]] == three[:2]
    assert page.context["status"].complete
    content = page.content.decode()
    assert reverse("titles:certificate", args=[page.context["titles"][0].code]) in content
    again = client.post(url, follow=True)
    assert Title.objects.count() == 2
    expected = said("This batch has already been designated.")
    assert [str(m) for m in again.context["messages"]] == [expected]


def test_the_designation_page_says_why_it_cannot_designate(client, batch, three, city_officer):
    notice_for(batch, three, state=NoticeState.OPEN)
    client.force_login(city_officer)
    page = client.get(reverse("recognition:designate", args=[batch.code]))
    assert len(page.context["problems"]) == 1
    assert b'<form method="post" class="actions">' not in page.content


@pytest.mark.django_db(transaction=True)
def test_two_officers_designating_at_once_designate_once():
    import threading

    from django.db import connection

    from tests.factories import UserFactory, region

    first, second = (UserFactory(role="city_officer", region=region("320400")) for _ in range(2))
    batch = ranked_batch()
    notice_for(batch, [EnterpriseFactory(), EnterpriseFactory()])
    barrier = threading.Barrier(2)
    outcomes = []

    def designate(officer):
        try:
            barrier.wait()
            designate_batch(batch, actor=officer)
            outcomes.append("done")
        except DesignationRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=designate, args=(o,)) for o in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["done", "refused"]
    assert Title.objects.filter(batch=batch).count() == 2
    assert certificate_status(batch).complete
