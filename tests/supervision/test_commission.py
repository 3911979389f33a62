"""The bureau commissions a third-party evaluation body for a spot check from the check's page
(plan 五(四), decisions §61.2): who may, who may not, the refusal at the field, and the body
finding the commission on its home page."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from greenfactory.applications.enums import ApplicationState
from greenfactory.applications.models import Application
from greenfactory.reviews.enums import EvaluationPurpose, EvaluationState
from greenfactory.reviews.models import ThirdPartyEvaluation
from greenfactory.supervision.domain.rounds import draw_sample
from tests.factories import EvaluationBodyFactory, EvaluatorFactory

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
