from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from greenfactory.applications.domain.submission import submit_application
from greenfactory.notifications.domain.notify import (
    notify,
    release_group,
    retry_failed,
)
from greenfactory.notifications.models import Notification, OutboundEmail
from greenfactory.reviews.domain.reminders import send_reminders
from tests.factories import (
    BatchFactory,
    DraftApplicationFactory,
    SubmittedApplicationFactory,
    shipped_system,
)

pytestmark = pytest.mark.django_db


def test_notify_fills_the_inbox_and_sends_after_commit(
    enterprise_user, district_officer, django_capture_on_commit_callbacks
):
    enterprise_user.email = "ent@example.com"
    enterprise_user.save()
    district_officer.is_active = False
    district_officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            [enterprise_user, district_officer, enterprise_user],
            subject="主题",
            body="内容",
            url="/applications/",
        )
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["ent"]
    assert [m.to for m in mail.outbox] == [["ent@example.com"]]
    assert OutboundEmail.objects.get().status == "sent"


def test_a_failing_mail_server_is_recorded_and_retried(
    enterprise_user, django_capture_on_commit_callbacks
):
    enterprise_user.email = "ent@example.com"
    enterprise_user.save()
    with (
        mock.patch(
            "greenfactory.notifications.domain.notify.send_mail",
            side_effect=OSError("connection refused"),
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        notify([enterprise_user], subject="s", body="b")
    email = OutboundEmail.objects.get()
    assert (email.status, email.attempts) == ("failed", 1)
    assert "connection refused" in email.last_error
    assert retry_failed() == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 2)


def test_held_e_mails_wait_for_an_officer(enterprise_user, django_capture_on_commit_callbacks):
    enterprise_user.email = "ent@example.com"
    enterprise_user.save()
    notify([enterprise_user], subject="s", body="b", hold=True, group="公示名单")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert release_group("公示名单") == 1
    assert len(mail.outbox) == 1


def test_submission_tells_the_district_and_survives_a_mail_failure(
    enterprise_user, district_officer, other_district_officer, django_capture_on_commit_callbacks
):
    district_officer.email = "wujin@example.com"
    district_officer.save()
    application = DraftApplicationFactory(
        batch=BatchFactory(indicator_system=shipped_system(2025)),
        enterprise=enterprise_user.enterprise,
        filled=True,
    )
    with (
        mock.patch(
            "greenfactory.notifications.domain.notify.send_mail", side_effect=OSError("down")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        submit_application(application, actor=enterprise_user)
    application.refresh_from_db()
    assert application.state == "submitted"
    notes = Notification.objects.values_list("recipient__username", flat=True)
    assert list(notes) == ["wujin"]  # not the enterprise user who acted, not another district
    assert OutboundEmail.objects.get().status == "failed"


def test_reminders_every_seven_days(enterprise_user, district_officer, time_machine):
    from greenfactory.reviews.domain.district import return_application, save_district_review
    from tests.reviews.test_district import CLEAN

    time_machine.move_to("2026-11-02 10:00:00+08:00", tick=False)
    application = SubmittedApplicationFactory(
        batch=BatchFactory(indicator_system=shipped_system(2025)),
        enterprise=enterprise_user.enterprise,
        submitted_by=enterprise_user,
    )
    save_district_review(application, actor=district_officer, data=CLEAN, comments={})
    return_application(application, actor=district_officer, reason="补充材料")
    Notification.objects.all().delete()
    day = timezone.localdate()
    assert send_reminders(today=day + timedelta(days=6)) == 0
    assert send_reminders(today=day + timedelta(days=7)) == 1
    assert send_reminders(today=day + timedelta(days=14)) == 1
    assert Notification.objects.filter(recipient=enterprise_user).count() == 2


def test_inbox_shows_only_my_messages_and_marks_them_read(
    client, enterprise_user, other_enterprise_user
):
    notify([enterprise_user], subject="给我的", url="/applications/")
    notify([other_enterprise_user], subject="给别人的")
    client.force_login(enterprise_user)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "给我的" in page and "给别人的" not in page
    note = Notification.objects.get(recipient=enterprise_user)
    response = client.get(reverse("notifications:open", args=[note.code]))
    assert response["Location"] == "/applications/"
    note.refresh_from_db()
    assert note.read_at is not None
    other = Notification.objects.get(recipient=other_enterprise_user)
    assert client.get(reverse("notifications:open", args=[other.code])).status_code == 404


def test_the_unread_count_is_kept_a_few_seconds_and_changes_at_once_here(
    client, enterprise_user, settings, django_assert_num_queries
):
    from django.core.cache import cache

    from greenfactory.notifications.domain.notify import unread_count

    settings.UNREAD_COUNT_SECONDS = 5
    cache.clear()
    notify([enterprise_user], subject="一")
    assert unread_count(enterprise_user) == 1
    with django_assert_num_queries(0):
        assert unread_count(enterprise_user) == 1
    notify([enterprise_user], subject="二")  # a new message is counted at once
    assert unread_count(enterprise_user) == 2
    client.force_login(enterprise_user)
    client.post(reverse("notifications:read_all"))  # and reading them too
    assert unread_count(enterprise_user) == 0
    Notification.objects.create(recipient=enterprise_user, subject="behind its back")
    assert unread_count(enterprise_user) == 0  # kept: another process's change waits
    cache.clear()
    assert unread_count(enterprise_user) == 1
