"""The district decision's one entry point and one order (the table, then the permission), on
the page as in the API."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from greenfactory.api.serializers import DistrictDecisionInputSerializer
from greenfactory.applications.enums import ApplicationState as S
from greenfactory.applications.models import Application
from greenfactory.reviews.domain.district import DECISION_TARGETS, decision_target
from greenfactory.reviews.enums import DecisionStep
from greenfactory.reviews.forms.district import DecisionForm
from tests.factories import BatchFactory

pytestmark = pytest.mark.django_db


def _application(enterprise, state):
    return Application.objects.create(
        batch=BatchFactory(), enterprise=enterprise, state=state, submitted_at=timezone.now()
    )


def test_one_vocabulary_for_the_page_and_the_api():
    assert [value for value, _label in DecisionForm().fields["decision"].choices] == (
        DecisionStep.values
    )
    field = DistrictDecisionInputSerializer().fields["decision"]
    assert list(field.choices) == DecisionStep.values
    assert set(DECISION_TARGETS) == set(DecisionStep.values)
    assert decision_target("nonsense") == S.RECOMMENDED


@pytest.mark.parametrize("persona", ["district_officer", "city_officer", "enterprise_user"])
def test_a_decided_application_is_told_its_state_on_the_page(request, client, enterprise, persona):
    """Everyone who sees a decided application is told its state (302 with the table's
    refusal), the district officer and the others alike."""
    application = _application(enterprise, S.RECOMMENDED)
    client.force_login(request.getfixturevalue(persona))
    with translation.override("zh-hans"):
        expected = translation.gettext(
            "The application is “%(state)s”; it cannot become “%(to)s”."
        ) % {"state": S.RECOMMENDED.label, "to": S.RETURNED.label}
    response = client.post(
        reverse("reviews:district_decide", args=[application.code]),
        {"decision": "return", "reason": "x"},
        follow=True,
    )
    assert response.redirect_chain == [
        (reverse("reviews:district_review", args=[application.code]), 302)
    ]
    assert expected in response.content.decode()
    application.refresh_from_db()
    assert application.state == S.RECOMMENDED


def test_a_submitted_application_is_403_for_who_may_not_decide(client, enterprise, city_officer):
    application = _application(enterprise, S.SUBMITTED)
    client.force_login(city_officer)
    response = client.post(
        reverse("reviews:district_decide", args=[application.code]),
        {"decision": "bogus"},
    )
    assert response.status_code == 403
