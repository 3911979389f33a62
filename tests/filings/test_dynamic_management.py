"""Dynamic management of provincial and national titles (decisions §65): the level's filing
policy, the district's and the city's review with its 动态调整意见, the comparison with the year
before, and the deadlines per level."""

from datetime import date
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from greenfactory.core.models import AuditEvent
from greenfactory.filings.domain.filings import (
    FilingProblems,
    FilingRefused,
    accept_filing,
    city_return_filing,
    city_review_filing,
    save_filing,
    submit_filing,
)
from greenfactory.filings.domain.policies import FilingPolicyRefused, set_level_filing_policy
from greenfactory.filings.domain.queries import due_rows
from greenfactory.filings.enums import Adjustment, FilingState, FlagCode
from greenfactory.notifications.models import Notification
from greenfactory.titles.enums import TitleLevel
from tests.factories import region

from .conftest import filed, good_data, grant

pytestmark = pytest.mark.django_db

PLAN = {
    "year_summary": "完成光伏二期 2 MW，单位产品能耗下降 3%。",
    "next_year_plan": "余热回收改造。",
}


@pytest.fixture
def provincial(enterprise, batch):
    """A factory on the Jiangsu list of 2022 (imported, no application on the platform)."""
    return grant(enterprise, 2022, level=TitleLevel.PROVINCIAL)


def test_a_provincial_titles_filing_runs_end_to_end(
    provincial, enterprise_user, district_officer, city_officer
):
    filing = filed(enterprise_user)
    assert filing.level == TitleLevel.PROVINCIAL
    with pytest.raises(FilingProblems) as refused, translation.override("en"):
        submit_filing(filing, actor=enterprise_user)
    assert refused.value.problems == [
        "Enter the summary of the year's green work.",
        "Enter next year's targets and plan.",
    ]
    filing = save_filing(filing, actor=enterprise_user, data=PLAN, revision=filing.revision)
    submitted = submit_filing(filing, actor=enterprise_user)
    assert submitted.state == FilingState.SUBMITTED

    accepted = accept_filing(submitted, actor=district_officer, opinion="数据与能源审计报告一致。")
    assert accepted.state == FilingState.ACCEPTED
    assert accepted.district_opinion == "数据与能源审计报告一致。"
    assert Notification.objects.filter(recipient=city_officer).count() == 1

    with pytest.raises(PermissionDenied):
        city_review_filing(accepted, actor=district_officer, adjustment=Adjustment.KEEP)
    with pytest.raises(FilingRefused), translation.override("en"):
        city_review_filing(accepted, actor=city_officer, adjustment=Adjustment.RECTIFY)
    reviewed = city_review_filing(
        accepted, actor=city_officer, adjustment=Adjustment.RECTIFY, reason="余热回收滞后。"
    )
    assert reviewed.state == FilingState.CITY_REVIEWED
    assert (reviewed.adjustment, reviewed.adjustment_reason) == ("rectify", "余热回收滞后。")
    assert reviewed.city_reviewed_by == city_officer
    assert [c.to_state for c in reviewed.status_changes.all()] == [
        "submitted",
        "accepted",
        "city_reviewed",
    ]
    events = list(AuditEvent.objects.filter(action__startswith="filings.filing.").order_by("pk"))
    assert [event.action for event in events][-3:] == [
        "filings.filing.submitted",
        "filings.filing.accepted",
        "filings.filing.city_reviewed",
    ]
    assert events[-1].changes["adjustment"] == "rectify"
    assert events[-1].changes["site_assessment"] is False
    assert events[-2].changes["opinion"] == "数据与能源审计报告一致。"
    assert Notification.objects.filter(recipient=enterprise_user).count() == 2


def test_the_city_returns_a_provincial_filing(
    provincial, enterprise_user, district_officer, city_officer
):
    filing = filed(enterprise_user, data={**good_data(), **PLAN})
    accepted = accept_filing(submit_filing(filing, actor=enterprise_user), actor=district_officer)
    with pytest.raises(FilingRefused):
        city_return_filing(accepted, actor=city_officer, reason="")
    returned = city_return_filing(accepted, actor=city_officer, reason="请补充年度总结中的节能量。")
    assert returned.state == FilingState.RETURNED
    assert returned.return_reason == "请补充年度总结中的节能量。"
    again = submit_filing(returned, actor=enterprise_user)
    assert again.state == FilingState.SUBMITTED
    assert again.return_reason == ""


def test_a_city_titles_filing_ends_with_the_district(
    filing, enterprise_user, district_officer, city_officer
):
    assert filing.level == TitleLevel.CITY
    submitted = submit_filing(filing, actor=enterprise_user)  # no summary asked
    with pytest.raises(FilingRefused):  # wrong state: not yet accepted
        city_review_filing(submitted, actor=city_officer, adjustment=Adjustment.KEEP)
    accepted = accept_filing(submitted, actor=district_officer)
    with pytest.raises(FilingRefused) as refused, translation.override("en"):
        city_review_filing(accepted, actor=city_officer, adjustment=Adjustment.KEEP)
    assert "ends with the district's acceptance" in str(refused.value)
    accepted.refresh_from_db()
    assert accepted.state == FilingState.ACCEPTED
    assert not Notification.objects.filter(recipient=city_officer).exists()


