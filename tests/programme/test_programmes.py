"""Programmes as data (decisions §72): a zero-carbon batch runs on the same engine as the green
factory's, with its own indicator system, industries, title names and certificate numbers; a
factory can hold titles of both, and the public list, verification and open data say which."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation

from greenfactory.applications.domain.drafts import start_application
from greenfactory.applications.domain.eligibility import NotEligible, enterprise_checks
from greenfactory.programme.domain.batches import (
    BatchStepRefused,
    create_batch,
    update_batch,
)
from greenfactory.programme.enums import BatchState, IndicatorKind, Programme, TitleGrade
from greenfactory.programme.forms import BatchForm
from greenfactory.programme.programmes import ZERO_CARBON_DIVISIONS_2027
from greenfactory.recognition.domain.designation import DesignationRefused, designate_batch
from greenfactory.recognition.forms.notice import notice_defaults
from greenfactory.titles.certificates import format_number, parse_number
from greenfactory.titles.domain.certificate_pdf import title_heading
from greenfactory.titles.domain.province import recommendable_titles
from greenfactory.titles.domain.titles import titles_in_force as held_levels
from greenfactory.titles.domain.validity import titles_in_force
from greenfactory.titles.models import Title
from tests.factories import (
    BatchFactory,
    EnterpriseFactory,
    EnterpriseUserFactory,
    TitleFactory,
    ZeroCarbonBatchFactory,
    industry,
    region,
    shipped_system,
    shipped_table,
    zero_carbon_system,
)
from tests.recognition.designation_helpers import notice_for

pytestmark = pytest.mark.django_db


def batch_fields(**overrides):
    table = shipped_table()
    fields = {
        "year": 2026,
        "title": "2026年常州市零碳工厂申报",
        "programme": Programme.ZERO_CARBON,
        "opens_at": timezone.now() + timezone.timedelta(days=3),
        "closes_at": timezone.now() + timezone.timedelta(days=30),
        "indicator_system": zero_carbon_system(),
        "coefficient_table": table,
        "grid_factor": table.grid_factors.get(key="east_china_2023"),
    }
    return {**fields, **overrides}


# ---- the zero-carbon indicator system ------------------------------------------------------


def test_the_zero_carbon_system_has_the_six_paths_and_the_required_materials():
    system = zero_carbon_system()
    assert system.programme == Programme.ZERO_CARBON
    parts = system.indicators.filter(parent__isnull=True).order_by("position")
    assert [p.name for p in parts] == [
        "基本要求",
        "科学算碳",
        "源头减碳",
        "过程脱碳",
        "产品碳足迹",
        "智能控碳",
        "碳抵销和信息披露",
    ]
    assert sum(p.weight for p in parts if p.weight is not None) == 100
    for part in parts.exclude(code="0"):
        points = sum(i.max_points for i in system.indicators.filter(parent=part))
        assert points == part.weight, part.name
    # The inventory report and its verification statement are a basic requirement's evidence.
    materials = system.indicators.get(code="0.5")
    assert materials.kind == IndicatorKind.GATE
    assert materials.evidence == ["温室气体排放核算报告", "第三方核查声明"]
    # The batch's accident rule answers 0.2, as in both green-factory systems.
    assert system.indicators.get(code="0.2").kind == IndicatorKind.GATE
    # Every item says where it comes from.
    assert all(i.note for i in system.indicators.all())
    assert "工信部联节〔2026〕13号" in system.source_note


# ---- a batch's programme decides its indicator system ---------------------------------------


def test_a_zero_carbon_batch_starts_from_the_programmes_industries(city_officer):
    batch = create_batch(actor=city_officer, region=region("320400"), **batch_fields())
    assert batch.programme == Programme.ZERO_CARBON
    assert batch.industry_sections == ""
    assert batch.industry_divisions.split(",") == list(ZERO_CARBON_DIVISIONS_2027)
    green = create_batch(
        actor=city_officer,
        region=region("320400"),
        **batch_fields(programme=Programme.GREEN_FACTORY, indicator_system=shipped_system(2025)),
    )
    assert (green.industry_sections, green.industry_divisions) == ("BCD", "")


def test_only_a_system_of_the_batchs_programme_may_be_chosen(city_officer):
    with translation.override("en"), pytest.raises(BatchStepRefused) as caught:
        create_batch(
            actor=city_officer,
            region=region("320400"),
            **batch_fields(indicator_system=shipped_system(2025)),
        )
    assert "belongs to another programme" in str(caught.value)
    form = BatchForm(
        data={
            **{k: v for k, v in batch_fields().items() if k not in ("opens_at", "closes_at")},
            "opens_at": "2026-12-10T09:00",
            "closes_at": "2027-01-10T17:00",
            "indicator_system": shipped_system(2018).pk,
            "coefficient_table": shipped_table().pk,
            "grid_factor": shipped_table().grid_factors.get(key="east_china_2023").pk,
        }
    )
    assert not form.is_valid()
    assert "indicator_system" in form.errors


def test_the_programme_is_fixed_once_the_batch_is_open(city_officer):
    batch = ZeroCarbonBatchFactory()
    with pytest.raises(BatchStepRefused):
        update_batch(
            batch,
            actor=city_officer,
            data={"programme": Programme.GREEN_FACTORY, "indicator_system": shipped_system(2025)},
        )
    batch.refresh_from_db()
    assert batch.programme == Programme.ZERO_CARBON


@pytest.mark.parametrize("persona", ["district_officer", "enterprise_user", "system_admin"])
def test_only_city_officers_create_a_zero_carbon_batch(request, persona):
    with pytest.raises(PermissionDenied):
        create_batch(
            actor=request.getfixturevalue(persona), region=region("320400"), **batch_fields()
        )


# ---- eligibility by the programme's industries ------------------------------------------------


def test_a_zero_carbon_batch_refuses_an_industry_outside_the_guidance():
    batch = ZeroCarbonBatchFactory()
    chemicals = EnterpriseUserFactory(enterprise=EnterpriseFactory(industry=industry("26")))
    with translation.override("en"), pytest.raises(NotEligible) as caught:
        start_application(batch, actor=chemicals)
    reasons = [str(problem) for problem in caught.value.problems]
    assert reasons == [
        "The enterprise's industry 26 Manufacture of Raw Chemical Materials and Chemical "
        "Products is not one of the divisions "
        f"this batch takes: {', '.join(ZERO_CARBON_DIVISIONS_2027)}."
    ]


@pytest.mark.parametrize("division", ["34", "39", "36", "64"])
def test_the_guidances_industries_may_apply(division):
    batch = ZeroCarbonBatchFactory()
    user = EnterpriseUserFactory(enterprise=EnterpriseFactory(industry=industry(division)))
    application = start_application(batch, actor=user)
    assert application.batch == batch


def test_a_green_factory_title_does_not_bar_a_zero_carbon_application():
    machinery = EnterpriseFactory(industry=industry("34"))
    TitleFactory(enterprise=machinery, year=2024)
    zero_carbon = ZeroCarbonBatchFactory()
    checks = {c.code: c for c in enterprise_checks(zero_carbon, machinery)}
    assert checks["title"].met
    # The green factory's own batch is barred by it, as before.
    checks = {c.code: c for c in enterprise_checks(BatchFactory(), machinery)}
    assert not checks["title"].met
    # A zero-carbon title in force bars the next zero-carbon batch.
    TitleFactory(enterprise=machinery, year=2025, programme=Programme.ZERO_CARBON)
    checks = {c.code: c for c in enterprise_checks(zero_carbon, machinery)}
    assert not checks["title"].met


# ---- designation, title names and certificate numbers ------------------------------------------


def designate_zero_carbon(actor, enterprises, grade=TitleGrade.ZERO):
    batch = ZeroCarbonBatchFactory(state=BatchState.RANKED)
    notice_for(batch, enterprises, grade=grade)
    return batch, designate_batch(batch, actor=actor)


def test_a_zero_carbon_batch_grants_zero_carbon_titles_beside_green_factory_ones(city_officer):
    machinery = EnterpriseFactory(name="常州恒泰精密机械有限公司", industry=industry("34"))
    electronics = EnterpriseFactory(name="江苏天宁电子科技有限公司", industry=industry("39"))
    green = TitleFactory(enterprise=machinery, year=2026)
    _batch, titles = designate_zero_carbon(city_officer, [machinery, electronics])
    assert [t.programme for t in titles] == [Programme.ZERO_CARBON] * 2
    assert [t.certificate_number for t in titles] == [
        format_number("320400", 2026, "city", 1, programme=Programme.ZERO_CARBON),
        format_number("320400", 2026, "city", 2, programme=Programme.ZERO_CARBON),
    ]
    assert titles[0].certificate_number.startswith("LT320400-2026-C0001-")
    # Both programmes' titles of the same year and level, held at once.
    assert set(machinery.titles.values_list("programme", flat=True)) == {
        Programme.GREEN_FACTORY,
        Programme.ZERO_CARBON,
    }
    with translation.override("en"):
        assert titles[0].title_name == "City-level zero-carbon factory"
        assert green.title_name == "City-level green factory"
    assert title_heading(titles[0]) == "常州市零碳工厂"
    # A title without a batch (imported) is named without its region, as before.
    assert title_heading(Title.objects.get(pk=green.pk)) == "绿色工厂"


def test_a_factory_is_designated_once_per_programme(city_officer):
    machinery = EnterpriseFactory(industry=industry("34"))
    TitleFactory(enterprise=machinery, year=2026, programme=Programme.ZERO_CARBON)
    batch = ZeroCarbonBatchFactory(state=BatchState.RANKED)
    notice_for(batch, [machinery], grade=TitleGrade.ZERO)
    with translation.override("en"), pytest.raises(DesignationRefused) as caught:
        designate_batch(batch, actor=city_officer)
    assert "Already a City-level zero-carbon factory of 2026" in str(caught.value)


def test_the_notice_wording_follows_the_programme():
    zero_carbon = notice_defaults(ZeroCarbonBatchFactory())
    # Both grades are proposed on one notice: 零碳（近零碳）工厂 (decisions §78).
    assert "零碳（近零碳）工厂" in zero_carbon["title"]
    assert "零碳（近零碳）工厂" in zero_carbon["body"]
    assert "绿色工厂" not in zero_carbon["title"]


def test_certificate_numbers_carry_the_programme():
    number = format_number("320400", 2026, "city", 7, programme=Programme.ZERO_CARBON)
    parsed = parse_number(number)
    assert parsed.programme == Programme.ZERO_CARBON
    assert str(parsed) == number
    green = format_number("320400", 2026, "city", 7)
    assert green.startswith("GF") and parse_number(green).programme == Programme.GREEN_FACTORY
    # The check character covers the prefix: the other programme's prefix does not check.
    assert parse_number("GF" + number[2:]) is None


def test_the_in_force_query_takes_a_programme():
    enterprise = EnterpriseFactory()
    green = TitleFactory(enterprise=enterprise, year=2024)
    zero = TitleFactory(enterprise=enterprise, year=2025, programme=Programme.ZERO_CARBON)
    on = date(2026, 6, 1)
    assert list(titles_in_force(on=on, programme=Programme.ZERO_CARBON)) == [zero]
    assert list(titles_in_force(on=on, programme=Programme.GREEN_FACTORY)) == [green]
    assert set(titles_in_force(on=on)) == {green, zero}
    assert held_levels(enterprise, on, programme=Programme.ZERO_CARBON) == [("city", 2025)]


# ---- the public list and verification say which programme ------------------------------------


@pytest.fixture
def both_programmes():
    machinery = EnterpriseFactory(name="常州恒泰精密机械有限公司", industry=industry("34"))
    chemicals = EnterpriseFactory(name="常州绿源新材料有限公司", industry=industry("26"))
    TitleFactory(enterprise=machinery, year=2024)
    zero = TitleFactory(enterprise=machinery, year=2026, programme=Programme.ZERO_CARBON)
    TitleFactory(enterprise=chemicals, year=2025)
    return machinery, chemicals, zero


@pytest.mark.parametrize("persona", ["anon", "enterprise_user", "city_officer"])
def test_the_public_list_filters_by_programme(request, client, both_programmes, persona):
    user = request.getfixturevalue(persona)
    if user is not None:
        client.force_login(user)
    url = reverse("titles:factories")
    with translation.override("en"):
        every = client.get(url, headers={"accept-language": "en"})
        zero = client.get(
            url, {"programme": Programme.ZERO_CARBON}, headers={"accept-language": "en"}
        )
    assert every.status_code == zero.status_code == 200
    body = zero.content.decode()
    assert "常州恒泰精密机械有限公司" in body and "常州绿源新材料有限公司" not in body
    # Only the zero-carbon title is shown on the filtered list.
    assert "2026 City-level zero-carbon factory" in body
    assert "2024 City-level green factory" not in body
    everything = every.content.decode()
    assert "常州绿源新材料有限公司" in everything
    assert "2024 City-level green factory" in everything
    assert "2026 City-level zero-carbon factory" in everything


@pytest.mark.parametrize("persona", ["anon", "enterprise_user", "city_officer"])
def test_the_verification_page_shows_the_programme(request, client, both_programmes, persona):
    user = request.getfixturevalue(persona)
    if user is not None:
        client.force_login(user)
    _machinery, _chemicals, zero = both_programmes
    response = client.get(
        reverse("titles:verify_number", args=[zero.certificate_number]),
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Zero-carbon factory" in body
    assert "City-level zero-carbon factory" in body


def test_the_public_api_filters_by_programme(client, both_programmes):
    response = client.get(reverse("api:title_list"), {"programme": Programme.ZERO_CARBON})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["programme"] for r in results] == [Programme.ZERO_CARBON]


@pytest.mark.parametrize("persona", ["city_officer", "district_officer"])
def test_the_officers_registry_filters_by_programme(request, client, persona):
    machinery = EnterpriseFactory(
        name="常州恒泰精密机械有限公司", industry=industry("34"), district=region("320412")
    )
    green = TitleFactory(enterprise=machinery, year=2024)
    zero = TitleFactory(enterprise=machinery, year=2026, programme=Programme.ZERO_CARBON)
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("titles:titles"), {"programme": Programme.ZERO_CARBON})
    assert response.status_code == 200
    body = response.content.decode()
    assert zero.certificate_number in body and green.certificate_number not in body


def test_an_enterprise_does_not_read_the_registry(client, enterprise_user):
    client.force_login(enterprise_user)
    response = client.get(reverse("titles:titles"), {"programme": Programme.ZERO_CARBON})
    assert response.status_code == 403


def test_only_green_factory_titles_are_recommended_upward(city_officer):
    machinery = EnterpriseFactory(industry=industry("34"), district=region("320412"))
    green = TitleFactory(enterprise=machinery, year=2024)
    TitleFactory(enterprise=machinery, year=2026, programme=Programme.ZERO_CARBON)
    assert list(recommendable_titles(city_officer)) == [green]
