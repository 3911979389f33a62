"""我的待办: each officer's home lists what waits for it, each task leading to its page, at a
cost that does not grow with what waits."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from greenfactory.dashboards.tasks import city_tasks, district_tasks
from tests.factories import (
    BatchFactory,
    ClosedBatchFactory,
    DraftBatchFactory,
    LedgerEntryFactory,
    ObjectionFactory,
    PublicNoticeFactory,
    RecommendedApplicationFactory,
    ReviewedApplicationFactory,
    SubmittedFilingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def texts(tasks):
    return {task.text: (task.count, task.url) for task in tasks}


def test_nothing_waits_in_an_empty_city(city_officer):
    assert city_tasks(city_officer) == []


def test_each_city_task_appears_when_its_work_waits(city_officer):
    draft = DraftBatchFactory(title="2027年申报")
    ended = BatchFactory(title="2026年申报", closes_at=timezone.now() - timedelta(hours=1))
    RecommendedApplicationFactory(batch=ended)
    RecommendedApplicationFactory(batch=ended)
    reviewed_batch = ClosedBatchFactory(title="2025年申报", state="in_review")
    # Closed, its review not started: compute_ranking would refuse it, so it is not offered.
    ReviewedApplicationFactory(batch=ClosedBatchFactory(title="2024年申报"))
    ReviewedApplicationFactory(batch=reviewed_batch)
    notice = PublicNoticeFactory(starts_on=timezone.localdate() - timedelta(days=10))
    ObjectionFactory(notice=PublicNoticeFactory())
    LedgerEntryFactory()
    found = texts(city_tasks(city_officer))
    assert found["Open the batch “2027年申报” once its settings are checked"][1] == reverse(
        "programme:batch_detail", args=[draft.code]
    )
    assert any(text.startswith("Close the batch “2026年申报”") for text in found)
    assert found["Recommended applications to schedule an on-site audit for"][0] == 2
    assert found["Compute the ranking of “2025年申报”: every application is reviewed"][1] == (
        reverse("recognition:ranking", args=[reviewed_batch.code])
    )
    assert not any("2024年申报" in text for text in found)
    closing = [text for text in found if text.startswith("Close the public notice")]
    assert found[closing[0]][1] == reverse("recognition:notice_manage", args=[notice.batch.code])
    assert found["Objections to investigate and decide"][0] == 1
    assert found["Reward entries to approve"][0] == 1


def test_a_district_sees_only_its_filings_to_review(district_officer, other_district_officer):
    SubmittedFilingFactory(enterprise__district=district_officer.region)
    assert texts(district_tasks(district_officer))["Yearly filings to review"][0] == 1
    assert district_tasks(other_district_officer) == []


@pytest.mark.queries
def test_the_city_home_lists_its_tasks_at_a_constant_cost(client, city_officer):
    batch = BatchFactory(closes_at=timezone.now() - timedelta(hours=1))
    RecommendedApplicationFactory(batch=batch)
    client.force_login(city_officer)
    client.get(reverse("dashboards:home"))
    with CaptureQueriesContext(connection) as one:
        page = client.get(reverse("dashboards:home"))
    assert (
        "Recommended applications to schedule an on-site audit for" in page.content.decode()
        or "安排现场审核" in page.content.decode()
    )
    for _ in range(3):
        RecommendedApplicationFactory(batch=batch)
        LedgerEntryFactory()
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("dashboards:home"))
    assert len(many) == len(one)
