"""The API's writes go through the pages' domain functions and forms: the same saves, audit
entries and refusals as the web."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from greenfactory.applications.domain.submission import submission_problems
from greenfactory.applications.models import SelfEvaluation, StatusChange
from greenfactory.core.models import AuditEvent
from greenfactory.programme.enums import IndicatorKind
from greenfactory.programme.models import Batch, CoefficientTable
from greenfactory.reviews.domain.district import recommendation_problems

pytestmark = pytest.mark.django_db


def put_row(client, application, indicator, body, headers):
    url = reverse(
        "api:self_evaluation_row", kwargs={"code": application.code, "indicator": indicator.code}
    )
    return client.put(url, body, content_type="application/json", **headers)


def scored_item(application):
    """A qualitative item with points: its row has a score the form bounds by max_points."""
    return (
        application.batch.indicator_system.indicators.filter(
            kind=IndicatorKind.QUALITATIVE, max_points__isnull=False
        )
        .order_by("position")
        .first()
    )


def test_a_row_is_saved_as_the_autosave_saves_it(client, api_objects, enterprise_user, bearer):
    draft = api_objects["draft"]
    item = scored_item(draft)
    body = {"revision": 0, "score": "1.50", "explanation": "能源管理体系已运行"}
    response = put_row(client, draft, item, body, bearer(enterprise_user))
    assert response.status_code == 200, response.content
    assert response.json()["revision"] == 1
    assert response.json()["answer"]["score"] == "1.50"
    row = SelfEvaluation.objects.get(application=draft, indicator=item)
    assert (row.score, row.explanation) == (Decimal("1.50"), "能源管理体系已运行")
    event = AuditEvent.objects.get(action="applications.self_evaluation.saved")
    assert event.actor == enterprise_user and item.code in event.changes


def test_a_score_above_the_items_points_is_refused_with_the_forms_message(
    client, api_objects, enterprise_user, bearer
):
    draft = api_objects["draft"]
    item = scored_item(draft)
    body = {"revision": 0, "score": str(item.max_points + 1)}
    headers = {**bearer(enterprise_user), "HTTP_ACCEPT_LANGUAGE": "en"}
    response = put_row(client, draft, item, body, headers)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["detail"] == {
        "score": [f"Ensure this value is less than or equal to {item.max_points}."]
    }
    assert not SelfEvaluation.objects.exists()


def test_a_field_the_indicator_does_not_have_is_refused(
    client, api_objects, enterprise_user, bearer
):
    draft = api_objects["draft"]
    gate = draft.batch.indicator_system.indicators.filter(kind=IndicatorKind.GATE).first()
    response = put_row(client, draft, gate, {"revision": 0, "score": 3}, bearer(enterprise_user))
    assert response.status_code == 400
    assert response.json() | {"message": None} == {
        "code": "unknown_field",
        "message": None,
        "detail": {"fields": ["score"]},
    }


def test_a_save_built_on_an_older_revision_is_refused(
    client, api_objects, enterprise_user, agency_user, bearer
):
    draft = api_objects["draft"]
    item = scored_item(draft)
    first = put_row(client, draft, item, {"revision": 0, "score": 1}, bearer(agency_user))
    assert first.status_code == 200
    stale = put_row(client, draft, item, {"revision": 0, "score": 2}, bearer(enterprise_user))
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale"
    assert SelfEvaluation.objects.get().score == Decimal(1)


def test_an_indicator_of_another_system_is_not_found(client, api_objects, enterprise_user, bearer):
    draft = api_objects["draft"]
    url = reverse("api:self_evaluation_row", kwargs={"code": draft.code, "indicator": "nope"})
    response = client.put(
        url, {"revision": 0}, content_type="application/json", **bearer(enterprise_user)
    )
    assert response.status_code == 404


def test_a_submitted_application_is_no_longer_changed(client, api_objects, enterprise_user, bearer):
    submitted = api_objects["submitted"]
    item = scored_item(submitted)
    response = put_row(
        client, submitted, item, {"revision": 0, "score": 1}, bearer(enterprise_user)
    )
    # The enterprise prepares it (who); a submitted one is closed (when): 409, with the reason.
    assert response.status_code == 409
    assert response.json()["code"] == "refused"
    with translation.override("zh-hans"):
        assert response.json()["detail"]["problems"] == [
            translation.gettext("The application is “%(state)s” and can no longer be changed.")
            % {"state": submitted.get_state_display()}
        ]
    assert not SelfEvaluation.objects.exists()


def test_submission_is_refused_with_every_problem_the_page_lists(
    client, api_objects, enterprise_user, bearer
):
    draft = api_objects["draft"]
    url = reverse("api:application_submit", kwargs={"code": draft.code})
    response = client.post(url, {}, content_type="application/json", **bearer(enterprise_user))
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "refused"
    assert body["detail"]["problems"][1:] == [str(p) for p in submission_problems(draft)]
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_the_district_rejects_with_a_reason_through_the_transition(
    client, api_objects, district_officer, bearer
):
    submitted = api_objects["submitted"]
    url = reverse("api:district_decision", kwargs={"code": submitted.code})
    headers = bearer(district_officer)
    no_reason = client.post(url, {"decision": "reject"}, content_type="application/json", **headers)
    assert no_reason.status_code == 409
    with translation.override("zh-hans"):
        assert no_reason.json()["detail"]["problems"] == [
            str(translation.gettext("Please give the reason."))
        ]
    response = client.post(
        url,
        {"decision": "reject", "reason": "能耗数据不实"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200
    assert response.json()["state"] == "district_rejected"
    change = StatusChange.objects.get(application=submitted)
    assert (change.actor, change.reason) == (district_officer, "能耗数据不实")
    again = client.post(
        url, {"decision": "reject", "reason": "x"}, content_type="application/json", **headers
    )
    assert again.status_code == 409


def test_recommending_with_an_incomplete_checklist_lists_the_problems(
    client, api_objects, district_officer, bearer
):
    submitted = api_objects["submitted"]
    url = reverse("api:district_decision", kwargs={"code": submitted.code})
    response = client.post(
        url, {"decision": "recommend"}, content_type="application/json", **bearer(district_officer)
    )
    assert response.status_code == 409
    assert response.json()["detail"]["problems"][1:] == [
        str(p) for p in recommendation_problems(None)
    ]
    submitted.refresh_from_db()
    assert submitted.state == "submitted"


def test_a_browser_session_needs_its_csrf_token_to_write(api_objects, district_officer):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(district_officer)
    url = reverse("api:district_decision", kwargs={"code": api_objects["submitted"].code})
    body = {"decision": "reject", "reason": "x"}
    response = browser.post(url, body, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    browser.get(reverse("api:tokens"))
    token = browser.cookies["csrftoken"].value
    accepted = browser.post(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 200


def performance_url(application, year):
    return reverse("api:performance_year", kwargs={"code": application.code, "year": year})


def test_a_year_of_performance_data_is_saved_as_the_page_saves_it(
    client, api_objects, enterprise_user, bearer
):
    draft = api_objects["draft"]
    year = draft.batch.year - 1
    carrier = draft.batch.coefficient_table.carriers.first()
    body = {
        "revision": 0,
        "output_quantity": "1200",
        "output_unit": "吨",
        "energy": {carrier.key: "350.5"},
    }
    response = client.put(
        performance_url(draft, year),
        body,
        content_type="application/json",
        **bearer(enterprise_user),
    )
    assert response.status_code == 200, response.content
    saved = response.json()
    assert saved["revision"] == 1
    assert saved["performance"]["energy"] == {carrier.key: "350.5000"}
    record = draft.performance_years.get(year=year)
    assert (record.output_quantity, record.output_unit) == (Decimal(1200), "吨")
    assert record.energy == {carrier.key: "350.5000"}
    event = AuditEvent.objects.get(action="applications.performance.saved")
    assert event.actor == enterprise_user and event.changes["year"] == year


def test_performance_data_is_refused_as_on_the_page(client, api_objects, enterprise_user, bearer):
    draft = api_objects["draft"]
    headers = {**bearer(enterprise_user), "HTTP_ACCEPT_LANGUAGE": "en"}
    year = draft.batch.year - 1

    def put(body, at=year):
        return client.put(
            performance_url(draft, at), body, content_type="application/json", **headers
        )

    unknown = put({"revision": 0, "energy": {"moonlight": "1"}})
    assert (unknown.status_code, unknown.json()["detail"]) == (400, {"energy": ["moonlight"]})
    negative = put({"revision": 0, "water_intake_m3": "-5"})
    assert negative.status_code == 400
    assert list(negative.json()["detail"]) == ["water_intake_m3"]
    assert put({"revision": 0}, at=draft.batch.year).status_code == 404
    assert not draft.performance_years.exists()
    assert put({"revision": 0}).status_code == 200
    stale = put({"revision": 0, "output_unit": "件"})
    assert (stale.status_code, stale.json()["code"]) == (409, "stale")


@pytest.mark.parametrize("persona", ["city_officer", "enterprise_user", "district_officer"])
def test_a_decided_application_is_told_its_state_by_the_table_whoever_asks(
    request, client, api_objects, bearer, persona
):
    """The table first, then the permission: everyone who sees a decided application is told
    its state (409 with the table's refusal), the district officer and the others alike."""
    decided = api_objects["submitted"]
    decided.state = "recommended"
    decided.save(update_fields=["state"])
    url = reverse("api:district_decision", kwargs={"code": decided.code})
    response = client.post(
        url,
        {"decision": "reject", "reason": "x"},
        content_type="application/json",
        **bearer(request.getfixturevalue(persona)),
    )
    assert response.status_code == 409
    with translation.override("zh-hans"):
        assert response.json()["detail"]["problems"] == [
            translation.gettext("The application is “%(state)s”; it cannot become “%(to)s”.")
            % {"state": "已推荐至市工信局", "to": "辖市区不予推荐"}
        ]


def test_a_submitted_application_is_403_for_who_may_not_decide(
    client, api_objects, bearer, city_officer
):
    url = reverse("api:district_decision", kwargs={"code": api_objects["submitted"].code})
    response = client.post(
        url,
        {"decision": "reject", "reason": "x"},
        content_type="application/json",
        **bearer(city_officer),
    )
    assert response.status_code == 403


def test_steam_needs_its_enthalpy_and_wastewater_is_saved(
    client, api_objects, enterprise_user, bearer
):
    draft = api_objects["draft"]
    table = CoefficientTable.objects.get(code="GBT2589-2020+CO2-2023")
    Batch.objects.filter(pk=draft.batch_id).update(
        coefficient_table=table, grid_factor=table.grid_factors.get(key="national_2023")
    )
    headers = {**bearer(enterprise_user), "HTTP_ACCEPT_LANGUAGE": "en"}
    url = performance_url(draft, draft.batch.year - 1)
    body = {"revision": 0, "energy": {"steam": "120"}, "wastewater_treated_m3": "5000"}
    refused = client.put(url, body, content_type="application/json", **headers)
    assert refused.status_code == 400
    assert list(refused.json()["detail"]) == ["heat_content.steam"]
    foreign = client.put(
        url,
        {**body, "heat_content": {"electricity": "1"}},
        content_type="application/json",
        **headers,
    )
    assert foreign.json()["detail"] == {"heat_content": ["electricity"]}
    body.update(heat_content={"steam": "2800"}, wastewater_reused_m3="2000")
    saved = client.put(url, body, content_type="application/json", **headers)
    assert saved.status_code == 200, saved.content
    assert saved.json()["performance"]["heat_content"] == {"steam": "2800.0000"}
    record = draft.performance_years.get()
    assert (record.wastewater_treated_m3, record.wastewater_reused_m3) == (5000, 2000)
