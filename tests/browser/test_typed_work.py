"""Typed work is never lost: a decision posts what is typed on its page, a refusal keeps every
value, a destructive action asks first, a refused autosave says so, a kept draft goes once
saved. Built from factories (no demo) to stay fast."""

import pytest
from playwright.sync_api import expect

from greenfactory.applications.enums import ApplicationState
from greenfactory.reviews.models import DistrictReview
from tests.factories import (
    BatchFactory,
    EnterpriseUserFactory,
    OfficerFactory,
    SubmittedApplicationFactory,
    shipped_system,
)
from tests.factories.accounts import region

from .journeys import csp_errors, enter_as

pytestmark = pytest.mark.browser


@pytest.fixture
def batch(transactional_db):
    return BatchFactory(indicator_system=shipped_system(2018))


@pytest.fixture
def owner(transactional_db):
    return EnterpriseUserFactory()


def test_a_return_sends_the_comments_typed_without_saving(
    page, live_server, batch, owner, screenshot, console_errors
):
    application = SubmittedApplicationFactory(
        batch=batch, enterprise=owner.enterprise, submitted_by=owner
    )
    officer = OfficerFactory(region=region("320412"))
    enter_as(page, live_server, officer.username, to=f"/reviews/district/{application.code}/")
    comment = page.locator("main form textarea[name^=comment_]").first
    comment.fill("请补充能源计量器具配备清单。")
    page.locator("#id_reason").fill("请按各指标意见修改。")
    screenshot("pre-review-typed-before-return-zh.png")
    page.get_by_role("button", name="退回修改").click()  # without 保存初审记录 first
    expect(page.locator(".message.success")).to_be_visible()

    application.refresh_from_db()
    assert application.state == ApplicationState.RETURNED
    told = application.status_changes.order_by("-pk").first().reason
    assert "请按各指标意见修改。" in told
    assert "请补充能源计量器具配备清单。" in told
    review = DistrictReview.objects.get(application=application, version=application.version - 1)
    assert [c.comment for c in review.comments.all()] == ["请补充能源计量器具配备清单。"]
    assert csp_errors(console_errors) == []


def test_a_refused_finding_keeps_what_was_typed_beside_its_field(
    page, live_server, transactional_db, screenshot, console_errors
):
    from decimal import Decimal

    from tests.factories import SiteAuditApplicationFactory

    application = SiteAuditApplicationFactory(
        batch=BatchFactory(indicator_system=shipped_system(2018))
    )
    audit = application.site_audits.get()
    lead = audit.members.get(is_lead=True).user
    answers = application.self_evaluations.select_related("indicator")
    measured = answers.filter(indicator__kind="quantitative").first()
    measured.value = Decimal("0.123456")  # shown as 0.1235
    measured.save()
    scored = answers.filter(indicator__kind="qualitative", score__gt=0).first()

    enter_as(page, live_server, lead.username, to=f"/reviews/audits/{audit.code}/")
    row = page.locator(f"#i{measured.indicator_id}")
    row.locator("input[name$=verified_value]").fill("0.1235")  # copied from the page
    row.get_by_role("button", name="记录").click()
    expect(page.locator(".message.success")).to_be_visible()
    assert audit.findings.get(indicator=measured.indicator).change_reason == ""

    row = page.locator(f"#i{scored.indicator_id}")
    row.locator("input[name$=verified_score]").fill("0")
    row.locator("textarea[name$=-finding]").fill("现场未见相关制度文件。")
    row.get_by_role("button", name="记录").click()  # a changed score without its reason
    row = page.locator(f"#i{scored.indicator_id}")
    expect(row.locator(".errorlist")).to_be_visible()
    expect(row.locator("textarea[name$=-finding]")).to_have_value("现场未见相关制度文件。")
    expect(row.locator("input[name$=verified_score]")).to_have_value("0")
    reason = row.locator("textarea[name$=change_reason]")
    expect(reason).to_be_focused()
    expect(reason).to_be_in_viewport()
    screenshot("audit-finding-refused-zh.png")
    screenshot("audit-finding-refused-viewport-zh.png", full_page=False)
    assert not audit.findings.filter(indicator=scored.indicator).exists()
    assert csp_errors(console_errors) == []


def test_withdrawing_asks_first(page, live_server, batch, owner, screenshot, console_errors):
    from tests.factories import DraftApplicationFactory

    application = DraftApplicationFactory(batch=batch, enterprise=owner.enterprise, filled=True)
    enter_as(page, live_server, owner.username, to=f"/applications/{application.code}/")
    asked = []

    def answer(dialog, accept):
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    page.get_by_role("button", name="撤回申报").click()
    page.wait_for_timeout(300)
    application.refresh_from_db()
    assert asked and application.state == ApplicationState.DRAFT

    page.once("dialog", lambda dialog: answer(dialog, True))
    page.get_by_role("button", name="撤回申报").click()
    expect(page.locator(".message.success")).to_be_visible()
    application.refresh_from_db()
    assert len(asked) == 2 and application.state == ApplicationState.WITHDRAWN
    assert csp_errors(console_errors) == []


