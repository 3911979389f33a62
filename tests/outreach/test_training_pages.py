"""The training pages: registering and cancelling from the public page, the city's pages with
attendance, the attendance workbook, and constant query counts on the lists."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from greenfactory.core.domain.exports import build_export
from greenfactory.core.models import ExportJob
from greenfactory.outreach.models import Registration, TrainingEvent
from tests.sheets import assert_print_ready, table, totals

from .training_helpers import make_event, seat

pytestmark = pytest.mark.django_db
LOCAL = "%Y-%m-%dT%H:%M"


def test_an_enterprise_registers_and_cancels_from_the_page(client, enterprise_user):
    event = make_event(capacity=3)
    client.force_login(enterprise_user)
    url = reverse("outreach:training_detail", args=[event.code])
    register = reverse("outreach:training_register", args=[event.code])
    bad = client.post(register, {"attendee_name": "李四", "attendee_phone": "12"})
    assert bad.status_code == 400
    assert not Registration.objects.exists()
    response = client.post(register, {"attendee_name": "李四", "attendee_phone": "13900000000"})
    assert response.status_code == 302
    page = client.get(url)
    assert page.context["mine"].attendee_name == "李四"
    assert page.context["seats_left"] == 2
    again = client.post(register, {"attendee_name": "王五", "attendee_phone": "13900000001"})
    assert again.status_code == 400
    assert Registration.objects.count() == 1
    client.post(reverse("outreach:training_cancel", args=[event.code]))
    assert client.get(url).context["seats_left"] == 3
    assert Registration.objects.get().cancelled_at is not None


def test_the_city_creates_publishes_and_takes_attendance(client, city_officer):
    client.force_login(city_officer)
    starts = timezone.localtime() + timedelta(days=3)
    response = client.post(
        reverse("outreach:city_training"),
        {
            "title": "能源管理体系培训",
            "description": "",
            "starts_at": starts.strftime(LOCAL),
            "ends_at": (starts + timedelta(hours=3)).strftime(LOCAL),
            "place": "市工信局会议室",
            "capacity": "20",
            "registration_closes_at": (starts - timedelta(days=1)).strftime(LOCAL),
        },
    )
    event = TrainingEvent.objects.get()
    assert response["Location"] == reverse("outreach:city_training_event", args=[event.code])
    client.post(reverse("outreach:city_training_publish", args=[event.code]))
    event.refresh_from_db()
    assert event.published_at is not None
    came, missed = seat(event), seat(event)
    url = reverse("outreach:city_training_event", args=[event.code])
    early = client.post(url, {"present": [came.code]})
    assert early.status_code == 400
    with time_machine.travel(event.starts_at + timedelta(hours=1)):
        client.force_login(city_officer)  # the idle session has expired by then
        done = client.post(url, {"present": [came.code]})
    assert done["Location"] == url
    assert dict(Registration.objects.values_list("code", "attended")) == {
        came.code: True,
        missed.code: False,
    }


def test_a_bad_event_form_keeps_what_was_typed(client, city_officer):
    client.force_login(city_officer)
    response = client.post(
        reverse("outreach:city_training"),
        {
            "title": "能源管理体系培训",
            "starts_at": "2030-05-10T09:00",
            "ends_at": "2030-05-10T12:00",
            "place": "市工信局会议室",
            "capacity": "20",
            "registration_closes_at": "2030-05-11T17:00",
        },
    )
    assert response.status_code == 400
    assert response.context["form"]["title"].value() == "能源管理体系培训"
    assert not TrainingEvent.objects.exists()


def test_the_attendance_workbook(client, city_officer):
    event = make_event()
    present = seat(event)
    present.attended = True
    present.save()
    cancelled = seat(event)
    cancelled.cancelled_at = event.published_at
    cancelled.save()
    client.force_login(city_officer)
    client.post(reverse("outreach:city_training_export", args=[event.code]))
    job = build_export(ExportJob.objects.get(kind="training_attendance"))
    with job.file.open("rb") as stored:
        sheet = load_workbook(io.BytesIO(stored.read())).active
    assert job.filename.startswith("培训签到表-")
    assert sheet.title == "签到表"
    assert_print_ready(sheet, title=f"{event.title}签到表", issuer="常州市工业和信息化局")
    assert f"地点 {event.place}" in sheet["A2"].value
    rows = table(sheet)
    assert rows[0][0] == "序号"
    assert rows[0][-1] == "签名"
    assert [(r[1], r[7], r[8], r[9]) for r in rows[1:]] == [
        (present.enterprise.name, "有效", "出席", None),
        (cancelled.enterprise.name, "已取消", None, None),
    ]
    assert sheet.column_dimensions["J"].width >= 18  # room to sign by hand
    assert sheet.row_dimensions[4].height >= 30
    assert totals(sheet) is None
    assert job.row_count == 2


@pytest.mark.queries
@pytest.mark.parametrize("url_name", ["outreach:training_list", "outreach:city_training"])
def test_the_lists_cost_the_same_for_1_and_many(client, city_officer, url_name):
    client.force_login(city_officer)
    seat(make_event())
    url = reverse(url_name)
    with CaptureQueriesContext(connection) as one:
        page = client.get(url)
    assert len(page.context["page"]) == 1
    for _ in range(3):
        event = make_event()
        seat(event)
        seat(event)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert [e.taken for e in page.context["page"]] == [2, 2, 2, 1]
    assert len(many) == len(one)
