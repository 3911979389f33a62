"""我的待办: each officer's home lists what waits for it, each task leading to its page, at a
cost that does not grow with what waits."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from greenfactory.dashboards.tasks import (
    city_tasks,
    district_tasks,
    enterprise_tasks,
    expert_tasks,
)
from tests.factories import (
    AuditedApplicationFactory,
    BatchFactory,
    CityOfficerFactory,
    ClosedBatchFactory,
    DraftApplicationFactory,
    DraftBatchFactory,
    ExpertReviewApplicationFactory,
    FilingFactory,
    LedgerEntryFactory,
    ObjectionFactory,
    PublicNoticeFactory,
    RecommendedApplicationFactory,
    RectifyingSpotCheckFactory,
    ReturnedApplicationFactory,
    ReturnedFilingFactory,
    ReviewedApplicationFactory,
    SiteAuditApplicationFactory,
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


def test_nothing_waits_for_a_new_enterprise_or_expert(enterprise_user, assigned_expert):
    assert enterprise_tasks(enterprise_user) == []
    assert expert_tasks(assigned_expert) == []


def test_the_enterprise_sees_what_it_must_do_next(enterprise, enterprise_user):
    draft = DraftApplicationFactory(enterprise=enterprise, batch__title="2026年申报")
    returned = ReturnedApplicationFactory(enterprise=enterprise, batch__title="2025年申报")
    audited = AuditedApplicationFactory(enterprise=enterprise, batch__title="2024年申报")
    audit = audited.site_audits.get()
    check = RectifyingSpotCheckFactory(title__enterprise=enterprise)
    filing = ReturnedFilingFactory(title__enterprise=enterprise)
    found = texts(enterprise_tasks(enterprise_user))
    finish = [text for text in found if text.startswith("Finish your application to “2026年申报”")]
    assert found[finish[0]][1] == reverse("applications:application_detail", args=[draft.code])
    revise = [text for text in found if text.startswith("Revise your application to “2025年申报”")]
    assert found[revise[0]][1] == reverse("applications:application_detail", args=[returned.code])
    acknowledge = [text for text in found if text.startswith("Read and acknowledge")]
    assert found[acknowledge[0]][1] == reverse("reviews:audit_detail", args=[audit.code])
    rectify = [text for text in found if text.startswith("Rectify and report it")]
    assert found[rectify[0]][1] == reverse("supervision:check", args=[check.code])
    correct = f"Correct your yearly filing of {filing.year} as the district bureau asks"
    assert found[correct][1] == reverse("filings:edit", args=[filing.code])
    # Submitted applications and acknowledged records wait for others, not for the enterprise.
    audit.acknowledged_at = timezone.now()
    audit.save()
    assert not any(
        t.startswith("Read and acknowledge") for t in texts(enterprise_tasks(enterprise_user))
    )


def test_a_filing_not_started_is_due_and_one_filed_is_not(enterprise_user):
    filing = FilingFactory(title__enterprise=enterprise_user.enterprise)
    found = texts(enterprise_tasks(enterprise_user))
    due = [
        text
        for text in found
        if text.startswith(f"Finish and submit your yearly filing of {filing.year}")
    ]
    assert found[due[0]][1] == reverse("filings:edit", args=[filing.code])
    filing.delete()
    found = texts(enterprise_tasks(enterprise_user))
    assert any(
        text.startswith(f"File your key indicators of {filing.year} (due ") for text in found
    )
    SubmittedFilingFactory(enterprise=enterprise_user.enterprise, year=filing.year)
    found = texts(enterprise_tasks(enterprise_user))
    assert not any(f" of {filing.year} " in text for text in found)
    assert any(f" of {filing.year - 1} " in text for text in found)  # the year before is due


def test_another_enterprise_sees_none_of_it(enterprise, other_enterprise_user):
    DraftApplicationFactory(enterprise=enterprise)
    ReturnedFilingFactory(title__enterprise=enterprise)
    assert enterprise_tasks(other_enterprise_user) == []


def test_the_expert_sees_its_sheets_and_audits(assigned_expert):
    application = ExpertReviewApplicationFactory(experts=[assigned_expert])
    assignment = application.expert_assignments.get()
    SiteAuditApplicationFactory(team=[CityOfficerFactory(), assigned_expert])
    other = ExpertReviewApplicationFactory(experts=1)
    found = texts(expert_tasks(assigned_expert))
    score = [text for text in found if text.startswith(f"Score “{application.enterprise.name}”")]
    assert found[score[0]][1] == reverse("reviews:expert_score", args=[assignment.code])
    assert any(text.startswith("On-site audit of") for text in found)
    assert not any(other.enterprise.name in text for text in found)
    assignment.submitted_at = timezone.now()
    assignment.save()
    assert not any(t.startswith("Score") for t in texts(expert_tasks(assigned_expert)))


@pytest.mark.queries
def test_the_draft_that_closes_first_says_what_is_missing(client, enterprise, enterprise_user):
    from django.utils.translation import override

    from greenfactory.applications.domain.submission import submission_problems

    draft = DraftApplicationFactory(enterprise=enterprise)
    with override("en"):
        [task] = [t for t in enterprise_tasks(enterprise_user) if t.text.startswith("Finish")]
        problems = [str(problem) for problem in submission_problems(draft)]
    assert len(problems) > 5  # a fresh draft misses its data, answers and files
    assert task.details[:5] == tuple(problems[:5])
    assert task.details[5] == f"and {len(problems) - 5} more"
    client.force_login(enterprise_user)
    client.cookies["gf_language"] = "en"
    page = client.get(reverse("dashboards:home")).content.decode()
    assert '<ul class="task-details">' in page and problems[0] in page


def test_the_enterprise_home_lists_its_tasks_at_a_constant_cost(
    client, enterprise, enterprise_user
):
    DraftApplicationFactory(enterprise=enterprise)
    FilingFactory(title__enterprise=enterprise)
    client.force_login(enterprise_user)
    client.get(reverse("dashboards:home"))
    with CaptureQueriesContext(connection) as one:
        page = client.get(reverse("dashboards:home"))
    assert page.context["tasks"]
    for year in (2016, 2017, 2018):
        ReturnedApplicationFactory(enterprise=enterprise)
        DraftApplicationFactory(enterprise=enterprise)
        RectifyingSpotCheckFactory(title__enterprise=enterprise, title__year=year)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("dashboards:home"))
    assert len(page.context["tasks"]) > 4
    assert len(many) == len(one)


@pytest.mark.queries
def test_the_expert_home_lists_its_tasks_at_a_constant_cost(client, assigned_expert):
    ExpertReviewApplicationFactory(experts=[assigned_expert])
    client.force_login(assigned_expert)
    client.get(reverse("dashboards:home"))
    with CaptureQueriesContext(connection) as one:
        page = client.get(reverse("dashboards:home"))
    assert len(page.context["tasks"]) == 1
    for _ in range(3):
        ExpertReviewApplicationFactory(experts=[assigned_expert])
        SiteAuditApplicationFactory(team=[CityOfficerFactory(), assigned_expert])
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("dashboards:home"))
    assert len(page.context["tasks"]) == 7
    assert len(many) == len(one)
