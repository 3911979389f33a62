"""The API's access matrix, generated from the schema: every operation of /api/v1/schema/ must
have a row in ``rows.ENDPOINTS`` (a new endpoint without one fails here), and every row is
checked for every persona with that persona's own API token.

The administrators may hold no token (api.issue_token), so they are checked through their
session: the API offers them nothing, and they get what the rows say."""

import re

import pytest
from django.urls import URLPattern, reverse
from drf_spectacular.generators import SchemaGenerator

from greenfactory.api import urls as api_urls
from greenfactory.api.domain.tokens import issue_token
from tests.access.rows import check_row
from tests.conftest import PERSONAS
from tests.database import share_module_rows

from .conftest import make_api_objects
from .rows import ENDPOINTS, PAGES, Multipart

pytestmark = [pytest.mark.access, pytest.mark.django_db]

METHODS = {"get", "put", "post", "patch", "delete"}


def route_templates() -> dict[str, str]:
    """URL name → its path as the schema writes it (``/api/v1/applications/{code}/``)."""
    templates = {}
    for pattern in api_urls.urlpatterns:
        if isinstance(pattern, URLPattern) and pattern.name:
            route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))
            templates[f"api:{pattern.name}"] = "/" + route
    return templates


def schema_operations() -> set[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (path, method)
        for path, item in schema["paths"].items()
        for method in item
        if method in METHODS
    }


def url_name(key: str) -> str:
    """The URL name of a row: ``name`` or ``name@method``."""
    return key.partition("@")[0]


def test_every_operation_of_the_schema_has_a_row():
    templates = route_templates()
    rows = [(templates[url_name(key)], method) for key, (method, *_rest) in ENDPOINTS.items()]
    assert len(set(rows)) == len(rows)
    assert schema_operations() == set(rows)


def test_the_schema_names_every_endpoint_of_the_url_configuration():
    """An API view left out of the schema would escape the matrix: only the pages, the
    schema itself and the documentation are not operations."""
    templates = route_templates()
    assert set(templates) == {url_name(key) for key in ENDPOINTS} | set(PAGES)


def authenticate(request, client, persona) -> dict:
    user = request.getfixturevalue(persona)
    if user is None:
        return {}
    if user.has_perm("api.issue_token"):
        _token, key = issue_token(actor=user, name="matrix", days=30)
        return {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    client.force_login(user)
    return {}


share_module_rows(globals(), PERSONAS)


@pytest.fixture(scope="module")
def module_api_objects(module_personas):
    """The objects of ``api_objects``, made once for the module's cells (each cell's own
    writes are undone after it)."""
    return make_api_objects(
        *(
            module_personas[name]
            for name in ("enterprise", "city_officer", "district_officer", "assigned_expert")
        )
    )


@pytest.fixture
def api_objects(module_api_objects):
    return module_api_objects


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_endpoint_matrix(request, client, api_objects, name, persona):
    method, key, body, special, others = ENDPOINTS[name]
    headers = authenticate(request, client, persona)
    url = reverse(url_name(name), kwargs=api_objects["kwargs"][key] if key else None)
    if body is None:
        response = getattr(client, method)(url, **headers)
    elif isinstance(body, Multipart):
        response = getattr(client, method)(url, body.fields(), **headers)
    else:
        if callable(body):
            body = body(api_objects["kwargs"])
        response = getattr(client, method)(url, body, content_type="application/json", **headers)
    want = special.get(persona, others)
    if getattr(response, "streaming", False):
        assert (response.status_code, response["Content-Type"]) == (want, "application/pdf")
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        return
    assert response.status_code == want, f"{name} as {persona}: {response.content[:300]!r}"
    if response.content:
        assert response["Content-Type"] == "application/json"
    if want >= 400:
        assert set(response.json()) == {"code", "message", "detail"}


@pytest.fixture
def page_objects(api_objects, enterprise_user):
    token, _key = issue_token(actor=enterprise_user, name="matrix", days=30)
    return {**api_objects["kwargs"], "token": {"code": token.code}, None: None}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_matrix(request, client, page_objects, name, persona):
    check_row(request, client, PAGES, page_objects, name, persona)