def test_a_refused_autosave_says_so_and_names_the_rule(
    page, live_server, batch, owner, screenshot, console_errors
):
    from tests.factories import DraftApplicationFactory

    application = DraftApplicationFactory(batch=batch, enterprise=owner.enterprise, filled=True)
    enter_as(
        page, live_server, owner.username, to=f"/applications/{application.code}/self-evaluation/"
    )
    status = page.locator("#save-status")
    scores = page.locator("input.score")
    scores.nth(0).fill("1.5")
    scores.nth(0).blur()
    expect(status).to_contain_text(":")  # "保存于 …": the time of a save
    saved = status.inner_text()
    expect(scores.nth(1).locator("xpath=..")).to_contain_text("0.5")  # the step beside the input
    scores.nth(1).fill("1.3")
    scores.nth(1).blur()
    expect(status.locator(".error")).to_contain_text("1.3")  # the refusal, not a save time
    expect(status).to_contain_text("0.5")
    expect(status).to_contain_text("未保存")
    assert status.inner_text() != saved
    # The refusal stands beside the score refused, naming the rule, and marks the input.
    beside = page.locator(f"#error-{scores.nth(1).get_attribute('id')}")
    expect(beside).to_contain_text("0.5")
    expect(beside).to_contain_text("1.3")
    expect(scores.nth(1)).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#error-{scores.nth(0).get_attribute('id')}")).to_have_text("")
    screenshot("self-evaluation-refused-step-zh.png")
    # Corrected, it saves and the message beside it goes.
    scores.nth(1).fill("1.5")
    scores.nth(1).blur()
    expect(beside).to_have_text("")
    expect(status.locator(".error")).to_have_count(0)
    expect(scores.nth(1)).not_to_have_attribute("aria-invalid", "true")
    assert csp_errors(console_errors) == []


def test_submitting_scores_saves_what_is_on_the_page(
    page, live_server, batch, owner, screenshot, console_errors
):
    from decimal import Decimal

    from tests.factories import ExpertReviewApplicationFactory
    from tests.factories.reviews import scores_rows

    application = ExpertReviewApplicationFactory(
        batch=batch, enterprise=owner.enterprise, experts=1
    )
    assignment = application.expert_assignments.get()
    scores_rows(assignment, submitted=False)  # every entry saved earlier
    enter_as(
        page, live_server, assignment.expert.username, to=f"/reviews/expert/{assignment.code}/"
    )
    score = page.locator("main form input[name^=score_]").first
    indicator = int(score.get_attribute("name").removeprefix("score_"))
    score.fill("0")  # changed, and not saved
    page.get_by_role("button", name="提交评分").click()
    expect(page.locator(".message.success")).to_be_visible()
    screenshot("expert-submitted-with-unsaved-zh.png")
    assignment.refresh_from_db()
    assert assignment.submitted_at is not None
    assert assignment.scores.get(indicator_id=indicator).score == Decimal(0)
    assert csp_errors(console_errors) == []


KEPT = "Object.keys(localStorage).filter((key) => key.startsWith('draft:'))"


def test_a_kept_draft_goes_once_saved_and_on_logout(
    page, live_server, batch, owner, screenshot, console_errors
):
    from tests.factories import DraftApplicationFactory

    application = DraftApplicationFactory(batch=batch, enterprise=owner.enterprise)
    form_url = f"{live_server.url}/applications/{application.code}/form/"
    enter_as(page, live_server, owner.username, to=f"/applications/{application.code}/form/")
    page.locator("#id_employees").fill("120")
    page.locator("#id_products").fill("铸件")
    page.locator("form.autosave").get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    application.refresh_from_db()
    assert application.products == "铸件"

    page.goto(form_url)  # the next visit: nothing to put back
    expect(page.locator("#id_products")).to_have_value("铸件")
    expect(page.locator(".draft-restored")).to_have_count(0)
    assert page.evaluate(KEPT) == []

    page.locator("#id_products").press_sequentially("件")  # typed, kept in the browser
    assert page.evaluate(KEPT) != []
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_load_state()
    assert page.evaluate(KEPT) == []
    assert csp_errors(console_errors) == []


def test_a_reason_typed_before_saving_the_record_is_kept(
    page, live_server, batch, owner, screenshot, console_errors
):
    """The officer types the decision's reason, then 保存初审记录 first: the reason is saved with
    the record and stands in the box after the page comes back; a return then carries it."""
    application = SubmittedApplicationFactory(
        batch=batch, enterprise=owner.enterprise, submitted_by=owner
    )
    officer = OfficerFactory(region=region("320412"))
    enter_as(page, live_server, officer.username, to=f"/reviews/district/{application.code}/")
    page.locator("#id_reason").fill("能源计量器具配备不全，请补充后重新申报。")
    page.get_by_role("button", name="保存初审记录").click()
    expect(page.locator(".message.success")).to_contain_text("初审记录已保存")
    expect(page.locator("#id_reason")).to_have_value("能源计量器具配备不全，请补充后重新申报。")
    page.reload()
    expect(page.locator("#id_reason")).to_have_value("能源计量器具配备不全，请补充后重新申报。")
    screenshot("pre-review-reason-kept-zh.png")
    page.get_by_role("button", name="退回修改").click()
    expect(page.locator(".message.success")).to_be_visible()
    application.refresh_from_db()
    assert application.state == ApplicationState.RETURNED
    told = application.status_changes.order_by("-pk").first().reason
    assert "能源计量器具配备不全，请补充后重新申报。" in told
    assert csp_errors(console_errors) == []
