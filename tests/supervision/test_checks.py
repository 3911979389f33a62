"""A check's outcome: the moves, when the city may decide, what passing, rectifying and revoking
do to the title, the enterprise and the public site."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from greenfactory.applications.domain.drafts import start_application
from greenfactory.applications.domain.submission import submission_problems
from greenfactory.applications.domain.transitions import TransitionRefused
from greenfactory.applications.enums import ApplicationState
from greenfactory.applications.models import Application
from greenfactory.core.models import AuditEvent
from greenfactory.reviews.enums import AuditStatus
from greenfactory.reviews.models import SiteAudit
from greenfactory.supervision.domain.checks import (
    CHECK_MOVES,
    CheckRefused,
    PassUnfounded,
    move_check,
    report_rectification,
    save_summary,
)
from greenfactory.supervision.enums import CheckState
from greenfactory.supervision.models import SpotCheck
from greenfactory.titles.enums import TitleStatus
from tests.factories import BatchFactory, EnterpriseUserFactory

from .helpers import drawn_round

pytestmark = pytest.mark.django_db
S = CheckState


def audited_check(city_officer, *, summary=True, audit=True):
    """A drawn check whose application is audited: with the factory's filed summary and the
    completed on-site audit unless told otherwise."""
    round_ = drawn_round(city_officer, titles=1, n=1)
    check = round_.checks.select_related("title__enterprise", "application").get()
    Application.objects.filter(pk=check.application_id).update(state=ApplicationState.AUDITED)
    if summary:
        SpotCheck.objects.filter(pk=check.pk).update(
            changes_summary="三年来新增光伏装机2兆瓦。", summary_saved_at=timezone.now()
        )
    if audit:
        SiteAudit.objects.create(
            application=check.application,
            version=1,
            scheduled_for=timezone.now() - timedelta(days=3),
            location="企业生产厂区",
            status=AuditStatus.COMPLETED,
            completed_at=timezone.now() - timedelta(days=3),
        )
    check.refresh_from_db()
    check.application.refresh_from_db()
    return check


def test_every_pair_outside_the_table_is_refused(city_officer):
    check = audited_check(city_officer)
    for to in S.values:
        if (S.IN_PROGRESS, to) in CHECK_MOVES:
            continue
        with pytest.raises(CheckRefused):
            move_check(check, to, actor=city_officer, reason="r", rectify_by=None)


def test_decision_waits_for_the_audit_or_the_deadline(city_officer):
    round_ = drawn_round(city_officer, titles=1, n=1)
    check = round_.checks.get()
    with pytest.raises(CheckRefused):
        move_check(check, S.PASSED, actor=city_officer)
    Application.objects.filter(pk=check.application_id).update(state=ApplicationState.SUBMITTED)
    with pytest.raises(CheckRefused):
        move_check(check, S.PASSED, actor=city_officer)
    # Never filed, and the deadline has passed: the city may decide (usually to revoke).
    Application.objects.filter(pk=check.application_id).update(state=ApplicationState.DRAFT)
    round_.submission_deadline = timezone.now() - timedelta(minutes=1)
    round_.save()
    move_check(check, S.REVOKED, actor=city_officer, reason="逾期未提交抽检材料")
    check.refresh_from_db()
    assert check.state == S.REVOKED


def test_pass_makes_the_title_valid_again(city_officer):
    check = audited_check(city_officer)
    move_check(check, S.PASSED, actor=city_officer)
    check.title.refresh_from_db()
    assert check.title.status == TitleStatus.VALID
    assert check.decisions.get().to_state == S.PASSED


NO_SUMMARY = "The factory has not filed its three-year summary."
NO_AUDIT = "No on-site audit of the factory has been completed."
GIVE_REASON = "Give the reason to record the check passed without them."


@pytest.mark.parametrize(
    ("summary", "audit", "problems"),
    [
        (False, True, [NO_SUMMARY]),
        (True, False, [NO_AUDIT]),
        (False, False, [NO_SUMMARY, NO_AUDIT]),
    ],
)
def test_passed_without_the_summary_or_the_audit_needs_a_reason(
    city_officer, summary, audit, problems
):
    check = audited_check(city_officer, summary=summary, audit=audit)
    with override("en"), pytest.raises(PassUnfounded) as refused:
        move_check(check, S.PASSED, actor=city_officer, reason="  ")
    assert isinstance(refused.value, CheckRefused)
    with override("en"):
        assert refused.value.messages == [*problems, GIVE_REASON]
    check.refresh_from_db()
    assert check.state == S.IN_PROGRESS and not check.decisions.exists()
    why = "企业已停产搬迁，经市局研究按通过处理。"
    move_check(check, S.PASSED, actor=city_officer, reason=why)
    check.refresh_from_db()
    assert check.state == S.PASSED
    assert check.decisions.get().reason == why
    event = AuditEvent.objects.filter(action="supervision.check.moved").latest("pk")
    assert event.changes["reason"] == why


def test_a_district_rejected_application_without_an_audit_cannot_simply_pass(city_officer):
    check = audited_check(city_officer, audit=False)
    Application.objects.filter(pk=check.application_id).update(
        state=ApplicationState.DISTRICT_REJECTED
    )
    with override("en"), pytest.raises(PassUnfounded, match=NO_AUDIT):
        move_check(check, S.PASSED, actor=city_officer)
    # Rectifying and revoking stay open: they carry their reason anyway.
    move_check(check, S.REVOKED, actor=city_officer, reason="区级初审不予推荐：能耗超限额")
    check.refresh_from_db()
    assert check.state == S.REVOKED


def test_rectification_then_recheck_passes(city_officer):
    check = audited_check(city_officer)
    with pytest.raises(CheckRefused):
        move_check(check, S.RECTIFYING, actor=city_officer, reason="能源计量器具配备不全")
    deadline = timezone.localdate() + timedelta(days=90)
    move_check(
        check, S.RECTIFYING, actor=city_officer, reason="能源计量器具配备不全", rectify_by=deadline
    )
    check.title.refresh_from_db()
    assert check.title.status == TitleStatus.RECTIFYING
    owner = EnterpriseUserFactory(enterprise=check.title.enterprise)
    with pytest.raises(CheckRefused):
        report_rectification(check, actor=owner, report=" ")
    report_rectification(check, actor=owner, report="已补齐二级计量器具并通过检定。")
    check.refresh_from_db()
    assert check.state == S.RECTIFIED
    assert check.rectification_report.startswith("已补齐")
    move_check(check, S.PASSED, actor=city_officer)
    check.title.refresh_from_db()
    assert check.title.status == TitleStatus.VALID
    assert list(check.decisions.values_list("to_state", flat=True)) == [
        S.RECTIFYING,
        S.RECTIFIED,
        S.PASSED,
    ]


def test_revocation_strikes_the_title_everywhere_and_bars_applying(client, city_officer):
    check = audited_check(city_officer)
    title, enterprise = check.title, check.title.enterprise
    with pytest.raises(CheckRefused):
        move_check(check, S.REVOKED, actor=city_officer, reason="")
    move_check(check, S.REVOKED, actor=city_officer, reason="单位产品能耗高于限额标准，整改无望")
    title.refresh_from_db()
    enterprise.refresh_from_db()
    assert title.status == TitleStatus.REVOKED
    assert enterprise.barred_until is not None
    assert enterprise.barred_until.year == timezone.localdate().year + 3
    # Public list and verification.
    listing = client.get(reverse("titles:factories"))
    assert enterprise.name not in listing.content.decode()
    verification = client.get(reverse("titles:verify_number", args=[title.certificate_number]))
    assert "撤销" in verification.content.decode()
    # A new application is refused while the bar lasts.
    owner = EnterpriseUserFactory(enterprise=enterprise)
    with pytest.raises(TransitionRefused):
        start_application(BatchFactory(), actor=owner)


def test_only_the_city_decides_and_only_the_enterprise_reports(
    city_officer, district_officer, other_enterprise_user
):
    check = audited_check(city_officer)
    with pytest.raises(PermissionDenied):
        move_check(check, S.PASSED, actor=district_officer)
    move_check(
        check,
        S.RECTIFYING,
        actor=city_officer,
        reason="整改",
        rectify_by=timezone.localdate() + timedelta(days=10),
    )
    with pytest.raises(PermissionDenied):
        report_rectification(check, actor=other_enterprise_user, report="冒名报告")
    with pytest.raises(PermissionDenied):
        report_rectification(check, actor=city_officer, report="代报")


def test_summary_is_the_enterprises_and_required_for_submission(
    city_officer, other_enterprise_user
):
    round_ = drawn_round(city_officer, titles=1, n=1)
    check = round_.checks.select_related("application").get()
    problems = [str(p) for p in submission_problems(check.application)]
    assert any("three-year summary" in p or "三年总结" in p for p in problems), problems
    owner = EnterpriseUserFactory(enterprise=check.title.enterprise)
    with pytest.raises(PermissionDenied):
        save_summary(check, actor=other_enterprise_user, changes="x", rectifications="")
    save_summary(check, actor=owner, changes="2023年新增光伏12MW。", rectifications="")
    problems = [str(p) for p in submission_problems(check.application)]
    assert not any("three-year summary" in p or "三年总结" in p for p in problems), problems
    Application.objects.filter(pk=check.application_id).update(state=ApplicationState.SUBMITTED)
    check.application.refresh_from_db()
    with pytest.raises(CheckRefused):
        save_summary(check, actor=owner, changes="改", rectifications="")


def test_enterprise_cannot_open_an_application_in_a_spot_check_batch(city_officer):
    round_ = drawn_round(city_officer, titles=1, n=1)
    owner = EnterpriseUserFactory()
    with pytest.raises(TransitionRefused):
        start_application(round_.batch, actor=owner)
