"""The one region-scope rule (accounts.scope): in SQL, in Python and as a permission predicate."""

import pytest
from django.contrib.auth.models import AnonymousUser

from greenfactory.accounts.enums import RegionLevel
from greenfactory.accounts.models import (
    Enterprise,
    EnterpriseNameChange,
    PasswordHistory,
    Region,
    User,
)
from greenfactory.accounts.scope import (
    covering,
    enterprise_rows_visible_to,
    in_officer_region,
    inside,
)
from tests.factories import EnterpriseFactory, OfficerFactory, region

pytestmark = pytest.mark.django_db


def codes(regions) -> set[str]:
    return {r.code for r in regions}


@pytest.fixture
def lookalike():
    """A region whose code is a prefix of Wujin's (320412): the path's separator keeps it apart."""
    return Region.objects.create(
        code="32041",
        name="假区",
        name_en="Lookalike",
        level=RegionLevel.DISTRICT,
        parent=region("320400"),
    )


def test_a_region_contains_itself_and_what_lies_below_it():
    city, wujin, xinbei = region("320400"), region("320412"), region("320411")
    assert city.contains(city)
    assert city.contains(wujin)
    assert region("320000").contains(wujin)  # two levels down
    assert wujin.contains(wujin)
    assert not wujin.contains(city)
    assert not wujin.contains(xinbei)


def test_a_code_that_is_a_prefix_of_another_is_not_its_parent(lookalike):
    assert not lookalike.contains(region("320412"))
    assert codes(Region.objects.filter(inside(lookalike))) == {"32041"}


def test_depth_counts_the_levels_from_the_root():
    assert [region(code).depth for code in ("320000", "320400", "320412")] == [1, 2, 3]


def test_inside_a_district_is_the_district_alone():
    assert codes(Region.objects.filter(inside(region("320412")))) == {"320412"}


def test_inside_the_city_are_the_city_and_its_districts():
    found = codes(Region.objects.filter(inside(region("320400"))))
    assert found == {"320400", "320402", "320404", "320411", "320412", "320413", "320481", "320491"}


def test_inside_the_province_are_the_regions_two_levels_down():
    assert "320412" in codes(Region.objects.filter(inside(region("320000"))))
    assert "CN" not in codes(Region.objects.filter(inside(region("320000"))))


def test_inside_through_a_relation():
    wujin = EnterpriseFactory(district=region("320412"))
    xinbei = EnterpriseFactory(district=region("320411"))
    in_wujin = Enterprise.objects.filter(inside(region("320412"), via="district"))
    in_city = Enterprise.objects.filter(inside(region("320400"), via="district"))
    assert list(in_wujin) == [wujin]
    assert set(in_city) == {wujin, xinbei}


def test_covering_is_the_region_and_every_region_above_it():
    above = Region.objects.filter(covering(region("320412")))
    assert codes(above) == {"CN", "320000", "320400", "320412"}


def test_covering_through_a_relation():
    officers = [
        OfficerFactory(username=f"officer-{code}", region=region(code))
        for code in ("320000", "320400", "320411", "320412")
    ]
    over_wujin = User.objects.filter(covering(region("320412"), via="region"))
    assert set(over_wujin) == {officers[0], officers[1], officers[3]}


is_in_region = in_officer_region(lambda enterprise: enterprise.district, name="is_in_region")


@pytest.fixture
def wujin_enterprise():
    return EnterpriseFactory(district=region("320412"))


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("district_officer", True),
        ("city_officer", True),
        ("other_district_officer", False),
        ("enterprise_user", False),
        ("assigned_expert", False),
        ("system_admin", False),
    ],
)
def test_the_predicate_holds_for_officers_whose_region_contains_the_object(
    request, persona, expected, wujin_enterprise
):
    user = request.getfixturevalue(persona)
    assert is_in_region.test(user, wujin_enterprise) is expected


def test_the_predicate_refuses_the_anonymous_user(wujin_enterprise):
    assert is_in_region.test(AnonymousUser(), wujin_enterprise) is False


def test_the_predicate_refuses_without_an_object(city_officer):
    assert is_in_region.test(city_officer, None) is False


def test_a_city_officer_reaches_every_district_of_the_city(city_officer, district_officer):
    xinbei = EnterpriseFactory(district=region("320411"))
    assert is_in_region.test(city_officer, xinbei) is True
    assert is_in_region.test(district_officer, xinbei) is False


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anon", set()),
        ("enterprise_user", {"绿源"}),
        ("other_enterprise_user", {"新北"}),
        ("agency_user", set()),
        ("district_officer", {"绿源"}),
        ("other_district_officer", {"新北"}),
        ("city_officer", {"绿源", "新北"}),
        ("assigned_expert", set()),
        ("system_admin", set()),
    ],
)
def test_an_enterprise_s_rows_are_seen_by_the_region_s_officers_and_the_enterprise(
    request, persona, expected, enterprise, other_enterprise
):
    EnterpriseNameChange.objects.create(enterprise=enterprise, old_name="旧", new_name="绿源")
    EnterpriseNameChange.objects.create(enterprise=other_enterprise, old_name="旧", new_name="新北")
    user = request.getfixturevalue(persona)
    seen = enterprise_rows_visible_to(user, EnterpriseNameChange.objects.all())
    assert {change.new_name for change in seen} == expected


def test_an_inactive_account_sees_no_enterprise_s_rows(city_officer, enterprise):
    EnterpriseNameChange.objects.create(enterprise=enterprise, old_name="旧", new_name="绿源")
    city_officer.is_active = False
    assert not enterprise_rows_visible_to(city_officer, EnterpriseNameChange.objects.all())


def test_an_enterprise_s_rows_through_a_longer_path(
    enterprise_user, other_enterprise_user, district_officer, other_district_officer, city_officer
):
    """Rows one relation further from the enterprise (an account's former passwords)."""
    PasswordHistory.objects.create(user=enterprise_user, password="x")
    PasswordHistory.objects.create(user=other_enterprise_user, password="y")

    def owners(user) -> set[str]:
        rows = enterprise_rows_visible_to(
            user, PasswordHistory.objects.all(), via="user__enterprise"
        )
        return {row.user.username for row in rows}

    assert owners(enterprise_user) == {"ent"}
    assert owners(district_officer) == {"ent"}
    assert owners(other_district_officer) == {"ent_other"}
    assert owners(city_officer) == {"ent", "ent_other"}
