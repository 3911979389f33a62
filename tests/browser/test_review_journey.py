"""One application carried through the on-site audit and the expert review in the browser:
the city bureau completes an audit, the enterprise acknowledges its record, the last expert
submits, and the city bureau completes the expert review."""

import pytest
from playwright.sync_api import expect

from greenfactory.accounts.models import User
from greenfactory.applications.enums import ApplicationState
from greenfactory.applications.models import Application
from greenfactory.reviews.domain.expert_scores import expert_fields, save_expert_scores
from greenfactory.reviews.models import ExpertAssignment, SiteAudit

from .journeys import csp_errors, enter_as

pytestmark = pytest.mark.browser


def prepare_last_expert(application):
    """The demo expert's entries, saved but not submitted (as if typed earlier)."""
    assignment = ExpertAssignment.objects.get(application=application, expert__username="expert")
    answers = {a.indicator_id: a for a in application.self_evaluations.all()}
    scores = {}
    for indicator in application.batch.indicator_system.indicators.exclude(kind="group"):
        fields, answer = expert_fields(indicator), answers.get(indicator.pk)
        values = {"comment": ""}
        if "met" in fields:
            values["met"] = True
        if "score" in fields:
            values["score"] = answer.score if answer and answer.score is not None else 0
        if "value" in fields:
            values["value"] = (
                answer.value if answer and answer.value is not None else (indicator.benchmark or 0)
            )
        scores[indicator] = values
    save_expert_scores(assignment, actor=assignment.expert, scores=scores)
    return assignment


def test_audit_then_expert_review(
    page, live_server, demo_with_applications, screenshot, console_errors
):
    scheduled = SiteAudit.objects.get(application__enterprise__users__username="ent06")
    reviewed = Application.objects.get(enterprise__users__username="enterprise2")
    assignment = prepare_last_expert(reviewed)

    # The city bureau, leading ent06's audit, records a finding and completes the audit.
    enter_as(page, live_server, "city", to=f"/reviews/audits/{scheduled.code}/")
    first = page.locator("form.finding-form").first
    first.locator("select").first.select_option("yes")
    first.get_by_role("button", name="记录").click()
    expect(page.locator(".message.success")).to_be_visible()
    page.locator("#id_conclusion").fill("材料属实，同意进入专家评审。")
    page.get_by_role("button", name="完成", exact=True).click()
    expect(page.locator(".message.success")).to_be_visible()
    scheduled.refresh_from_db()
    assert scheduled.status == "completed"
    assert scheduled.application.state == ApplicationState.AUDITED

    # enterprise2 acknowledges the record of its own (earlier) audit.
    page.context.clear_cookies()
    enter_as(page, live_server, "enterprise2")
    expect(page.locator("main")).to_contain_text("请确认现场审核记录")  # on its home page
    own = SiteAudit.objects.get(application=reviewed)
    page.goto(f"{live_server.url}/reviews/audits/{own.code}/")
    page.get_by_role("button", name="确认现场审核记录").click()
    expect(page.locator(".message.success")).to_be_visible()

    # The last expert submits; the others' scores then show.
    page.context.clear_cookies()
    enter_as(page, live_server, "expert", to=f"/reviews/expert/{assignment.code}/")
    page.get_by_role("button", name="提交评分").click()
    expect(page.locator(".message.success")).to_be_visible()
    screenshot("expert-submitted-zh.png")

    # The city bureau completes the expert review.
    page.context.clear_cookies()
    enter_as(page, live_server, "city", to=f"/reviews/experts/application/{reviewed.code}/")
    page.get_by_role("button", name="完成专家评审").click()
    expect(page.locator(".message.success")).to_be_visible()
    screenshot("expert-review-completed-zh.png")
    reviewed.refresh_from_db()
    own.refresh_from_db()
    assert reviewed.state == ApplicationState.REVIEWED
    assert own.acknowledged_by == User.objects.get(username="enterprise2")
    assert csp_errors(console_errors) == []
