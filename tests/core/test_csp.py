"""The Content-Security-Policy header is django-csp's policy, built once per process."""

from unittest import mock

import pytest
from csp.constants import SELF
from django.http import HttpResponse
from django.test import RequestFactory

from greenfactory.core import csp

pytestmark = pytest.mark.django_db


def _respond(response=None):
    middleware = csp.CSPMiddleware(lambda request: response or HttpResponse("x"))
    return middleware(RequestFactory().get("/"))


def test_every_page_has_the_policy_built_once(client):
    csp._built.clear()
    with mock.patch.object(csp, "build_policy", wraps=csp.build_policy) as building:
        first = client.get("/")["Content-Security-Policy"]
        second = client.get("/accounts/login/")["Content-Security-Policy"]
    assert first == second
    assert "default-src 'self'" in first and "frame-ancestors 'none'" in first
    assert building.call_count == 1


def test_a_changed_setting_is_built_again(settings):
    _respond()
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": [SELF, "example.org"]}}
    assert _respond()["Content-Security-Policy"] == "default-src 'self' example.org"


def test_a_response_with_its_own_policy_goes_through_django_csp():
    response = HttpResponse("x")
    response._csp_update = {"img-src": ["example.org"]}
    assert "img-src 'self' data: example.org" in _respond(response)["Content-Security-Policy"]
    assert "example.org" not in _respond()["Content-Security-Policy"]


def test_a_nonce_asked_after_the_header_is_refused():
    from csp.exceptions import CSPNonceError

    request = RequestFactory().get("/")
    csp.CSPMiddleware(lambda request: HttpResponse("x"))(request)
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)
