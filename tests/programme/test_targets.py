"""Programme targets: set by the city bureau for the city or a district, read by the district,
every change in the audit trail."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from greenfactory.accounts.enums import Role
from greenfactory.core.models import AuditEvent
from greenfactory.programme.domain.targets import (
    TargetRefused,
    create_target,
    delete_target,
    targets_visible_to,
    update_target,
)
from greenfactory.programme.enums import TargetLevel
from greenfactory.programme.models import Target
from greenfactory.titles.enums import TitleLevel
from tests.factories import UserFactory, region

pytestmark = pytest.mark.django_db

PLAN = {"level": "city", "count": 40, "by_year": 2020, "from_year": 2019}


def plan(actor, where="320400", **fields):
    return create_target(actor=actor, region=region(where), **{**PLAN, **fields})


def test_target_levels_are_the_title_levels():
    assert TargetLevel.values == TitleLevel.values


def test_the_city_sets_changes_and_removes_a_target_with_audit_entries(city_officer):
    target = plan(city_officer, note="常州市绿色工厂创建实施方案")
    created = AuditEvent.objects.get(action="programme.target.created")
    assert created.actor_username == "city"
    assert created.object_id == target.code
    assert created.changes["count"] == 40
    assert target.created_by == city_officer

    update_target(target, actor=city_officer, data={"count": 45, "note": "调整"})
    target.refresh_from_db()
    assert target.count == 45
    updated = AuditEvent.objects.get(action="programme.target.updated")
    assert updated.changes == {"count": [40, 45], "note": ["常州市绿色工厂创建实施方案", "调整"]}

    update_target(target, actor=city_officer, data={"count": 45})  # nothing changes
    assert AuditEvent.objects.filter(action="programme.target.updated").count() == 1

    delete_target(target, actor=city_officer)
    assert not Target.objects.exists()
    deleted = AuditEvent.objects.get(action="programme.target.deleted")
    assert deleted.changes["count"] == 45


def test_a_district_target_is_set_by_the_city(city_officer):
    target = plan(city_officer, "320412", count=8)
    assert target.region.code == "320412"


@pytest.mark.parametrize(
    "persona", ["district_officer", "enterprise_user", "assigned_expert", "system_admin"]
)
def test_only_city_officers_set_targets(request, persona, city_officer):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        plan(user, "320412")
    target = plan(city_officer, "320412")
    with pytest.raises(PermissionDenied):
        update_target(target, actor=user, data={"count": 1})
    with pytest.raises(PermissionDenied):
        delete_target(target, actor=user)
    assert AuditEvent.objects.filter(action__startswith="programme.target").count() == 1


def test_a_city_officer_sets_no_target_outside_its_city(city_officer):
    with pytest.raises(PermissionDenied):
        plan(city_officer, "320000")
    provincial = UserFactory(role=Role.CITY_OFFICER, region=region("320000"))
    with pytest.raises(TargetRefused, match="本市或其下辖市区"):
        plan(provincial, "320000")


def test_bad_targets_are_refused_with_a_reason(city_officer):
    with pytest.raises(TargetRefused, match="起算年度不得晚于截止年度"):
        plan(city_officer, from_year=2021)
    plan(city_officer)
    with pytest.raises(TargetRefused, match="已有同一级别、同一截止年度的目标"):
        plan(city_officer, count=50)
    other = plan(city_officer, by_year=2025)
    with pytest.raises(TargetRefused, match="已有同一级别、同一截止年度的目标"):
        update_target(other, actor=city_officer, data={"by_year": 2020})
    other.refresh_from_db()
    assert other.by_year == 2025
    assert Target.objects.count() == 2


def test_who_reads_which_targets(
    request, city_officer, district_officer, other_district_officer, enterprise_user
):
    city = plan(city_officer)
    wujin = plan(city_officer, "320412")
    xinbei = plan(city_officer, "320411")
    assert set(targets_visible_to(city_officer)) == {city, wujin, xinbei}
    assert set(targets_visible_to(district_officer)) == {wujin}
    assert set(targets_visible_to(other_district_officer)) == {xinbei}
    assert not targets_visible_to(enterprise_user).exists()
    assert not targets_visible_to(None).exists()


# ---- the page -------------------------------------------------------------------------------

LIST = "/programme/targets/"


def test_the_city_adds_a_target_on_the_page(client, city_officer):
    client.force_login(city_officer)
    page = client.get(LIST)
    regions = [r.code for r in page.context["form"].fields["region"].queryset]
    assert regions[0] == "320400"
    districts = {"320402", "320404", "320411", "320412", "320413", "320481", "320491"}
    assert set(regions[1:]) == districts
    response = client.post(
        LIST,
        {
            "region": region("320400").pk,
            "level": "city",
            "count": 40,
            "by_year": 2020,
            "from_year": 2019,
            "note": "力争创建40家市级绿色工厂",
        },
    )
    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.count, target.by_year, target.from_year) == (40, 2020, 2019)
    assert "常州市" in client.get(LIST).content.decode()


def test_bad_input_is_shown_and_kept(client, city_officer):
    client.force_login(city_officer)
    client.cookies["gf_language"] = "en"
    data = {
        "region": region("320412").pk,
        "level": "city",
        "count": 0,
        "by_year": 2020,
        "from_year": 2022,
        "note": "keep me",
    }
    response = client.post(LIST, data)
    assert response.status_code == 400
    form = response.context["form"]
    assert "count" in form.errors
    assert form.errors["from_year"] == [
        "The first year counted must not be after the deadline year."
    ]
    assert "keep me" in response.content.decode()
    assert not Target.objects.exists()

    plan(city_officer, "320412")
    response = client.post(LIST, {**data, "count": 3, "from_year": ""})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "This region already has a target for this level and year; change that one."
    ]
    assert Target.objects.count() == 1


def test_the_city_changes_and_removes_a_target_on_the_page(client, city_officer):
    target = plan(city_officer)
    client.force_login(city_officer)
    url = reverse("programme:target_edit", args=[target.code])
    assert client.get(url).context["editing"] == target
    data = {
        "region": target.region_id,
        "level": "city",
        "count": 42,
        "by_year": 2020,
        "from_year": 2019,
        "note": "",
    }
    assert client.post(url, data).status_code == 302
    target.refresh_from_db()
    assert target.count == 42
    response = client.post(reverse("programme:target_delete", args=[target.code]))
    assert response.status_code == 302
    assert not Target.objects.exists()


def test_a_district_officer_reads_its_targets_without_a_form(
    client, city_officer, district_officer
):
    mine = plan(city_officer, "320412")
    plan(city_officer)
    client.force_login(district_officer)
    page = client.get(LIST)
    assert page.context["form"] is None
    assert list(page.context["targets"]) == [mine]
    assert client.post(LIST, {"count": 1}).status_code == 403
    assert client.get(reverse("programme:target_edit", args=[mine.code])).status_code == 403


@pytest.mark.queries
def test_the_list_costs_the_same_for_1_and_many(client, city_officer):
    plan(city_officer)
    client.force_login(city_officer)
    with CaptureQueriesContext(connection) as one:
        page = client.get(LIST)
    assert len(page.context["targets"]) == 1
    for code in ("320402", "320404", "320411", "320412"):
        plan(city_officer, code, level="provincial", count=3)
    with CaptureQueriesContext(connection) as many:
        page = client.get(LIST)
    assert len(page.context["targets"]) == 5
    assert len(many) == len(one)
