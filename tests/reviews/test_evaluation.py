"""The third-party evaluation (第三方评价): the body's own role and scope, commissioning with
the consulting, same-legal-representative, cap and suspension rules, the signed report that
does not change once submitted, and the reviewers' view of its scores beside the others."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from greenfactory.accounts.domain.accounts import grant_role
from greenfactory.accounts.domain.evaluation_bodies import (
    BodyRefused,
    reinstate_evaluation_body,
    suspend_evaluation_body,
)
from greenfactory.accounts.enums import GRANTABLE_ROLES, Role
from greenfactory.accounts.models import AgencyAuthorisation, EvaluationBody
from greenfactory.applications.domain.queries import applications_visible_to
from greenfactory.applications.models import Application
from greenfactory.core.models import AuditEvent
from greenfactory.programme.enums import BatchPurpose, IndicatorKind
from greenfactory.reviews.domain.evaluation import (
    EvaluationRefused,
    commission_evaluation,
    decline_evaluation,
    save_evaluation_report,
    submit_evaluation,
    withdraw_evaluation,
)
from greenfactory.reviews.domain.expert import assign_experts
from greenfactory.reviews.enums import EvaluationPurpose, EvaluationState
from tests.factories import (
    AgencyFactory,
    BatchFactory,
    EnterpriseFactory,
    EvaluationBodyFactory,
    EvaluatorFactory,
    UserFactory,
    evaluation_row,
    shipped_system,
)
from tests.reviews.test_expert import audited

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch():
    return BatchFactory(indicator_system=shipped_system(2025), third_party_report_required=True)


@pytest.fixture
def body():
    return EvaluationBodyFactory(name="常州绿评认证有限公司", legal_representative="陈独立")


@pytest.fixture
def evaluator(body):
    return EvaluatorFactory(username="evaluator", evaluation_body=body)


@pytest.fixture
def other_evaluator():
    return EvaluatorFactory(username="evaluator_other")


def submitted(batch, enterprise=None):
    return Application.objects.create(
        batch=batch,
        enterprise=enterprise or EnterpriseFactory(),
        state="audited",
        submitted_at=timezone.now(),
    )


@pytest.fixture
def application(batch, enterprise):
    return submitted(batch, enterprise)


def refusal_text(call) -> str:
    with translation.override("en"):
        with pytest.raises(EvaluationRefused) as caught:
            call()
        return " ".join(caught.value.messages)


def complete_report(evaluation):
    """Every basic requirement met, every scored indicator at half its points."""
    items = {}
    for indicator in evaluation.application.batch.indicator_system.indicators.exclude(
        kind=IndicatorKind.GROUP
    ):
        if indicator.kind == IndicatorKind.GATE:
            items[indicator.pk] = {"met": True, "score": None, "note": ""}
        else:
            items[indicator.pk] = {"met": None, "score": (indicator.max_points or 0) / 2}
    report = {
        "basic_information": "常州绿源新材料有限公司，成立于2010年。",
        "process": "2026年11月文件审查，11月20日现场评价。",
        "highlights": "光伏发电自用比例高。",
        "conclusion": "满足绿色工厂评价要求。",
        "independence_declared": True,
        "responsible_person": "陈独立",
        "signed_on": timezone.localdate(),
    }
    return report, items


# ---- the role -------------------------------------------------------------------------------


def test_the_consulting_agency_and_the_evaluation_body_are_two_roles():
    with translation.override("en"):
        assert Role.AGENCY.label == "Consulting agency"
        assert Role.EVALUATOR.label == "Third-party evaluation body"
    assert Role.AGENCY.value == "agency"  # stored on every consultant's account
    assert Role.EVALUATOR in GRANTABLE_ROLES


def test_the_security_administrator_grants_the_evaluator_role_with_its_body(security_admin, body):
    account = UserFactory(username="newcomer")
    with translation.override("en"), pytest.raises(Exception, match="evaluation body"):
        grant_role(account, actor=security_admin, role=Role.EVALUATOR)
    granted = grant_role(account, actor=security_admin, role=Role.EVALUATOR, evaluation_body=body)
    assert (granted.role, granted.evaluation_body, granted.agency) == (Role.EVALUATOR, body, None)
    # Another role drops the body.
    expert = grant_role(account, actor=security_admin, role=Role.EXPERT, evaluation_body=body)
    assert expert.evaluation_body is None


def test_the_body_sees_only_the_applications_it_is_commissioned_for(
    batch, application, body, evaluator, other_evaluator, city_officer
):
    elsewhere = submitted(batch)
    assert not applications_visible_to(evaluator).exists()
    evaluation = commission_evaluation(application, actor=city_officer, body=body)
    assert list(applications_visible_to(evaluator)) == [application]
    assert not applications_visible_to(other_evaluator).exists()
    assert elsewhere not in applications_visible_to(evaluator)
    withdraw_evaluation(evaluation, actor=city_officer, reason="改派")
    assert not applications_visible_to(evaluator).exists()


# ---- commissioning --------------------------------------------------------------------------


def test_the_city_bureau_commissions_a_body(application, body, city_officer):
    evaluation = commission_evaluation(application, actor=city_officer, body=body)
    assert (evaluation.state, evaluation.purpose) == (
        EvaluationState.COMMISSIONED,
        EvaluationPurpose.APPLICATION,
    )
    assert [(h.from_state, h.to_state) for h in evaluation.history.all()] == [("", "commissioned")]
    assert AuditEvent.objects.filter(action="reviews.evaluation.commissioned").count() == 1


def test_only_the_city_bureau_commissions(application, body, district_officer, evaluator):
    for actor in (district_officer, evaluator):
        with pytest.raises(PermissionDenied):
            commission_evaluation(application, actor=actor, body=body)


def test_not_where_the_batch_does_not_ask_for_it(application, body, city_officer):
    application.batch.third_party_report_required = False
    application.batch.save()
    text = refusal_text(lambda: commission_evaluation(application, actor=city_officer, body=body))
    assert text == "This batch does not ask for a third-party evaluation."


def test_a_spot_check_is_commissioned_without_the_batch_setting(enterprise, body, city_officer):
    spot = BatchFactory(
        indicator_system=shipped_system(2025),
        purpose=BatchPurpose.SPOT_CHECK,
        third_party_report_required=False,
    )
    evaluation = commission_evaluation(submitted(spot, enterprise), actor=city_officer, body=body)
    assert evaluation.purpose == EvaluationPurpose.SPOT_CHECK


def test_not_a_body_that_consulted_on_the_application(application, body, city_officer):
    same = AgencyFactory(uscc=body.uscc, name="常州绿评咨询部")
    AgencyAuthorisation.objects.create(
        enterprise=application.enterprise, agency=same, revoked_at=timezone.now()
    )
    text = refusal_text(lambda: commission_evaluation(application, actor=city_officer, body=body))
    assert text == "常州绿评认证有限公司 consulted on this application (as 常州绿评咨询部)."


def test_not_a_body_with_the_consultants_legal_representative(application, body, city_officer):
    consultant = AgencyFactory(name="常州节能咨询有限公司", legal_representative="陈独立")
    application.prepared_by_agency = consultant
    application.save()
    text = refusal_text(lambda: commission_evaluation(application, actor=city_officer, body=body))
    assert text == (
        "常州节能咨询有限公司, which consulted on this application, has the same legal "
        "representative as 常州绿评认证有限公司 (陈独立)."
    )
    # Another consultant's application is fine.
    other = AgencyFactory(legal_representative="李咨询")
    application.prepared_by_agency = other
    application.save()
    assert commission_evaluation(application, actor=city_officer, body=body).pk


def test_the_batch_caps_the_evaluations_per_body(batch, body, city_officer):
    batch.evaluations_per_body = 2
    batch.save()
    first, second, third = (submitted(batch) for _ in range(3))
    commission_evaluation(first, actor=city_officer, body=body)
    declined = commission_evaluation(second, actor=city_officer, body=body)
    text = refusal_text(lambda: commission_evaluation(third, actor=city_officer, body=body))
    assert text == (
        "常州绿评认证有限公司 already has 2 evaluations in this batch, the most the batch "
        "allows one body."
    )
    # A declined commission no longer counts.
    evaluator = EvaluatorFactory(evaluation_body=body)
    decline_evaluation(declined, actor=evaluator, reason="人手不足")
    assert commission_evaluation(third, actor=city_officer, body=body).pk


def test_the_default_cap_is_15():
    assert BatchFactory.build().evaluations_per_body == 15


def test_not_twice_the_same_body(application, body, city_officer):
    commission_evaluation(application, actor=city_officer, body=body)
    text = refusal_text(lambda: commission_evaluation(application, actor=city_officer, body=body))
    assert text == "常州绿评认证有限公司 is already commissioned for this application."


# ---- suspension -----------------------------------------------------------------------------


def test_a_suspended_body_is_not_commissioned_and_its_report_is_refused(
    application, body, evaluator, city_officer
):
    evaluation = commission_evaluation(application, actor=city_officer, body=body)
    report, items = complete_report(evaluation)
    save_evaluation_report(evaluation, actor=evaluator, report=report, items=items)
    suspend_evaluation_body(body, actor=city_officer, reason="报告质量不合格")
    text = refusal_text(lambda: submit_evaluation(evaluation, actor=evaluator))
    assert text == "常州绿评认证有限公司 is suspended; its reports are not accepted."
    assert refusal_text(
        lambda: save_evaluation_report(evaluation, actor=evaluator, report=report, items=items)
    ) == ("Your body is suspended; its reports are not accepted.")
    other = submitted(application.batch)
    assert "is suspended" in refusal_text(
        lambda: commission_evaluation(other, actor=city_officer, body=body)
    )
    reinstate_evaluation_body(body, actor=city_officer)
    assert submit_evaluation(evaluation, actor=evaluator).state == EvaluationState.SUBMITTED


def test_only_the_city_bureau_suspends(body, district_officer, evaluator, city_officer):
    for actor in (district_officer, evaluator):
        with pytest.raises(PermissionDenied):
            suspend_evaluation_body(body, actor=actor, reason="x")
    with pytest.raises(BodyRefused):
        suspend_evaluation_body(body, actor=city_officer, reason=" ")


# ---- the report -----------------------------------------------------------------------------


def test_an_incomplete_report_is_not_submitted(application, body, evaluator, city_officer):
    evaluation = commission_evaluation(application, actor=city_officer, body=body)
    with translation.override("en"), pytest.raises(EvaluationRefused) as caught:
        submit_evaluation(evaluation, actor=evaluator)
    messages = caught.value.messages
    assert messages[:4] == [
        "Give the basic information of the enterprise.",
        "Describe the evaluation process.",
        "Sign the declaration of independence.",
        "The responsible person signs the report with the date.",
    ]
    assert messages[4].startswith("Judge every basic requirement and score every indicator")


def test_a_basic_requirement_is_met_or_not_and_a_score_stays_within_its_points(
    application, body, evaluator, city_officer
):
    evaluation = commission_evaluation(application, actor=city_officer, body=body)
    indicators = application.batch.indicator_system.indicators
    gate = indicators.filter(kind=IndicatorKind.GATE).first()
    scored = indicators.get(code="3.2.1")  # 4 points
    text = refusal_text(
        lambda: save_evaluation_report(
            evaluation,
            actor=evaluator,
            report={},
            items={gate.pk: {"score": D(1)}, scored.pk: {"score": D(5)}},
        )
    )
    assert text == (
        f"{gate.code} is a basic requirement: it is met or not met, not scored. "
        "3.2.1: the score must be between 0 and 4.00."
    )


def test_the_submitted_report_is_signed_and_does_not_change(
    application, body, evaluator, city_officer
):
    evaluation = commission_evaluation(application, actor=city_officer, body=body)
    report, items = complete_report(evaluation)
    save_evaluation_report(evaluation, actor=evaluator, report=report, items=items)
    done = submit_evaluation(evaluation, actor=evaluator)
    assert (done.state, done.submitted_by, done.responsible_person) == (
        EvaluationState.SUBMITTED,
        evaluator,
        "陈独立",
    )
    assert done.signed_on == timezone.localdate()
    changed = {**report, "conclusion": "改写"}
    assert (
        refusal_text(
            lambda: save_evaluation_report(done, actor=evaluator, report=changed, items=items)
        )
        == "The evaluation is “Report submitted”: its report can no longer change."
    )
    assert "cannot become" in refusal_text(
        lambda: withdraw_evaluation(done, actor=city_officer, reason="x")
    )
    assert "cannot become" in refusal_text(
        lambda: decline_evaluation(done, actor=evaluator, reason="x")
    )
    done.refresh_from_db()
    assert done.conclusion == "满足绿色工厂评价要求。"


def test_only_the_commissioned_body_writes(application, body, other_evaluator, city_officer):
    evaluation = commission_evaluation(application, actor=city_officer, body=body)
    report, items = complete_report(evaluation)
    for actor in (other_evaluator, city_officer):
        with pytest.raises(PermissionDenied):
            save_evaluation_report(evaluation, actor=actor, report=report, items=items)


def test_declining_and_withdrawing_need_a_reason(application, body, evaluator, city_officer):
    evaluation = commission_evaluation(application, actor=city_officer, body=body)
    assert refusal_text(lambda: decline_evaluation(evaluation, actor=evaluator, reason=" ")) == (
        "Please give the reason."
    )
    with pytest.raises(PermissionDenied):
        decline_evaluation(evaluation, actor=city_officer, reason="x")
    with pytest.raises(PermissionDenied):
        withdraw_evaluation(evaluation, actor=evaluator, reason="x")
    assert decline_evaluation(evaluation, actor=evaluator, reason="利益冲突").state == "refused"


# ---- pages ----------------------------------------------------------------------------------


def test_the_body_writes_and_submits_its_report_on_the_page(
    client, application, body, evaluator, city_officer
):
    evaluation = commission_evaluation(application, actor=city_officer, body=body)
    report, items = complete_report(evaluation)
    data = {key: value for key, value in report.items() if key != "independence_declared"}
    data["independence_declared"] = "on"
    for pk, item in items.items():
        if item["met"] is not None:
            data[f"met_{pk}"] = "yes"
        else:
            data[f"score_{pk}"] = str(item["score"])
    client.force_login(evaluator)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    url = reverse("reviews:evaluation_detail", args=[evaluation.code])
    assert client.get(url).status_code == 200
    partial = {**data, "process": "", "submit": "1"}
    page = client.post(url, partial)
    assert page.status_code == 400
    assert "Describe the evaluation process." in page.content.decode()
    assert page.context["form"]["highlights"].value() == "光伏发电自用比例高。"  # kept
    page = client.post(url, {**data, "submit": "1"})
    assert page.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.state == EvaluationState.SUBMITTED
    page = client.post(url, {**data, "conclusion": "改写"})
    assert page.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.conclusion == "满足绿色工厂评价要求。"


def test_the_cap_is_told_on_the_commission_page(client, batch, body, city_officer):
    batch.evaluations_per_body = 1
    batch.save()
    commission_evaluation(submitted(batch), actor=city_officer, body=body)
    application = submitted(batch)
    client.force_login(city_officer)
    with translation.override("en"):
        page = client.post(
            reverse("reviews:evaluation_commission", args=[application.code]),
            {"body": body.pk},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert page.status_code == 400
    assert "already has 1 evaluations in this batch" in page.content.decode()


def test_reviewers_see_the_third_party_scores_beside_the_others(
    client, enterprise_user, district_officer, city_officer, assigned_expert, body
):
    batch = BatchFactory(indicator_system=shipped_system(2025), third_party_report_required=True)
    application = audited(batch, enterprise_user, district_officer)
    evaluation_row(application, body, state="submitted")
    [assignment] = assign_experts(application, [assigned_expert], actor=city_officer)
    url = reverse("reviews:expert_score", args=[assignment.code])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    for reader in (city_officer, district_officer, assigned_expert):
        client.force_login(reader)
        page = client.get(url)
        assert page.status_code == 200
        text = page.content.decode()
        head = text[text.index("<thead>") : text.index("</thead>")]
        # The enterprise, the audit, the third party, then the expert.
        assert head.index("On-site audit") < head.index("Third-party evaluation")
        assert "常州绿评认证有限公司" in head
        row = text[text.index(">3.2.1<") :]
        row = row[: row.index("</tr>")]
        assert '<td class="third-party"><div>2.00</div></td>' in row  # half of 4 points


# ---- query counts ---------------------------------------------------------------------------


@pytest.mark.queries
@pytest.mark.parametrize("reader", ["evaluator", "city_officer"])
def test_the_list_costs_the_same_for_1_and_many(request, client, batch, body, reader):
    client.force_login(request.getfixturevalue(reader))
    url = reverse("reviews:evaluation_list")
    evaluation_row(submitted(batch), body)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        evaluation_row(submitted(batch), body)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert len(page.context["evaluations"]) == 5
    assert len(many) == len(one)


def test_the_city_bureau_is_offered_the_applications_without_an_evaluation(
    client, batch, enterprise, body, city_officer
):
    waiting = submitted(batch, enterprise)
    evaluation_row(submitted(batch), body)
    spot = BatchFactory(
        indicator_system=shipped_system(2025),
        purpose=BatchPurpose.SPOT_CHECK,
        third_party_report_required=False,
    )
    checked = submitted(spot)
    submitted(BatchFactory(indicator_system=shipped_system(2025)))  # the batch asks for none
    client.force_login(city_officer)
    url = reverse("reviews:evaluation_list")
    page = client.get(url)
    assert {a.pk for a in page.context["awaiting"]} == {waiting.pk, checked.pk}
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(3):
        submitted(batch)
    with CaptureQueriesContext(connection) as more:
        page = client.get(url)
    assert len(page.context["awaiting"]) == 5
    assert len(more) == len(few)


# ---- the administrators' and the bureau's pages ---------------------------------------------


def test_the_system_administrator_registers_a_body(client, system_admin):
    client.force_login(system_admin)
    url = reverse("accounts:evaluation_body_list")
    uscc = EvaluationBodyFactory.build().uscc
    page = client.post(url, {"uscc": uscc, "name": "常州新评价有限公司"})
    assert page.status_code == 200
    assert "legal_representative" in page.context["form"].errors
    assert page.context["form"]["name"].value() == "常州新评价有限公司"  # kept
    page = client.post(
        url, {"uscc": uscc, "name": "常州新评价有限公司", "legal_representative": "钱法人"}
    )
    assert page.status_code == 302
    body = EvaluationBody.objects.get(uscc=uscc)
    assert (body.name, body.legal_representative, body.is_suspended) == (
        "常州新评价有限公司",
        "钱法人",
        False,
    )
    assert AuditEvent.objects.filter(action="accounts.evaluation_body.registered").count() == 1


def test_the_security_administrator_grants_the_role_on_the_page(client, security_admin, body):
    account = UserFactory(username="newcomer")
    client.force_login(security_admin)
    url = reverse("accounts:account_detail", args=[account.code])
    page = client.post(url, {"role": Role.EVALUATOR})
    assert page.status_code == 200
    assert page.context["form"].non_field_errors()
    page = client.post(url, {"role": Role.EVALUATOR, "evaluation_body": body.pk})
    assert page.status_code == 302
    account.refresh_from_db()
    assert (account.role, account.evaluation_body) == (Role.EVALUATOR, body)


def test_the_city_bureau_suspends_and_reinstates_on_its_page(client, body, city_officer):
    client.force_login(city_officer)
    suspend = reverse("reviews:evaluation_body_suspend", args=[body.code])
    client.post(suspend, {"reason": ""})
    body.refresh_from_db()
    assert not body.is_suspended  # a reason is needed
    client.post(suspend, {"reason": "评价报告弄虚作假"})
    body.refresh_from_db()
    assert (body.is_suspended, body.suspension_reason) == (True, "评价报告弄虚作假")
    with CaptureQueriesContext(connection) as one:
        page = client.get(reverse("reviews:evaluation_bodies"))
    EvaluationBodyFactory.create_batch(4)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("reviews:evaluation_bodies"))
    assert len(page.context["bodies"]) == 5
    assert len(many) == len(one)
    client.post(reverse("reviews:evaluation_body_reinstate", args=[body.code]))
    body.refresh_from_db()
    assert not body.is_suspended


def test_the_body_and_the_officer_are_told(application, body, evaluator, city_officer):
    from greenfactory.notifications.models import Notification

    evaluation = commission_evaluation(application, actor=city_officer, body=body)
    [told] = Notification.objects.filter(recipient=evaluator)
    assert told.url == reverse("reviews:evaluation_detail", args=[evaluation.code])
    decline_evaluation(evaluation, actor=evaluator, reason="人手不足")
    assert Notification.objects.filter(recipient=city_officer).count() == 1


def test_the_scoring_sheet_is_kept_until_a_report_is_submitted(
    enterprise_user, district_officer, city_officer, assigned_expert, body
):
    from greenfactory.reviews.domain.expert_queries import sheet_stamp

    batch = BatchFactory(indicator_system=shipped_system(2025), third_party_report_required=True)
    application = audited(batch, enterprise_user, district_officer)
    [assignment] = assign_experts(application, [assigned_expert], actor=city_officer)
    before = sheet_stamp(assignment)
    evaluation_row(application, body)
    assert sheet_stamp(assignment) == before  # a commission shows nothing yet
    evaluation_row(application, EvaluationBodyFactory(), state="submitted")
    assert sheet_stamp(assignment) != before
