"""The request's language: Django's choice (cookie, then ``Accept-Language``, then the default),
kept per cookie and header and forgotten when the language settings change."""

import pytest
from django.test import override_settings

from greenfactory.core.locale import language_for

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.mark.parametrize(
    ("cookie", "accept", "expected"),
    [
        (None, None, "zh-hans"),
        (None, "en-GB,en;q=0.8", "en"),
        (None, "fr, de;q=0.5", "zh-hans"),
        ("en", "zh-CN", "en"),
        ("xx", "en", "en"),
        ("zh-hans", "en", "zh-hans"),
    ],
)
def test_the_page_speaks_the_language_django_would_choose(client, cookie, accept, expected):
    if cookie:
        client.cookies["gf_language"] = cookie
    headers = {"accept-language": accept} if accept else {}
    response = client.get(LOGIN, headers=headers)
    assert response.status_code == 200
    assert response["Content-Language"] == expected
    assert "Accept-Language" in response["Vary"]
    assert response.content.decode().count(f'<html lang="{expected}">') == 1


def test_a_kept_choice_is_forgotten_when_the_languages_change(client):
    language_for.cache_clear()
    assert language_for(None, "en") == "en"
    with override_settings(LANGUAGES=[("zh-hans", "简体中文")]):
        assert language_for(None, "en") == "zh-hans"
    assert language_for(None, "en") == "en"


def test_each_pair_is_worked_out_once():
    language_for.cache_clear()
    for _ in range(3):
        language_for("en", None)
        language_for(None, "en")
    info = language_for.cache_info()
    assert (info.misses, info.hits) == (2, 4)
