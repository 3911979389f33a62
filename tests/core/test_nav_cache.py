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
