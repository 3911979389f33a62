"""The header's navigation: the programme's stages as the same groups for every role, each role
seeing only its own entries, the page's own entry marked."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

STAGES = ["申报与评审", "认定", "动态管理", "奖励", "宣传与培训", "设置"]


def header(response) -> str:
    text = response.content.decode()
    return text[text.index('<nav class="main-nav"') : text.index("</nav>")]


def groups(html) -> list[str]:
    return re.findall(r"<summary>([^<]+)</summary>", html)


def test_every_role_gets_the_stages_in_the_same_order_with_only_its_entries(
    client, city_officer, district_officer, enterprise_user, assigned_expert, system_admin
):
    home = reverse("dashboards:home")
    client.force_login(city_officer)
    city = header(client.get(home))
    assert groups(city) == STAGES
    assert reverse("reviews:expert_pool") in city and reverse("supervision:rounds") in city
    client.force_login(district_officer)
    district = header(client.get(home))
    assert groups(district) == [stage for stage in STAGES if stage != "宣传与培训"]
    assert reverse("reviews:expert_pool") not in district
    assert reverse("supervision:checks") in district
    client.force_login(enterprise_user)
    enterprise = header(client.get(home))
    assert groups(enterprise) == ["申报与评审", "认定", "动态管理", "宣传与培训", "设置"]
    assert reverse("filings:enterprise_list") in enterprise
    assert reverse("titles:province_candidacies") in enterprise
    client.force_login(assigned_expert)
    assert groups(header(client.get(home))) == ["申报与评审", "设置"]
    client.force_login(system_admin)
    admin = header(client.get(home))
    assert groups(admin) == ["设置"]
    assert reverse("accounts:account_create") in admin


def test_the_page_own_entry_and_its_group_are_marked(client, city_officer):
    client.force_login(city_officer)
    html = header(client.get(reverse("rewards:ledger")))
    assert f'<a href="{reverse("rewards:ledger")}" aria-current="page" class="current">' in html
    assert html.count('aria-current="page"') == 1
    assert '<details class="nav-group current" name="main-nav">\n      <summary>奖励' in html
    # The home page marks "My tasks"; a page of no entry marks nothing.
    home = header(client.get(reverse("dashboards:home")))
    assert home.count('aria-current="page"') == 1 and 'class="current">我的待办' in home
    assert 'aria-current="page"' not in header(client.get(reverse("notifications:inbox")))


def test_the_public_sees_the_public_pages_with_the_current_one_marked(client):
    html = header(client.get(reverse("titles:verify")))
    assert "<summary>" not in html
    assert f'<a href="{reverse("titles:verify")}" aria-current="page"' in html
