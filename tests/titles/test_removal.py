"""A removal from the provincial or national list decided above the city, recorded by the city:
the title struck from the day of the decision, with the reason and the document (decisions §65)."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from greenfactory.core.models import AuditEvent
from greenfactory.titles.domain.title_status import TitleStatusRefused, record_removal
from greenfactory.titles.domain.validity import title_standing
from greenfactory.titles.enums import TitleLevel, TitleSource, TitleStatus
from greenfactory.titles.models import Title

pytestmark = pytest.mark.django_db
DOCUMENT = "苏工信节能〔2026〕12号"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(date(2026, 6, 1), tick=False):
        yield


def listed(enterprise, level=TitleLevel.PROVINCIAL, year=2022):
    return Title.objects.create(
        enterprise=enterprise,
        level=level,
        year=year,
        source=TitleSource.IMPORTED,
        issued_on=date(year, 12, 1),
    )


@pytest.mark.parametrize("level", [TitleLevel.PROVINCIAL, TitleLevel.NATIONAL])
def test_a_removal_decided_above_strikes_the_title(enterprise, city_officer, level):
    title = listed(enterprise, level)
    record_removal(
        title,
        actor=city_officer,
        removed_on=date(2026, 3, 31),
        reason="拒不按时填报动态管理表",
        document=DOCUMENT,
    )
    title.refresh_from_db()
    assert (title.status, title.revoked_on) == (TitleStatus.REVOKED, date(2026, 3, 31))
    assert title_standing(title, date(2026, 3, 30)).in_force
    assert not title_standing(title, date(2026, 3, 31)).in_force
    change = title.status_changes.get()
    assert change.reason == f"{DOCUMENT}：拒不按时填报动态管理表"
    event = AuditEvent.objects.get(action="recognition.title.status_changed")
    assert event.changes["removed_above"] == level
    assert event.changes["document"] == DOCUMENT
    assert event.changes["revoked_on"] == "2026-03-31"
    enterprise.refresh_from_db()
    assert enterprise.barred_until is not None


@pytest.mark.parametrize(
    ("level", "removed_on", "reason", "document", "message"),
    [
        (TitleLevel.CITY, date(2026, 3, 31), "r", DOCUMENT, "revoked by the city"),
        (TitleLevel.PROVINCIAL, date(2026, 6, 2), "r", DOCUMENT, "cannot be in the future"),
        (TitleLevel.PROVINCIAL, date(2022, 11, 30), "r", DOCUMENT, "cannot precede"),
        (TitleLevel.PROVINCIAL, date(2026, 3, 31), " ", DOCUMENT, "Give the reason"),
        (TitleLevel.PROVINCIAL, date(2026, 3, 31), "r", "", "Give the reason"),
    ],
)
def test_refused_removals(enterprise, city_officer, level, removed_on, reason, document, message):
    title = listed(enterprise, level)
    with pytest.raises(TitleStatusRefused) as refused, translation.override("en"):
        record_removal(
            title, actor=city_officer, removed_on=removed_on, reason=reason, document=document
        )
    assert message in str(refused.value)
    title.refresh_from_db()
    assert title.status == TitleStatus.VALID
    assert not AuditEvent.objects.filter(action="recognition.title.status_changed").exists()


def test_only_the_city_records_a_removal(enterprise, district_officer):
    title = listed(enterprise)
    with pytest.raises(PermissionDenied):
        record_removal(
            title, actor=district_officer, removed_on=date(2026, 3, 31), reason="r", document="d"
        )


def test_the_removal_on_the_title_page(client, enterprise, city_officer, district_officer):
    title = listed(enterprise)
    url = reverse("titles:title_removal", args=[title.code])
    client.force_login(district_officer)
    assert client.get(reverse("titles:title", args=[title.code])).context["removal_form"] is None
    assert client.post(url, {}).status_code == 403
    client.force_login(city_officer)
    page = client.get(reverse("titles:title", args=[title.code]))
    assert page.context["removal_form"] is not None
    response = client.post(
        url, {"removed_on": "2026-07-01", "document": DOCUMENT, "reason": "造假"}
    )
    assert response.status_code == 400  # in the future: said, and what was typed kept
    assert DOCUMENT in response.content.decode()
    response = client.post(
        url, {"removed_on": "2026-03-31", "document": DOCUMENT, "reason": "造假"}
    )
    assert response.status_code == 302
    title.refresh_from_db()
    assert title.status == TitleStatus.REVOKED
    page = client.get(reverse("titles:title", args=[title.code]))
    assert page.context["removal_form"] is None


def test_no_removal_form_on_a_city_title(client, enterprise, city_officer):
    title = listed(enterprise, TitleLevel.CITY)
    client.force_login(city_officer)
    assert client.get(reverse("titles:title", args=[title.code])).context["removal_form"] is None
    response = client.post(
        reverse("titles:title_removal", args=[title.code]),
        {"removed_on": "2026-03-31", "document": DOCUMENT, "reason": "造假"},
    )
    assert response.status_code == 403


def test_title_page_queries_with_reported_changes(
    client, enterprise, enterprise_user, city_officer, django_assert_num_queries
):
    from greenfactory.filings.domain.changes import report_major_change

    title = listed(enterprise)
    report_major_change(
        actor=enterprise_user, kind="name", effective_on=date(2026, 1, 1), description="更名"
    )
    client.force_login(city_officer)
    url = reverse("titles:title", args=[title.code])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for day in range(2, 6):
        report_major_change(
            actor=enterprise_user,
            kind="address",
            effective_on=date(2026, 1, day),
            description="搬迁",
        )
    with django_assert_num_queries(len(one)):
        page = client.get(url)
    assert len(page.context["events"]) == 5
