"""The bureau commissions a third-party evaluation body for a spot check from the check's page
(plan 五(四), decisions §61.2): who may, who may not, the refusal at the field, and the body
finding the commission on its home page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from greenfactory.applications.enums import ApplicationState
from greenfactory.applications.models import Application
from greenfactory.reviews.enums import EvaluationPurpose, EvaluationState
from greenfactory.reviews.models import ThirdPartyEvaluation
from greenfactory.supervision.domain.rounds import draw_sample
from greenfactory.supervision.enums import CheckState
from greenfactory.supervision.models import SpotCheck
from tests.factories import EnterpriseFactory, EvaluationBodyFactory, EvaluatorFactory, region

from .helpers import make_round, make_title

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def check(city_officer, enterprise):
    make_title(enterprise)
    round_ = draw_sample(
        make_round(city_officer, sample_count=1), actor=city_officer, seed="commission01"
    )
    return round_.checks.get()


def filed(check):
    Application.objects.filter(pk=check.application_id).update(
        state=ApplicationState.SUBMITTED, submitted_at=timezone.now()
    )
    return check


@pytest.fixture
def body():
    return EvaluationBodyFactory(name="常州绿评认证有限公司")


@pytest.fixture
def evaluator(body):
    return EvaluatorFactory(username="evaluator", evaluation_body=body)


def url(check):
    return reverse("supervision:check_commission", args=[check.code])


def test_the_city_officer_commissions_a_body_from_the_check(
    client, check, body, evaluator, city_officer
):
    filed(check)
    client.force_login(city_officer)
    page = client.get(reverse("supervision:check", args=[check.code]))
    assert "commission_form" in page.context
    assert url(check) in page.content.decode()
    response = client.post(url(check), {"body": body.pk})
    assert response.status_code == 302
    evaluation = ThirdPartyEvaluation.objects.get()
    assert (evaluation.application_id, evaluation.purpose, evaluation.state) == (
        check.application_id,
        EvaluationPurpose.SPOT_CHECK,
        EvaluationState.COMMISSIONED,
    )
    page = client.get(reverse("supervision:check", args=[check.code]))
    assert page.context["evaluations"] == [evaluation]
    # The body finds it on its home page, as a spot check.
    client.force_login(evaluator)
    home = client.get("/").content.decode()
    assert reverse("reviews:evaluation_detail", args=[evaluation.code]) in home
    assert "抽检" in home  # the purpose: a spot check
    assert check.title.enterprise.name in home


def test_a_check_not_yet_filed_is_refused_at_the_field(client, check, body, city_officer):
    client.force_login(city_officer)
    response = client.post(url(check), {"body": body.pk})
    assert response.status_code == 400
    with translation.override("zh-hans"):  # the page's language
        expected = translation.gettext("The application has not been submitted.")
    assert response.context["commission_form"].errors["body"] == [expected]
    assert str(body.pk) in response.content.decode()  # the choice is kept
    assert not ThirdPartyEvaluation.objects.exists()


def test_the_district_sees_the_evaluations_but_does_not_commission(
    client, check, body, district_officer, city_officer
):
    filed(check)
    client.force_login(district_officer)
    page = client.get(reverse("supervision:check", args=[check.code]))
    assert "commission_form" not in page.context
    assert page.context["evaluations"] == []
    assert client.post(url(check), {"body": body.pk}).status_code == 403
    assert not ThirdPartyEvaluation.objects.exists()


def test_the_enterprise_neither_commissions_nor_sees_the_section(
    client, check, body, enterprise_user
):
    filed(check)
    client.force_login(enterprise_user)
    page = client.get(reverse("supervision:check", args=[check.code]))
    assert "commission_form" not in page.context
    assert "evaluations" not in page.context
    assert client.post(url(check), {"body": body.pk}).status_code == 403


def test_the_body_itself_cannot_reach_the_check(client, check, body, evaluator):
    filed(check)
    client.force_login(evaluator)
    assert client.get(reverse("supervision:check", args=[check.code])).status_code == 404
    assert client.post(url(check), {"body": body.pk}).status_code == 404
    assert not ThirdPartyEvaluation.objects.exists()


# From the round's page (decisions §70.4): each check still open and filed offers the city
# officer the same commissioning, posted to the check's own step.


def round_url(check):
    return reverse("supervision:round", args=[check.round.code])


def test_the_city_officer_commissions_from_the_rounds_page(client, check, body, city_officer):
    filed(check)
    client.force_login(city_officer)
    page = client.get(round_url(check))
    html = page.content.decode()
    assert url(check) in html
    assert body.name in html
    assert [c.can_commission for c in page.context["checks"]] == [True]
    response = client.post(url(check), {"body": body.pk, "from": "round"})
    assert response.status_code == 302
    assert response["Location"] == round_url(check)  # back where the officer was
    evaluation = ThirdPartyEvaluation.objects.get()
    assert (evaluation.application_id, evaluation.purpose, evaluation.commissioned_by) == (
        check.application_id,
        EvaluationPurpose.SPOT_CHECK,
        city_officer,
    )


def test_a_refusal_from_the_round_is_shown_at_the_field_on_the_checks_page(
    client, check, body, city_officer
):
    """The same step refuses the same way (here: a body commissioned twice)."""
    filed(check)
    client.force_login(city_officer)
    client.post(url(check), {"body": body.pk, "from": "round"})
    response = client.post(url(check), {"body": body.pk, "from": "round"})
    assert response.status_code == 400
    assert response.context["commission_form"].errors["body"]
    assert ThirdPartyEvaluation.objects.count() == 1


def test_a_check_not_filed_or_decided_offers_nothing_on_the_round(
    client, check, body, city_officer
):
    client.force_login(city_officer)
    page = client.get(round_url(check))  # not yet filed
    assert url(check) not in page.content.decode()
    assert "evaluation_bodies" not in page.context
    filed(check)
    SpotCheck.objects.filter(pk=check.pk).update(state=CheckState.PASSED)
    page = client.get(round_url(check))  # decided
    assert url(check) not in page.content.decode()


def test_the_district_sees_the_round_without_the_action(client, check, body, district_officer):
    filed(check)
    client.force_login(district_officer)
    page = client.get(round_url(check))
    assert page.status_code == 200
    assert [c.can_commission for c in page.context["checks"]] == [False]
    assert url(check) not in page.content.decode()
    assert client.post(url(check), {"body": body.pk, "from": "round"}).status_code == 403
    assert not ThirdPartyEvaluation.objects.exists()


@pytest.mark.parametrize("persona", ["enterprise_user", "assigned_expert"])
def test_the_enterprise_and_an_expert_neither_see_the_round_nor_commission(
    request, client, check, body, persona
):
    filed(check)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(round_url(check)).status_code == 404
    assert client.post(url(check), {"body": body.pk, "from": "round"}).status_code in (403, 404)
    assert not ThirdPartyEvaluation.objects.exists()


def filed_round(city_officer, n):
    for index in range(n):
        make_title(EnterpriseFactory(district=region(("320412", "320411")[index % 2])))
    round_ = draw_sample(
        make_round(city_officer, sample_count=n), actor=city_officer, seed=f"commission{n:02d}"
    )
    for check in round_.checks.all():
        filed(check)
    return round_


def test_the_rounds_page_costs_the_same_with_one_check_or_many(client, city_officer, body):
    counts = {}
    for n in (1, 6):
        round_ = filed_round(city_officer, n)
        client.force_login(city_officer)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("supervision:round", args=[round_.code]))
        assert page.status_code == 200
        assert sum(c.can_commission for c in page.context["checks"]) == n
        assert page.content.decode().count('name="from" value="round"') == n
        counts[n] = len(queries)
    assert counts[1] == counts[6]
