"""The demo-only command that ends a public notice's period, so the second half of the
programme can be shown in one sitting."""

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from greenfactory.core.models import AuditEvent
from greenfactory.recognition.domain.notice import NoticeRefused, close_notice
from tests.recognition.test_notice import decided_batch, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def wednesday(time_machine):
    time_machine.move_to("2026-06-03 09:00:00+08:00", tick=False)


def test_a_notice_published_today_can_be_closed_after_the_command(wednesday, city_officer):
    batch = decided_batch()
    notice = publish(batch, city_officer, starts_on=date(2026, 6, 3))
    with pytest.raises(NoticeRefused):
        close_notice(notice, actor=city_officer)
    call_command("demo_end_notice", batch.code)
    notice.refresh_from_db()
    assert (notice.starts_on, notice.ends_on) == (date(2026, 5, 27), date(2026, 6, 2))
    assert close_notice(notice, actor=city_officer).state == "closed"
    moved = AuditEvent.objects.get(action="demo.notice.period_moved")
    assert moved.changes["ends_on"] == ["2026-06-09", "2026-06-02"]


def test_nothing_to_end_is_said(wednesday):
    with pytest.raises(CommandError, match="No open public notice"):
        call_command("demo_end_notice")


def test_the_command_refuses_production_settings(settings):
    settings.DJANGO_ENV = "production"
    with pytest.raises(CommandError, match="only with DJANGO_ENV=demo"):
        call_command("demo_end_notice")
