"""Announcements (通知公告): written, then published, on the city's list and the public page;
the home page shows them with the open notices and the public site's links."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from greenfactory.core.models import AuditEvent
from greenfactory.outreach.domain.announcements import (
    AnnouncementRefused,
    create_announcement,
    publish_announcement,
)
from greenfactory.outreach.models import Announcement
from greenfactory.recognition.enums import NoticeState
from tests.factories import EnterpriseFactory
from tests.recognition.designation_helpers import notice_for, ranked_batch

pytestmark = pytest.mark.django_db


def test_announcements_are_written_then_published(client, city_officer):
    client.force_login(city_officer)
    url = reverse("outreach:announcements")
    bad = client.post(url, {"title": "", "body": "正文"})
    assert bad.status_code == 400 and "title" in bad.context["form"].errors
    response = client.post(
        url, {"title": "关于开展2026年度绿色工厂申报的通知", "body": "各辖市区：……"}
    )
    assert response.status_code == 302
    item = Announcement.objects.get()
    assert item.published_at is None and item.region == city_officer.region
    public = reverse("outreach:announcement", args=[item.code])
    client.logout()
    assert client.get(public).status_code == 404
    client.force_login(city_officer)
    publish = reverse("outreach:announcement_publish", args=[item.code])
    assert client.post(publish).status_code == 302
    item.refresh_from_db()
    assert item.published_at is not None
    with pytest.raises(AnnouncementRefused):
        publish_announcement(item, actor=city_officer)
    client.logout()
    page = client.get(public)
    assert page.status_code == 200 and "各辖市区：……" in page.content.decode()
    assert list(
        AuditEvent.objects.filter(action__startswith="recognition.announcement")
        .order_by("seq")
        .values_list("action", flat=True)
    ) == ["recognition.announcement.created", "recognition.announcement.published"]


@pytest.mark.queries
def test_the_announcement_list_costs_the_same_for_1_and_many(client, city_officer):
    create_announcement(actor=city_officer, title="一", body="正文")
    client.force_login(city_officer)
    url = reverse("outreach:announcements")
    with CaptureQueriesContext(connection) as one:
        response = client.get(url)
    assert len(response.context["page"].object_list) == 1
    batch = ranked_batch()
    for n in range(3):
        item = create_announcement(actor=city_officer, title=f"通知{n}", body="正文", batch=batch)
        publish_announcement(item, actor=city_officer)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["page"].object_list) == 4
    assert len(many) == len(one)


def test_the_home_page_shows_announcements_open_notices_and_the_public_links(
    client, city_officer, time_machine
):
    time_machine.move_to("2026-11-10 10:00 +08:00")
    draft = create_announcement(actor=city_officer, title="未发布的草稿", body="……")
    older = publish_announcement(
        create_announcement(actor=city_officer, title="较早的通知", body="……"), actor=city_officer
    )
    time_machine.move_to("2026-11-11 10:00 +08:00")
    newer = publish_announcement(
        create_announcement(actor=city_officer, title="最新的通知", body="……"), actor=city_officer
    )
    open_batch, closed_batch, future_batch = ranked_batch(), ranked_batch(), ranked_batch()
    running = notice_for(open_batch, [EnterpriseFactory()], state=NoticeState.OPEN)
    notice_for(closed_batch, [EnterpriseFactory()], state=NoticeState.CLOSED)
    notice_for(
        future_batch, [EnterpriseFactory()], state=NoticeState.OPEN, starts_on=date(2026, 11, 20)
    )
    response = client.get(reverse("dashboards:home"))
    assert response.status_code == 200
    assert response.context["announcements"] == [newer, older]
    assert draft not in response.context["announcements"]
    assert response.context["notices"] == [running]
    content = response.content.decode()
    for name in ("titles:factories", "titles:verify"):
        assert reverse(name) in content
    assert reverse("titles:open_data", args=["csv"]) in content
    assert reverse("outreach:announcement", args=[newer.code]) in content
    assert running.title in content
    assert timezone.now()  # the clock stayed where the test put it


@pytest.mark.queries
def test_the_public_reads_every_published_announcement_in_one_list(
    client, city_officer, django_assert_max_num_queries
):
    draft = create_announcement(actor=city_officer, title="草拟中的通知", body="正文")
    for n in range(3):
        item = create_announcement(actor=city_officer, title=f"公开通知{n}", body="正文")
        publish_announcement(item, actor=city_officer)
    url = reverse("outreach:announcement_list")
    with django_assert_max_num_queries(3):
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert [item.title for item in response.context["page"]] == [
        "公开通知2",
        "公开通知1",
        "公开通知0",
    ]
    assert draft.title not in html
    # The public header and the home page lead to it.
    assert f'href="{url}"' in client.get(reverse("dashboards:home")).content.decode()