def test_worse_than_the_year_before_suggests_an_on_site_assessment(
    provincial, enterprise_user, district_officer, city_officer
):
    submit_filing(filed(enterprise_user, 2024, data={**good_data(), **PLAN}), actor=enterprise_user)
    # 800 t instead of 1 000 t: per unit of product 25 % worse, still within the benchmarks.
    worse = filed(enterprise_user, 2025, data={**good_data(output_quantity=D(800)), **PLAN})
    submitted = submit_filing(worse, actor=enterprise_user)
    assert [
        (f["code"], f["params"]["base_year"], f["params"]["increase"]) for f in submitted.flags
    ] == [
        (FlagCode.WORSE_THAN_PREVIOUS_YEAR, 2024, "25"),
        (FlagCode.WORSE_THAN_PREVIOUS_YEAR, 2024, "25"),
    ]
    assert submitted.site_assessment_suggested
    accepted = accept_filing(submitted, actor=district_officer)
    reviewed = city_review_filing(
        accepted, actor=city_officer, adjustment=Adjustment.PROPOSE_REMOVAL, reason="现场评估不达标"
    )
    assert (
        AuditEvent.objects.filter(action="filings.filing.city_reviewed")
        .get()
        .changes["site_assessment"]
        is True
    )
    assert reviewed.adjustment == Adjustment.PROPOSE_REMOVAL


def test_a_city_title_is_not_compared_with_the_year_before(title, enterprise_user):
    submit_filing(filed(enterprise_user, 2024), actor=enterprise_user)
    worse = submit_filing(
        filed(enterprise_user, 2025, data=good_data(output_quantity=D(800))), actor=enterprise_user
    )
    assert worse.flags == []
    assert not worse.site_assessment_suggested


def test_deadlines_per_level(provincial, other_title):
    rows = {row.enterprise.pk: row for row in due_rows(region("320400"), 2025)}
    mine, other = rows[provincial.enterprise_id], rows[other_title.enterprise_id]
    assert (mine.level, mine.deadline) == (TitleLevel.PROVINCIAL, date(2026, 3, 31))
    assert (other.level, other.deadline) == (TitleLevel.CITY, date(2026, 4, 15))
    with time_machine.travel(date(2026, 4, 1), tick=False):
        rows = {row.enterprise.pk: row for row in due_rows(region("320400"), 2025)}
    assert [flag.code for flag in rows[provincial.enterprise_id].flags] == [FlagCode.NOT_FILED]
    assert rows[other_title.enterprise_id].flags == []


def test_the_highest_level_held_decides(enterprise, batch):
    grant(enterprise, 2021, batch=batch)
    grant(enterprise, 2023, level=TitleLevel.NATIONAL)
    grant(enterprise, 2022, level=TitleLevel.PROVINCIAL)
    (row,) = due_rows(region("320400"), 2025)
    assert row.level == TitleLevel.NATIONAL
    (row,) = due_rows(region("320400"), 2022)  # the national title came later
    assert row.level == TitleLevel.PROVINCIAL


def test_the_city_sets_a_levels_policy(provincial, city_officer, district_officer):
    with pytest.raises(PermissionDenied):
        set_level_filing_policy("provincial", actor=district_officer, data={"source": "x"})
    with pytest.raises(FilingPolicyRefused):
        set_level_filing_policy(
            "provincial", actor=city_officer, data={"deadline_month": 4, "source": "x"}
        )
    with pytest.raises(FilingPolicyRefused):
        set_level_filing_policy(
            "provincial",
            actor=city_officer,
            data={"deadline_month": 4, "deadline_day": 30, "source": " "},
        )
    set_level_filing_policy(
        "provincial",
        actor=city_officer,
        data={"deadline_month": 4, "deadline_day": 30, "source": "苏工信节能〔2025〕56号"},
    )
    (row,) = due_rows(region("320400"), 2025)
    assert row.deadline == date(2026, 4, 30)
    event = AuditEvent.objects.get(action="filings.level_policy.changed")
    assert event.changes["deadline_month"] == [3, 4]
    assert event.changes["level"] == "provincial"


