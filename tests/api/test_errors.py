"""One error shape for every refusal: a stable code, its meaning in Chinese and English, and
the specifics in the request's language."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from greenfactory.api.errors import MESSAGES
from greenfactory.applications.models import SelfEvaluation

pytestmark = pytest.mark.django_db


@pytest.fixture
def row_url(api_objects):
    return reverse("api:self_evaluation_row", kwargs=api_objects["kwargs"]["draft_row"])


@pytest.fixture
def as_enterprise(bearer, enterprise_user):
    return bearer(enterprise_user)


def put(client, url, body, headers, content_type="application/json"):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.put(url, data, content_type=content_type, **headers)


def assert_error(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code
    with translation.override("en"):
        english = str(MESSAGES[code][1])
    with translation.override("zh-hans"):
        chinese = str(MESSAGES[code][1])
    assert body["message"] == {"zh-hans": chinese, "en": english}
    return body


def test_malformed_json_is_refused_and_nothing_is_saved(client, row_url, as_enterprise):
    response = put(client, row_url, '{"revision": 0, "met": tru', as_enterprise)
    assert_error(response, 400, "malformed")
    assert not SelfEvaluation.objects.exists()


def test_a_body_that_is_not_an_object_is_refused(client, row_url, as_enterprise):
    body = assert_error(put(client, row_url, [1, 2], as_enterprise), 400, "invalid")
    assert body["detail"] == {"body": ["Expected a JSON object."]}


def test_wrong_types_name_each_field(client, row_url, as_enterprise):
    response = put(client, row_url, {"revision": "zero", "met": "perhaps"}, as_enterprise)
    body = assert_error(response, 400, "invalid")
    assert set(body["detail"]) == {"revision", "met"}
    assert not SelfEvaluation.objects.exists()


def test_unknown_fields_are_refused_by_name(client, row_url, as_enterprise):
    response = put(client, row_url, {"revision": 0, "met": True, "state": "x"}, as_enterprise)
    body = assert_error(response, 400, "unknown_field")
    assert body["detail"] == {"fields": ["state"]}


def test_a_huge_body_is_refused_before_it_is_read(client, row_url, as_enterprise, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = {"revision": 0, "explanation": "x" * 2000}
    response = put(client, row_url, body, as_enterprise)
    assert_error(response, 413, "too_large")
    assert not SelfEvaluation.objects.exists()


def test_a_form_post_is_an_unsupported_media_type(client, row_url, as_enterprise):
    response = put(
        client, row_url, "revision=0", as_enterprise, "application/x-www-form-urlencoded"
    )
    assert_error(response, 415, "unsupported_media_type")


def test_a_method_the_endpoint_does_not_have(client, row_url, as_enterprise):
    assert_error(client.delete(row_url, **as_enterprise), 405, "method_not_allowed")


def test_no_credentials_and_bad_credentials(client, row_url):
    response = client.get(reverse("api:application_list"))
    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Bearer"
    bad = client.get(reverse("api:application_list"), HTTP_AUTHORIZATION="Bearer gf_abc_def")
    assert_error(bad, 401, "authentication_failed")


def test_an_address_under_the_api_that_names_nothing_is_a_json_404(client):
    assert_error(client.get("/api/v1/nothing/here"), 404, "not_found")


def test_a_write_to_an_address_that_names_nothing_is_a_json_404_not_a_csrf_page(
    api_objects, enterprise_user
):
    """Found by the long schemathesis run: a negative year fell through to the catch-all,
    whose CSRF check answered a logged-in browser's PUT with Django's HTML 403."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(enterprise_user)
    url = f"/api/v1/applications/{api_objects['draft'].code}/performance/-437/"
    assert_error(browser.put(url, "{}", content_type="application/json"), 404, "not_found")


@pytest.mark.parametrize("met", ["", "yes", 1, "true"])
def test_a_boolean_is_a_json_boolean(client, row_url, as_enterprise, met):
    """Found by the long schemathesis run: DRF read "" as null and "yes" as true."""
    body = assert_error(
        put(client, row_url, {"revision": 0, "met": met}, as_enterprise), 400, "invalid"
    )
    assert list(body["detail"]) == ["met"]
    assert not SelfEvaluation.objects.exists()


def test_the_detail_is_in_the_language_of_the_request(client, row_url, as_enterprise):
    body = {"revision": 0, "met": "perhaps"}
    english = put(client, row_url, body, {**as_enterprise, "HTTP_ACCEPT_LANGUAGE": "en"})
    assert english.json()["detail"]["met"] == ["Must be a valid boolean."]
    chinese = put(client, row_url, body, {**as_enterprise, "HTTP_ACCEPT_LANGUAGE": "zh-hans"})
    assert chinese.json()["detail"]["met"] == ["必须是有效的布尔值。"]


def test_control_characters_never_reach_the_database(client, enterprise_user, bearer):
    """PostgreSQL refuses a NUL in a query: such a path or key is answered before it."""
    headers = bearer(enterprise_user)
    assert_error(client.get("/api/v1/applications/AB%00CD/", **headers), 404, "not_found")
    bad_key = client.get(reverse("api:batch_list"), HTTP_AUTHORIZATION="Bearer gf_ab\x00cd_x")
    assert_error(bad_key, 401, "authentication_failed")


@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_a_deeply_nested_body_is_refused_before_it_is_parsed(
    client, row_url, as_enterprise, opener
):
    body = opener * 100_000
    response = put(client, row_url, body, as_enterprise)
    refused = assert_error(response, 400, "malformed")
    assert refused["detail"] == {"max_depth": 32}
    assert not SelfEvaluation.objects.exists()


def test_nesting_inside_strings_does_not_count(client, api_objects):
    url = reverse("api:notice_objections", kwargs=api_objects["kwargs"]["notice"])
    reason = "[" * 200 + "{" * 200 + '"\\"[ 能耗数据与统计不一致'
    body = {"entry": 1, "name": "王五", "contact": "wang@example.cn", "reason": reason}
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content


def test_the_anonymous_objection_endpoint_refuses_deep_nesting(client, api_objects):
    url = reverse("api:notice_objections", kwargs=api_objects["kwargs"]["notice"])
    response = client.post(url, "[" * 100_000, content_type="application/json")
    assert_error(response, 400, "malformed")
