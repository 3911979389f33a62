"""The site's links are kept per role and language: each role still gets its own, in its own
language, however the requests follow each other."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def nav(response) -> str:
    text = response.content.decode()
    return text[text.index('<nav class="main-nav"') : text.index("</nav>")]


def test_each_role_and_language_gets_its_own_links(
    client, city_officer, district_officer, enterprise_user
):
    home = reverse("dashboards:home")
    anonymous = nav(client.get(reverse("titles:factories")))
    assert reverse("titles:verify") in anonymous
    client.force_login(city_officer)
    city = nav(client.get(home))
    assert reverse("reviews:expert_pool") in city and reverse("titles:province_candidates") in city
    client.force_login(district_officer)
    district = nav(client.get(home))
    assert reverse("reviews:district_queue") in district
    assert reverse("reviews:expert_pool") not in district
    assert reverse("cultivation:pipeline") in district
    client.force_login(enterprise_user)
    enterprise = nav(client.get(home))
    assert reverse("applications:application_list") in enterprise
    assert reverse("reviews:district_queue") not in enterprise
    english = nav(client.get(home, headers={"accept-language": "en"}))
    assert "Applications" in english and "申报" not in english
    assert "申报" in nav(client.get(home))
    client.logout()
    assert nav(client.get(reverse("titles:factories"))) == anonymous


def test_the_footer_and_brand_follow_the_language(client, city_officer):
    from django.conf import settings
    from django.utils import translation

    home = reverse("titles:factories")

    def footer(response) -> str:
        text = response.content.decode()
        return text[text.index('<footer class="site-footer">') :]

    chinese = footer(client.get(home))
    english = footer(client.get(home, headers={"accept-language": "en"}))
    with translation.override("zh-hans"):
        assert str(settings.PLATFORM_NAME) in chinese
    with translation.override("en"):
        assert str(settings.PLATFORM_NAME) in english
    assert chinese != english


def test_the_language_buttons_mark_the_active_language_whichever_was_kept_first(client):
    """The buttons are kept per language (§94): the page in English marks English as current,
    the page in Chinese marks Chinese, in either order; the form still returns to the page."""

    url = reverse("titles:factories")

    def current(response) -> str:
        text = response.content.decode()
        form = text[text.index('<form class="lang-switch"') :]
        form = form[: form.index("</form>")]
        assert f'name="next" value="{url}"' in form
        return form.split('aria-current="true"')[0].rsplit('value="', 1)[1].split('"')[0]

    assert current(client.get(url, headers={"accept-language": "en"})) == "en"
    assert current(client.get(url)) == "zh-hans"
    assert current(client.get(url, headers={"accept-language": "en"})) == "en"


def test_the_headers_own_links_are_reversed_once(client, district_officer):
    """The language switch, the inbox, log out, log in and registration (§104): reversed at
    their first use per URL configuration and script prefix, not on every page."""
    from unittest import mock

    from greenfactory.core import navigation

    navigation._HEADER_ADDRESSES.clear()
    url = reverse("titles:factories")
    with mock.patch.object(navigation, "reverse", wraps=reverse) as reversing:
        anonymous = client.get(url).content.decode()
        client.get(url)
        client.force_login(district_officer)
        officer = client.get(url).content.decode()
        client.get(url)
    header = set(navigation.HEADER_LINKS.values())
    reversed_names = sorted(
        call.args[0] for call in reversing.call_args_list if call.args[0] in header
    )
    assert reversed_names == sorted(header)
    assert f'<form class="lang-switch" action="{reverse("set_language")}"' in anonymous
    assert f'<a href="{reverse("accounts:login")}">' in anonymous
    assert f'<a href="{reverse("accounts:register")}">' in anonymous
    assert f'<a href="{reverse("notifications:inbox")}" class="inbox-link">' in officer
    assert f'<form action="{reverse("accounts:logout")}" method="post" data-logout>' in officer
