"""Who may apply (decisions §51): the batch's conditions, each passing and failing, at start
and at submission, from the page, the domain and the API; who confirms 成立日期; the batch's
conditions fixed once it opens."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation

from greenfactory.accounts.domain.enterprises import (
    StepRefused,
    confirm_enterprise,
    confirm_established_on,
    update_enterprise_profile,
)
from greenfactory.accounts.enums import EnterpriseStatus
from greenfactory.applications.domain.drafts import start_application
from greenfactory.applications.domain.eligibility import (
    NotEligible,
    eligibility_checks,
    eligibility_problems,
    reference_day,
)
from greenfactory.applications.domain.submission import SubmissionRefused, submit_application
from greenfactory.applications.enums import ApplicationState
from greenfactory.applications.models import Application
from greenfactory.core.dates import years_after
from greenfactory.core.models import AuditEvent
from greenfactory.programme.domain.batches import BatchStepRefused, update_batch
from greenfactory.programme.enums import AccidentGrade, BatchState
from greenfactory.programme.models import Batch
from tests.factories import (
    BatchFactory,
    DraftApplicationFactory,
    DraftBatchFactory,
    EnterpriseFactory,
    EnterpriseUserFactory,
    OfficerFactory,
    industry,
)
from tests.factories.titles import TitleFactory, TitleLevel, TitleStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def batch():
    return BatchFactory()


def problems_at_start(batch, enterprise) -> list[str]:
    return [str(problem) for problem in eligibility_problems(batch, enterprise)]


def test_the_defaults_are_the_2023_changzhou_call():
    batch = Batch()
    assert (
        batch.min_years_operating,
        batch.industry_sections,
        batch.barred_title_level,
        batch.audit_within_years,
        batch.accident_grade,
    ) == (2, "BCD", "city", 3, AccidentGrade.MAJOR)


def test_an_eligible_enterprise_meets_every_condition_at_start(batch, enterprise_user):
    checks = eligibility_checks(batch, enterprise_user.enterprise)
    assert [check.code for check in checks] == [
        "registration",
        "window",
        "bar",
        "established",
        "industry",
        "title",
    ]
    assert all(check.met for check in checks)
    assert start_application(batch, actor=enterprise_user).state == ApplicationState.DRAFT


# 成立日期: years counted to the day the applications close.


def test_established_exactly_the_years_before_the_close_passes(batch, enterprise):
    enterprise.established_on = years_after(reference_day(batch), -2)
    assert problems_at_start(batch, enterprise) == []


def test_established_a_day_too_late_fails_with_the_day_the_years_are_reached(batch, enterprise):
    day = years_after(reference_day(batch), -2) + timedelta(days=1)
    enterprise.established_on = day
    (problem,) = problems_at_start(batch, enterprise)
    assert problem.startswith("At least 2 years in operation are required by")
    assert years_after(day, 2).isoformat() in problem


def test_a_date_the_district_has_not_confirmed_does_not_count(batch, enterprise):
    enterprise.established_on_confirmed = False
    assert problems_at_start(batch, enterprise) == [
        "The district bureau has not confirmed the date of establishment (成立日期) on the "
        "enterprise's record."
    ]


def test_a_missing_date_fails(batch, enterprise):
    enterprise.established_on = None
    (problem,) = problems_at_start(batch, enterprise)
    assert problem.startswith("The date of establishment (成立日期) on the business licence")


def test_the_platform_registration_date_is_not_the_date_of_establishment(batch):
    # Registered on the platform long ago, established last year: refused.
    enterprise = EnterpriseFactory(established_on=reference_day(batch) - timedelta(days=300))
    type(enterprise).objects.filter(pk=enterprise.pk).update(
        created_at=timezone.now() - timedelta(days=3650)
    )
    enterprise.refresh_from_db()
    assert problems_at_start(batch, enterprise)[0].startswith("At least 2 years")


def test_no_minimum_years_means_no_check(enterprise):
    batch = BatchFactory(min_years_operating=None)
    enterprise.established_on = None
    assert problems_at_start(batch, enterprise) == []


# Industry: GB/T 4754 sections.


def test_an_enterprise_outside_the_sections_fails(batch):
    enterprise = EnterpriseFactory(industry=industry("59"))
    (problem,) = problems_at_start(batch, enterprise)
    assert "section G" in problem
    assert "B, C, D" in problem


def test_the_sections_are_the_batchs(enterprise):
    enterprise.industry = industry("59")
    assert problems_at_start(BatchFactory(industry_sections="BCDG"), enterprise) == []
    assert problems_at_start(BatchFactory(industry_sections=""), enterprise) == []
    enterprise.industry = industry("26")  # manufacturing, section C
    assert problems_at_start(BatchFactory(industry_sections="B"), enterprise) != []


# Titles held in force: this level or higher.


@pytest.mark.parametrize("level", [TitleLevel.CITY, TitleLevel.PROVINCIAL, TitleLevel.NATIONAL])
def test_a_title_in_force_of_the_city_level_or_higher_bars(batch, enterprise, level):
    TitleFactory(enterprise=enterprise, level=level, year=timezone.localdate().year - 1)
    (problem,) = problems_at_start(batch, enterprise)
    assert problem.startswith(f"The enterprise holds the {timezone.localdate().year - 1} title")


def test_a_title_no_longer_in_force_does_not_bar(batch, enterprise):
    # Lapsed: its level's re-evaluation fell due in 2018 and nothing renewed it (§48).
    TitleFactory(enterprise=enterprise, year=2015, valid_until=date(2018, 11, 30))
    assert problems_at_start(batch, enterprise) == []
    TitleFactory(
        enterprise=enterprise, year=timezone.localdate().year - 1, status=TitleStatus.REVOKED
    )
    assert problems_at_start(batch, enterprise) == []


def test_a_title_without_expiry_bars_until_it_is_revoked(batch, enterprise):
    title = TitleFactory(enterprise=enterprise, year=2015)  # stands until revoked (§48)
    assert len(problems_at_start(batch, enterprise)) == 1
    type(title).objects.filter(pk=title.pk).update(
        status=TitleStatus.REVOKED, revoked_on=date(2020, 1, 1)
    )
    assert problems_at_start(batch, enterprise) == []


def test_a_provincial_bar_lets_city_title_holders_apply(enterprise):
    batch = BatchFactory(barred_title_level="provincial")
    TitleFactory(enterprise=enterprise, level=TitleLevel.CITY, year=timezone.localdate().year - 1)
    assert problems_at_start(batch, enterprise) == []
    TitleFactory(
        enterprise=enterprise, level=TitleLevel.NATIONAL, year=timezone.localdate().year - 1
    )
    assert len(problems_at_start(batch, enterprise)) == 1
    assert problems_at_start(BatchFactory(barred_title_level=""), enterprise) == []


# The refusal at start: every reason, by class.


def test_start_is_refused_with_every_reason(batch):
    user = EnterpriseUserFactory(
        enterprise=EnterpriseFactory(
            industry=industry("59"), established_on=reference_day(batch) - timedelta(days=30)
        )
    )
    with pytest.raises(NotEligible) as caught:
        start_application(batch, actor=user)
    assert str(caught.value) == "Your enterprise cannot apply to this batch."
    assert len(caught.value.problems) == 2
    assert not Application.objects.exists()


# At submission: 投产时间, the audit, the accident grade.


@pytest.fixture
def filled(batch, enterprise):
    return DraftApplicationFactory(batch=batch, enterprise=enterprise, filled=True)


def submission_eligibility(application) -> list[str]:
    return [
        str(p) for p in eligibility_problems(application.batch, application.enterprise, application)
    ]


def test_a_filled_application_meets_every_condition(filled):
    assert submission_eligibility(filled) == []
    codes = [check.code for check in eligibility_checks(filled.batch, filled.enterprise, filled)]
    assert {"production", "audit", "negative_list.accident"} <= set(codes)


def test_production_started_too_recently_fails(filled):
    filled.founded_on = reference_day(filled.batch) - timedelta(days=365)
    (problem,) = submission_eligibility(filled)
    assert problem.startswith("At least 2 years in operation are required by")


def test_the_start_of_production_must_be_given(filled):
    filled.founded_on = None
    assert submission_eligibility(filled) == [
        "The application form does not give the start of production (投产时间)."
    ]


def test_an_audit_older_than_the_batchs_years_fails(filled):
    filled.energy_audit_on = years_after(reference_day(filled.batch), -3) - timedelta(days=1)
    (problem,) = submission_eligibility(filled)
    assert "is outside the 3 years this batch accepts" in problem
    filled.energy_audit_on = years_after(reference_day(filled.batch), -3)
    assert submission_eligibility(filled) == []


def test_an_audit_without_its_report_or_its_date_fails(filled):
    filled.evidence_files.filter(kind="energy_audit").delete()
    assert submission_eligibility(filled) == [
        "The report of the energy audit, cleaner-production audit or energy diagnosis has not "
        "been uploaded."
    ]
    filled.energy_audit_kind = ""
    (problem,) = submission_eligibility(filled)
    assert problem.startswith("The application form does not name the latest energy audit")


def test_no_audit_years_means_no_audit_check(filled):
    Batch.objects.filter(pk=filled.batch_id).update(audit_within_years=None)
    filled.refresh_from_db()
    filled.energy_audit_kind, filled.energy_audit_on = "", None
    assert submission_eligibility(filled) == []


@pytest.mark.parametrize(
    ("grade", "words"),
    [
        (AccidentGrade.MAJOR, "major or worse (重大及以上)"),
        (AccidentGrade.SERIOUS, "serious or worse (较大及以上)"),
        (AccidentGrade.GENERAL, "of any grade (一般及以上)"),
    ],
)
def test_the_accident_line_names_the_batchs_grade_and_a_yes_refuses(filled, grade, words):
    Batch.objects.filter(pk=filled.batch_id).update(accident_grade=grade)
    filled.refresh_from_db()
    assert submission_eligibility(filled) == []
    filled.negative_list = {**filled.negative_list, "accident": {"answer": True, "note": ""}}
    (problem,) = submission_eligibility(filled)
    assert words in problem
    assert problem.endswith("applies, so the enterprise cannot apply.")


def test_submission_is_refused_when_a_condition_fails_meanwhile(filled, enterprise_user):
    TitleFactory(enterprise=filled.enterprise, year=timezone.localdate().year - 1)
    with pytest.raises(SubmissionRefused) as caught:
        submit_application(filled, actor=enterprise_user)
    assert any("title" in str(p) for p in caught.value.problems)
    filled.refresh_from_db()
    assert filled.state == ApplicationState.DRAFT


def test_a_spot_check_batch_checks_only_registration_window_and_negative_list(enterprise):
    batch = BatchFactory(purpose="spot_check")
    TitleFactory(enterprise=enterprise, year=timezone.localdate().year - 1)
    enterprise.industry = industry("59")
    assert [c.code for c in eligibility_checks(batch, enterprise)] == ["registration", "window"]
    assert problems_at_start(batch, enterprise) == []


# The pages.


def test_the_eligibility_page_names_each_failure(client, batch, django_assert_num_queries):
    user = EnterpriseUserFactory(enterprise=EnterpriseFactory(industry=industry("59")))
    client.force_login(user)
    url = reverse("applications:eligibility", args=[batch.code])
    client.get(url)  # the session and caches warm
    with django_assert_num_queries(7):  # the session read with its user: one
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert page.status_code == 200
    assert "this batch takes sections B, C, D only" in text
    assert "Your enterprise cannot apply to this batch while a condition above is not met." in text
    assert reverse("applications:application_start", args=[batch.code]) not in text


def test_the_eligibility_page_offers_the_start_to_an_eligible_enterprise(
    client, batch, enterprise_user
):
    client.force_login(enterprise_user)
    page = client.get(reverse("applications:eligibility", args=[batch.code]))
    assert reverse("applications:application_start", args=[batch.code]) in page.content.decode()


def test_a_refused_start_in_the_browser_lists_the_reasons(client, batch):
    user = EnterpriseUserFactory(enterprise=EnterpriseFactory(industry=industry("59")))
    client.force_login(user)
    response = client.post(
        reverse("applications:application_start", args=[batch.code]),
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.redirect_chain[-1][0] == reverse("applications:eligibility", args=[batch.code])
    shown = [str(m) for m in response.context["messages"]]
    assert shown[0] == "Your enterprise cannot apply to this batch."
    assert any("section G" in m for m in shown)
    assert not Application.objects.exists()


def test_the_api_refuses_an_ineligible_submission_with_the_reasons(client, filled, enterprise_user):
    from greenfactory.api.domain.tokens import issue_token

    filled.founded_on = date.today()
    filled.save()
    _token, key = issue_token(actor=enterprise_user, name="test", days=30)
    response = client.post(
        reverse("api:application_submit", kwargs={"code": filled.code}),
        {},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 409
    assert any(
        p.startswith("At least 2 years in operation") for p in response.json()["detail"]["problems"]
    )


def test_the_application_form_keeps_what_was_typed_when_refused(client, filled, enterprise_user):
    client.force_login(enterprise_user)
    url = reverse("applications:application_form", args=[filled.code])
    response = client.post(
        url,
        {
            "revision": filled.revision,
            "products": "新产品",
            "founded_on": "2010-03-18",
            "energy_audit_kind": "cleaner_production",
            "energy_audit_on": "not-a-date",
            "contact_phone": "13905190001",
        },
    )
    assert response.status_code == 200  # shown again with its errors
    assert response.context["form"].errors["energy_audit_on"]
    text = response.content.decode()
    assert 'value="not-a-date"' in text
    assert '<option value="cleaner_production" selected>' in text
    filled.refresh_from_db()
    assert filled.energy_audit_kind == "energy_audit"


# 成立日期: the enterprise gives it, only the district confirms it.


@pytest.fixture
def pending(db):
    return EnterpriseFactory(
        status=EnterpriseStatus.PENDING, established_on_confirmed=False, confirmed_at=None
    )


def test_confirming_the_registration_confirms_the_date(pending):
    confirmed = confirm_enterprise(pending, actor=OfficerFactory())
    assert confirmed.established_on_confirmed
    event = AuditEvent.objects.get(action="accounts.enterprise.confirmed")
    assert event.changes["established_on"] == "2008-06-18"


def test_a_changed_date_needs_the_district_again(enterprise_user):
    enterprise = update_enterprise_profile(
        enterprise_user.enterprise,
        actor=enterprise_user,
        data={"established_on": date(2009, 1, 5)},
    )
    assert not enterprise.established_on_confirmed
    assert enterprise.status == EnterpriseStatus.CONFIRMED
    confirmed = confirm_established_on(enterprise, actor=OfficerFactory())
    assert confirmed.established_on_confirmed
    assert AuditEvent.objects.filter(
        action="accounts.enterprise.established_on_confirmed", object_id=enterprise.code
    ).exists()


@pytest.mark.parametrize(
    "persona",
    ["enterprise_user", "other_district_officer", "city_officer", "agency_user", "system_admin"],
)
def test_only_the_enterprises_district_confirms_the_date(request, enterprise, persona):
    enterprise.established_on_confirmed = False
    enterprise.save()
    with pytest.raises(PermissionDenied):
        confirm_established_on(enterprise, actor=request.getfixturevalue(persona))
    enterprise.refresh_from_db()
    assert not enterprise.established_on_confirmed


def test_the_district_confirms_the_date_on_the_enterprise_page(
    client, enterprise, district_officer
):
    enterprise.established_on_confirmed = False
    enterprise.save()
    client.force_login(district_officer)
    url = reverse("accounts:enterprise_detail", args=[enterprise.code])
    assert "2008-06-18" in client.get(url).content.decode()
    client.post(reverse("accounts:enterprise_confirm_established_on", args=[enterprise.code]))
    enterprise.refresh_from_db()
    assert enterprise.established_on_confirmed
    again = client.post(
        reverse("accounts:enterprise_confirm_established_on", args=[enterprise.code]),
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "The date of establishment is already confirmed." in again.content.decode()


def test_a_pending_registration_is_confirmed_as_a_whole(pending, district_officer):
    with pytest.raises(StepRefused):
        confirm_established_on(pending, actor=district_officer)


def test_registration_records_the_date_unconfirmed(client):
    from tests.accounts.test_registration import PASSWORD, form_data, link_in_mail

    client.post(reverse("accounts:register"), form_data())
    client.post(link_in_mail(), PASSWORD)
    registered = EnterpriseFactory._meta.model.objects.get(name="常州绿能科技有限公司")
    assert registered.established_on == date(2012, 5, 8)
    assert not registered.established_on_confirmed


def test_registration_without_the_date_keeps_what_was_typed(client):
    from tests.accounts.test_registration import form_data

    response = client.post(
        reverse("accounts:register"), form_data(established_on=""), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert response.context["form"].errors["established_on"]
    assert 'value="常州绿能科技有限公司"' in response.content.decode()


# The batch's conditions: editable while a draft, fixed once open.


def test_conditions_change_while_the_batch_is_a_draft(city_officer):
    batch = DraftBatchFactory()
    update_batch(
        batch,
        actor=city_officer,
        data={
            "min_years_operating": 3,
            "industry_sections": "C",
            "barred_title_level": "provincial",
            "audit_within_years": 2,
            "accident_grade": AccidentGrade.SERIOUS,
        },
    )
    batch.refresh_from_db()
    assert (batch.min_years_operating, batch.industry_sections, batch.accident_grade) == (
        3,
        "C",
        "serious",
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("min_years_operating", 5),
        ("industry_sections", "C"),
        ("barred_title_level", ""),
        ("audit_within_years", 1),
        ("accident_grade", AccidentGrade.SERIOUS),
    ],
)
def test_conditions_are_fixed_once_the_batch_is_open(city_officer, field, value):
    batch = BatchFactory(state=BatchState.OPEN)
    with pytest.raises(BatchStepRefused):
        update_batch(batch, actor=city_officer, data={field: value})


def test_the_batch_page_keeps_typed_conditions_when_refused(client, city_officer):
    batch = DraftBatchFactory()
    client.force_login(city_officer)
    url = reverse("programme:batch_detail", args=[batch.code])
    form = client.get(url).context["form"]
    data = {
        name: form[name].value() if form[name].value() is not None else "" for name in form.fields
    }
    for name in ("opens_at", "closes_at"):
        data[name] = form[name].value().strftime("%Y-%m-%dT%H:%M")
    data.update({"industry_sections": "B1", "min_years_operating": "4"})
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].errors["industry_sections"]
    text = response.content.decode()
    assert 'value="B1"' in text
    assert 'value="4"' in text
    batch.refresh_from_db()
    assert batch.min_years_operating == 2


def test_the_sections_are_kept_in_capitals_without_repeats():
    from greenfactory.programme.forms import BatchForm

    form = BatchForm(data={"industry_sections": "dcb c"})
    form.is_valid()
    assert form.cleaned_data["industry_sections"] == "BCD"


# One accident rule: the declaration answers the basic requirement on accidents (0.2).


def test_the_accident_declaration_answers_the_basic_requirement(filled, enterprise_user):
    from greenfactory.applications.domain.drafts import (
        save_application_form,
        save_self_evaluation,
    )
    from greenfactory.applications.domain.figures import self_score

    gate = filled.batch.indicator_system.indicators.get(code="0.2")
    declared = {**filled.negative_list, "accident": {"answer": True, "note": "2025年较大事故"}}
    filled = save_application_form(
        filled,
        actor=enterprise_user,
        data={"negative_list": declared},
        certifications=[],
        revision=None,
    )
    assert filled.self_evaluations.get(indicator=gate).met is False
    assert "0.2" in self_score(filled).gate_failures
    # The enterprise cannot contradict its declaration on the 自评表.
    filled = save_self_evaluation(
        filled, actor=enterprise_user, answers={gate: {"met": True}}, revision=None
    )
    assert filled.self_evaluations.get(indicator=gate).met is False
    # One message, in the batch's words, not a second one for the gate.
    problems = [str(p) for p in submission_problems_of(filled)]
    assert [p for p in problems if "accident" in p or "0.2" in p] == [
        "Negative list: “A safety (including cyber and data security), quality or pollution "
        "accident major or worse (重大及以上), or tax evasion” applies, so the enterprise cannot "
        "apply."
    ]
    declared["accident"] = {"answer": False, "note": ""}
    filled = save_application_form(
        filled,
        actor=enterprise_user,
        data={"negative_list": declared},
        certifications=[],
        revision=None,
    )
    assert filled.self_evaluations.get(indicator=gate).met is True


def submission_problems_of(application):
    from greenfactory.applications.domain.submission import (
        submission_problems,
    )

    application.refresh_from_db()
    return submission_problems(application)


def test_without_an_accident_gate_the_enterprise_answers_it(filled, enterprise_user):
    from greenfactory.applications.domain.drafts import (
        save_self_evaluation,
    )

    Batch.objects.filter(pk=filled.batch_id).update(accident_gate="")
    filled.refresh_from_db()
    gate = filled.batch.indicator_system.indicators.get(code="0.2")
    filled = save_self_evaluation(
        filled, actor=enterprise_user, answers={gate: {"met": False}}, revision=None
    )
    assert filled.self_evaluations.get(indicator=gate).met is False
    assert any("0.2" in str(p) for p in submission_problems_of(filled))


def test_the_accident_gate_must_be_a_basic_requirement_of_the_system(city_officer):
    batch = DraftBatchFactory()
    with pytest.raises(BatchStepRefused) as caught:
        update_batch(batch, actor=city_officer, data={"accident_gate": "1.1"})
    assert str(caught.value).startswith("1.1 is not a basic requirement")


def test_the_self_evaluation_page_shows_the_gate_as_answered_by_the_declaration(
    client, filled, enterprise_user
):
    client.force_login(enterprise_user)
    gate = filled.batch.indicator_system.indicators.get(code="0.2")
    page = client.get(reverse("applications:self_evaluation", args=[filled.code]))
    assert page.context["form"].fields[f"met_{gate.pk}"].disabled
