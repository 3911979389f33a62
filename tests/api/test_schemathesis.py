"""Schemathesis against /api/v1/schema/, run in-process through Django's WSGI application
with each persona's credentials: no answer is a server error, and every answer, 2xx or error,
has a documented status code, content type and body.

Each operation is fuzzed twice per persona: with data that fits the schema and with data that
does not (wrong types, missing and unknown fields, malformed values), its path naming the test
objects (so that the answers are not all 404s); and once with random path values. Kept short for
the normal suite; ``API_FUZZ_EXAMPLES`` raises the number of examples per operation.

The pytest plugin of schemathesis cannot take pytest-django's per-test fixtures and personas, so
the test drives its Python API: one Hypothesis run per operation.

What a run costs besides generating and answering the cases is paid once (decisions §103): the
personas and the test objects are made once for the module (each test's own writes undone after
it), the schema is served and loaded once (its operations keep the strategies schemathesis
builds for them, the same for every persona), and each test answers its cases through one WSGI
application, as a server would, not one built per case."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)
from werkzeug import Client

from greenfactory.api.domain.tokens import issue_token
from tests.database import share_module_rows

from .conftest import make_api_objects
from .rows import ENDPOINTS
from .test_matrix import route_templates

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "2"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
PERSONAS = [
    "anon",
    "enterprise_user",
    "agency_user",
    "district_officer",
    "city_officer",
    "assigned_expert",
    "audit_admin",
]


class BufferedClient(Client):
    """Reads each answer whole and closes it, as a server does: a download's file is closed
    (schemathesis's own client leaves the application's iterable open)."""

    def open(self, *args, **kwargs):
        kwargs["buffered"] = True
        return super().open(*args, **kwargs)


share_module_rows(globals(), PERSONAS)


@pytest.fixture(scope="module")
def api_objects(module_personas):
    """The objects of ``api_objects``, made once for the module."""
    return make_api_objects(
        *(
            module_personas[name]
            for name in ("enterprise", "city_officer", "district_officer", "assigned_expert")
        )
    )


@pytest.fixture(scope="module")
def loaded_schema(module_rows):
    """The schema as the WSGI application serves it, loaded once for the module."""
    return schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())


@pytest.fixture
def api_schema(db, loaded_schema):
    """The schema, and requests through the WSGI handler directly: as Django's own test
    client does, the test's connection is kept open across them (Django closes it at the
    end of every request)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield loaded_schema
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def credentials(request, client, persona) -> dict:
    """The persona's token, or for an administrator (who may hold none) its session cookie."""
    user = request.getfixturevalue(persona)
    if user is None:
        return {}
    if user.has_perm("api.issue_token"):
        _token, key = issue_token(actor=user, name="fuzz", days=30)
        return {"Authorization": f"Bearer {key}"}
    client.force_login(user)
    return {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}


def fuzz(operation, headers, mode, application, path_parameters=None) -> int:
    """One Hypothesis run of the operation; ``application`` answers its cases."""
    calls = []

    @given(case=operation.as_strategy(mode, path_parameters=path_parameters))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        response = case.call(headers=headers, session=BufferedClient(application))
        case.validate_response(response, checks=CHECKS, headers=headers)
        calls.append(response.status_code)

    try:
        run()
    except Unsatisfiable:
        # Nothing of this operation can be made to break the schema (no body, no typed
        # parameter): its positive run covers it.
        assert mode == GenerationMode.NEGATIVE
    return len(calls)


def real_objects(api_objects) -> dict:
    """(schema path, method) → the path values naming the test objects."""
    templates = route_templates()
    return {
        (templates[name.partition("@")[0]], method): api_objects["kwargs"][key]
        for name, (method, key, *_rest) in ENDPOINTS.items()
        if key
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_server_error_and_every_answer_as_documented(
    request, client, api_schema, api_objects, persona
):
    headers = credentials(request, client, persona)
    objects = real_objects(api_objects)
    application = get_wsgi_application()
    calls = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        path_parameters = objects.get((operation.path, operation.method.lower()))
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            calls += fuzz(operation, headers, mode, application, path_parameters)
    assert calls >= len(ENDPOINTS) * 2


def test_random_paths_are_answered_as_documented(request, client, api_schema, api_objects):
    headers = credentials(request, client, "city_officer")
    application = get_wsgi_application()
    for result in api_schema.get_all_operations():
        fuzz(result.ok(), headers, GenerationMode.POSITIVE, application)
