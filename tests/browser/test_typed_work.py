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

from .journeys import csp_errors, log_in

pytestmark = pytest.mark.browser

PASSWORD = "Correct-Horse-9"


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
    log_in(page, live_server, officer.username, PASSWORD)
    page.goto(f"{live_server.url}/reviews/district/{application.code}/")
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
