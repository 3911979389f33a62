"""Spot checks and dashboard figures through the API: the same step and the same numbers as the
pages."""

import pytest
from django.urls import reverse

from greenfactory.applications.models import Application
from greenfactory.dashboards.figures import figure_table, scope_for
from greenfactory.titles.enums import TitleStatus

pytestmark = pytest.mark.django_db


def test_the_city_revokes_through_the_api_as_on_the_page(client, bearer, api_objects, city_officer):
    check_code = api_objects["kwargs"]["spot_check"]["code"]
    url = reverse("api:spot_check_decision", kwargs={"code": check_code})
    headers = bearer(city_officer)
    refused = client.post(url, {"outcome": "revoked"}, content_type="application/json", **headers)
    assert refused.status_code == 409
    assert refused.json()["code"] == "refused"
    from greenfactory.supervision.models import SpotCheck

    check = SpotCheck.objects.select_related("title__enterprise").get(code=check_code)
    Application.objects.filter(pk=check.application_id).update(state="audited")
    no_reason = client.post(url, {"outcome": "revoked"}, content_type="application/json", **headers)
    assert no_reason.status_code == 409
    answer = client.post(
        url,
        {"outcome": "revoked", "reason": "能耗不达标"},
        content_type="application/json",
        **headers,
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["state"] == "revoked"
    assert body["decisions"][-1]["reason"] == "能耗不达标"
    check.title.refresh_from_db()
    check.title.enterprise.refresh_from_db()
    assert check.title.status == TitleStatus.REVOKED
    assert check.title.enterprise.barred_until is not None


def test_passed_without_summary_and_audit_is_refused_with_409(
    client, bearer, api_objects, city_officer
):
    from greenfactory.supervision.models import SpotCheck

    check_code = api_objects["kwargs"]["spot_check"]["code"]
    check = SpotCheck.objects.get(code=check_code)
    Application.objects.filter(pk=check.application_id).update(state="audited")
    url = reverse("api:spot_check_decision", kwargs={"code": check_code})
    headers = {**bearer(city_officer), "HTTP_ACCEPT_LANGUAGE": "en"}
    refused = client.post(url, {"outcome": "passed"}, content_type="application/json", **headers)
    assert refused.status_code == 409
    assert refused.json()["code"] == "refused"
    assert "No on-site audit of the factory has been completed." in str(refused.json())
    check.refresh_from_db()
    assert check.state == "in_progress"
    answer = client.post(
        url,
        {"outcome": "passed", "reason": "企业已关停，按通过归档"},
        content_type="application/json",
        **headers,
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["decisions"][-1]["reason"] == "企业已关停，按通过归档"


def test_unknown_fields_and_bad_outcomes_are_refused(client, bearer, api_objects, city_officer):
    url = reverse("api:spot_check_decision", kwargs=api_objects["kwargs"]["spot_check"])
    headers = bearer(city_officer)
    for body, code in (
        ({"outcome": "passed", "seed": "x"}, "unknown_field"),
        ({"outcome": "x"}, "invalid"),
    ):
        answer = client.post(url, body, content_type="application/json", **headers)
        assert answer.status_code == 400
        assert answer.json()["code"] == code


def test_dashboard_figures_are_the_pages_tables(client, bearer, api_objects, city_officer):
    answer = client.get(reverse("api:dashboard_figures"), **bearer(city_officer))
    assert answer.status_code == 200
    figures = {figure["key"]: figure for figure in answer.json()}
    page = figure_table(scope_for(city_officer), "spot_checks")
    assert figures["spot_checks"]["rows"] == [
        [str(c) if not isinstance(c, int) else c for c in r] for r in page.rows
    ]
    assert "by_year" in figures and "targets" in figures
