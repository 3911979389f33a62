"""The static files are listed once per test process (``tests/conftest.py``): every later
client still serves them, with the headers its own settings give."""

import pytest
from django.test import Client

STYLESHEET = "/static/dashboards/figures.css"
SERVED = ("Content-Type", "Content-Length", "Cache-Control", "Last-Modified", "ETag")


@pytest.mark.no_database
def test_every_client_serves_the_same_static_file(client):
    first = client.head(STYLESHEET)
    second = Client().head(STYLESHEET)
    assert first.status_code == second.status_code == 200
    assert int(first["Content-Length"]) > 0
    assert {h: first[h] for h in SERVED} == {h: second[h] for h in SERVED}


@pytest.mark.no_database
def test_a_client_made_under_other_headers_serves_them(settings):
    before = Client().head(STYLESHEET)
    settings.WHITENOISE_MAX_AGE = 7
    after = Client().head(STYLESHEET)
    assert before.status_code == after.status_code == 200
    assert before["Cache-Control"] != after["Cache-Control"] == "max-age=7, public"
    assert before["Content-Length"] == after["Content-Length"]


@pytest.mark.django_db
def test_an_unknown_static_file_is_not_found(client):
    assert client.get("/static/dashboards/no-such-file.css").status_code == 404
