"""Every role has a home page: a role without one answered 500 right after its login."""

import pytest
from django.urls import reverse

from greenfactory.accounts.enums import Role
from tests.factories import EvaluationBodyFactory, EvaluatorFactory, SubmittedApplicationFactory
from tests.factories.reviews import evaluation_row

pytestmark = pytest.mark.django_db


def test_every_role_has_a_home_page(
    client,
    django_user_model,
    enterprise_user,
    agency_user,
    district_officer,
    city_officer,
    assigned_expert,
    system_admin,
    security_admin,
    audit_admin,
):
    EvaluatorFactory()
    for role in Role:
        user = django_user_model.objects.filter(role=role).first()
        assert user is not None, role
        client.force_login(user)
        assert client.get(reverse("dashboards:home")).status_code == 200, role


def test_the_evaluation_body_home_lists_what_it_is_commissioned_for(client):
    body = EvaluationBodyFactory()
    evaluation = evaluation_row(SubmittedApplicationFactory(), body)
    evaluator = EvaluatorFactory(evaluation_body=body)
    client.force_login(evaluator)
    response = client.get(reverse("dashboards:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("reviews:evaluation_detail", args=[evaluation.code]) in html
    assert evaluation.application.enterprise.name in html