def test_pages_of_a_provincial_filing(
    client, provincial, enterprise_user, district_officer, city_officer
):
    client.force_login(enterprise_user)
    filing = filed(enterprise_user)
    page = client.get(reverse("filings:edit", args=[filing.code]))
    assert page.status_code == 200
    assert 'name="year_summary"' in page.content.decode()
    assert page.context["deadline"] == date(2026, 3, 31)
    save_filing(filing, actor=enterprise_user, data=PLAN, revision=None)
    submit_filing(filing, actor=enterprise_user)
    client.force_login(district_officer)
    response = client.post(reverse("filings:accept", args=[filing.code]), {"opinion": "属实"})
    assert response.status_code == 302
    client.force_login(city_officer)
    page = client.get(reverse("filings:detail", args=[filing.code]))
    assert page.context["can_city_review"]
    assert PLAN["year_summary"] in page.content.decode()
    response = client.post(
        reverse("filings:city_review", args=[filing.code]), {"adjustment": "propose_removal"}
    )
    assert response.status_code == 400  # reasons required; the choice is kept
    assert 'value="propose_removal" selected' in response.content.decode()
    response = client.post(
        reverse("filings:city_review", args=[filing.code]),
        {"adjustment": "propose_removal", "reason": "拒不整改"},
    )
    assert response.status_code == 302
    filing.refresh_from_db()
    assert (filing.state, filing.adjustment) == (FilingState.CITY_REVIEWED, "propose_removal")


def test_the_district_does_not_see_another_districts_city_review(
    client, provincial, enterprise_user, other_district_officer
):
    filing = filed(enterprise_user)
    client.force_login(other_district_officer)
    assert client.get(reverse("filings:detail", args=[filing.code])).status_code == 404


def test_filing_detail_queries(
    client,
    provincial,
    enterprise_user,
    district_officer,
    city_officer,
    django_assert_max_num_queries,
):
    filing = filed(enterprise_user, data={**good_data(), **PLAN})
    accept_filing(submit_filing(filing, actor=enterprise_user), actor=district_officer)
    client.force_login(city_officer)
    client.get(reverse("filings:detail", args=[filing.code]))
    with django_assert_max_num_queries(30):
        assert client.get(reverse("filings:detail", args=[filing.code])).status_code == 200


def test_reminders_follow_the_levels_deadline(
    provincial, other_title, enterprise_user, other_enterprise_user
):
    from greenfactory.filings.domain.reminders import send_filing_reminders

    # 17 March: 14 days before the provincial deadline (31 March), 29 before the city's.
    assert send_filing_reminders(today=date(2026, 3, 17)) == 1
    assert Notification.objects.filter(recipient=enterprise_user).count() == 1
    assert not Notification.objects.filter(recipient=other_enterprise_user).exists()
    # 1 April: the provincial filing is overdue, the city's is 14 days away.
    assert send_filing_reminders(today=date(2026, 4, 1)) == 2


def test_the_city_sets_a_levels_policy_on_its_page(client, provincial, city_officer):
    client.force_login(city_officer)
    page = client.get(reverse("filings:settings"))
    assert [policy.level for policy in page.context["policies"]] == [
        "city",
        "provincial",
        "national",
    ]
    url = reverse("filings:level_policy", args=["provincial"])
    page = client.get(url)
    assert page.context["form"]["deadline_month"].value() == 3
    response = client.post(url, {"deadline_month": "4", "deadline_day": "", "source": "苏工信"})
    assert response.status_code == 400
    assert "苏工信" in response.content.decode()
    response = client.post(
        url,
        {
            "deadline_month": "4",
            "deadline_day": "30",
            "city_review": "on",
            "summary_and_plan": "on",
            "source": "苏工信节能〔2025〕56号",
        },
    )
    assert response.status_code == 302
    (row,) = due_rows(region("320400"), 2025)
    assert row.deadline == date(2026, 4, 30)
    assert client.get(reverse("filings:level_policy", args=["county"])).status_code == 404


def test_a_too_long_opinion_is_refused_and_kept(
    client, provincial, enterprise_user, district_officer
):
    filing = submit_filing(
        filed(enterprise_user, data={**good_data(), **PLAN}), actor=enterprise_user
    )
    client.force_login(district_officer)
    opinion = "核" * 2001
    response = client.post(reverse("filings:accept", args=[filing.code]), {"opinion": opinion})
    assert response.status_code == 400
    assert opinion in response.content.decode()
    filing.refresh_from_db()
    assert filing.state == FilingState.SUBMITTED


def test_an_accept_refused_by_the_table_keeps_the_opinion_typed(
    client, provincial, enterprise_user, district_officer
):
    filing = submit_filing(
        filed(enterprise_user, data={**good_data(), **PLAN}), actor=enterprise_user
    )
    client.force_login(district_officer)
    url = reverse("filings:accept", args=[filing.code])
    assert client.post(url, {"opinion": "属实"}).status_code == 302
    # A second officer's page, still open, accepts the same filing again.
    response = client.post(url, {"opinion": "第二位审核人的意见"})
    assert response.status_code == 400
    assert "第二位审核人的意见" in response.content.decode()
    assert response.context["accept_form"].errors["opinion"]
