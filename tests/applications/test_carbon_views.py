"""The carbon inventory pages per role (decisions §73)."""

import pytest
from django.urls import reverse
from django.utils import translation

from greenfactory.applications.models import CarbonInventory, UnitClaim
from tests.factories.carbon import CarbonInventoryFactory, national_2023, table_2023


def zh(message: str) -> str:
    """What the pages say, in the platform's default language (the users' here)."""
    with translation.override("zh-hans"):
        return translation.gettext(message)


pytestmark = pytest.mark.django_db


@pytest.fixture
def inventory(enterprise):
    return CarbonInventoryFactory(
        enterprise=enterprise, energy={"raw_coal": "1000", "electricity": "10000"}
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anon", 302),
        ("enterprise_user", 200),
        ("other_enterprise_user", 404),
        ("agency_user", 404),
        ("district_officer", 200),
        ("other_district_officer", 404),
        ("city_officer", 200),
        ("assigned_expert", 404),
        ("system_admin", 404),
    ],
)
def test_reading_an_inventory_per_role(as_persona, inventory, persona, status):
    response = as_persona(persona).get(
        reverse("applications:carbon_inventory", args=[inventory.code])
    )
    assert response.status_code == status
    if status == 200:
        # raw coal 1 000 kg × 1.9003 = 1.900 t; grid 10 000 kWh × 0.5306 = 5.306 t
        assert "1.900" in response.text and "5.306" in response.text


@pytest.mark.parametrize(
    ("persona", "status"),
    [("enterprise_user", 302), ("district_officer", 403), ("city_officer", 403)],
)
def test_only_the_enterprise_records_units(as_persona, inventory, persona, status):
    response = as_persona(persona).post(
        reverse("applications:carbon_inventory", args=[inventory.code]),
        {
            "part": "units",
            "units-use": "offset",
            "units-kind": "ccer",
            "units-first_serial": "CCER-1",
            "units-last_serial": "CCER-9",
            "units-retired_on": "2026-03-31",
        },
    )
    assert response.status_code == status
    assert UnitClaim.objects.count() == (1 if status == 302 else 0)


def test_an_overlapping_claim_is_refused_at_its_field_keeping_what_was_typed(
    client, enterprise_user, other_enterprise_user, inventory
):
    other = CarbonInventoryFactory(enterprise=other_enterprise_user.enterprise, year=2023)
    UnitClaim.objects.create(
        inventory=other,
        use="offset",
        kind="ccer",
        prefix="CCER-",
        first=1,
        last=50,
        width=2,
        retired_on="2024-01-01",
    )
    client.force_login(enterprise_user)
    with translation.override("en"):
        response = client.post(
            reverse("applications:carbon_inventory", args=[inventory.code]),
            {
                "part": "units",
                "units-use": "offset",
                "units-kind": "ccer",
                "units-first_serial": "CCER-40",
                "units-last_serial": "CCER-60",
                "units-retired_on": "2026-03-31",
            },
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    form = response.context["forms"]["units"]
    assert "in a 2023 inventory" in form.errors["first_serial"][0]
    assert other_enterprise_user.enterprise.name not in response.text
    assert 'value="CCER-60"' in response.text


def test_the_enterprise_records_a_year_and_a_second_of_the_same_year_is_refused(
    client, enterprise_user
):
    client.force_login(enterprise_user)
    data = {
        "year": "2025",
        "standard": "gbt32150",
        "coefficient_table": table_2023().pk,
        "grid_factor": national_2023().pk,
        "energy_natural_gas": "1000",
    }
    response = client.post(reverse("applications:carbon_inventories"), data)
    inventory = CarbonInventory.objects.get()
    assert response.status_code == 302
    assert inventory.energy == {"natural_gas": "1000"}
    assert inventory.enterprise == enterprise_user.enterprise
    with translation.override("en"):
        again = client.post(reverse("applications:carbon_inventories"), data)
    assert again.status_code == 200
    expected = zh("An inventory of %(year)s exists already.") % {"year": 2025}
    assert again.context["form"].errors["year"][0] == expected
    assert again.context["form"]["energy_natural_gas"].value() == "1000"


def test_officers_cannot_record_an_inventory(client, district_officer):
    client.force_login(district_officer)
    assert client.get(reverse("applications:carbon_inventories")).context["form"] is None
    assert client.post(reverse("applications:carbon_inventories"), {}).status_code == 403


def test_the_list_reads_a_constant_number_of_queries(
    client, city_officer, django_assert_max_num_queries
):
    CarbonInventoryFactory()
    client.force_login(city_officer)
    url = reverse("applications:carbon_inventories")
    with django_assert_max_num_queries(50) as one:
        client.get(url)
    for year in range(2015, 2025):
        CarbonInventoryFactory(year=year)
    with django_assert_max_num_queries(50) as many:
        client.get(url)
    assert len(many.captured_queries) == len(one.captured_queries)


def test_the_detail_reads_a_constant_number_of_queries(
    client, enterprise_user, inventory, django_assert_max_num_queries
):
    client.force_login(enterprise_user)
    url = reverse("applications:carbon_inventory", args=[inventory.code])
    with django_assert_max_num_queries(80) as few:
        client.get(url)
    for n in range(10):
        UnitClaim.objects.create(
            inventory=inventory,
            use="offset",
            kind="ccer",
            prefix=f"P{n}-",
            first=1,
            last=2,
            width=1,
            retired_on="2026-01-01",
        )
    with django_assert_max_num_queries(80) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize("persona", ["enterprise_user", "district_officer", "city_officer"])
def test_a_zero_carbon_application_shows_the_inventory_and_status_to_its_readers(
    as_persona, inventory, persona
):
    from greenfactory.programme.enums import Programme
    from tests.factories.applications import SubmittedApplicationFactory
    from tests.factories.programme import BatchFactory

    application = SubmittedApplicationFactory(
        enterprise=inventory.enterprise, batch=BatchFactory(programme=Programme.ZERO_CARBON)
    )
    with translation.override("en"):
        page = as_persona(persona).get(
            reverse("applications:application_detail", args=[application.code])
        )
    assert page.status_code == 200
    assert f"<h2>{zh('Carbon accounts')}</h2>" in page.text
    assert "7.206" in page.text  # 1.9003 + 5.306 t: scope 1 + market-based scope 2, net


def test_a_green_factory_application_shows_no_carbon_accounts(client, enterprise_user, inventory):
    from tests.factories.applications import SubmittedApplicationFactory

    application = SubmittedApplicationFactory(enterprise=inventory.enterprise)
    client.force_login(enterprise_user)
    with translation.override("en"):
        page = client.get(reverse("applications:application_detail", args=[application.code]))
    assert f"<h2>{zh('Carbon accounts')}</h2>" not in page.text
    assert zh("Carbon accounts") in str(
        client.get(reverse("applications:carbon_inventories")).content, "utf-8"
    )  # the words are the page's language: their absence above is meaningful


def test_the_enterprise_adds_a_process_line_a_footprint_and_the_statement(
    client, enterprise_user, inventory
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from greenfactory.applications.models import ProductFootprint

    client.force_login(enterprise_user)
    url = reverse("applications:carbon_inventory", args=[inventory.code])
    process = {
        "part": "process",
        "process-description": "石灰石煅烧",
        "process-method": "emission_factor",
        "process-activity": "10",
        "process-activity_unit": "t",
        "process-factor_t": "0.44",
    }
    assert client.post(url, process).status_code == 302
    footprint = {
        "part": "footprint",
        "footprint-product": "电机",
        "footprint-functional_unit": "台",
        "footprint-kgco2e_per_unit": "125.5",
        "footprint-standard": "gbt24067",
        "footprint-status": "declared",
    }
    assert client.post(url, footprint).status_code == 302
    pdf = SimpleUploadedFile("核查声明.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    assert client.post(url, {"part": "statement", "statement-statement": pdf}).status_code == 302
    page = client.get(url)
    # 1.9003 + 10 × 0.44 = 6.300 t of scope 1
    assert "6.300" in page.text and "电机" in page.text and "核查声明.pdf" in page.text
    assert ProductFootprint.objects.get().year == inventory.year
    bad = {**process, "process-activity": "-1"}
    refused = client.post(url, bad)
    assert refused.status_code == 200
    assert refused.context["forms"]["process"].errors["activity"]
    assert 'value="石灰石煅烧"' in refused.text


def test_retiring_units_asks_first_and_other_lines_do_not(client, enterprise_user, inventory):
    """Units retired cannot be taken back (their serials are counted once across the
    platform): their button asks first; adding a line or a footprint does not."""
    import re

    client.force_login(enterprise_user)
    page = client.get(reverse("applications:carbon_inventory", args=[inventory.code])).text
    buttons = re.findall(r'name="part" value="(\w+)">.*?<button type="submit"([^>]*)>', page, re.S)
    asks = {part: "data-confirm" in attributes for part, attributes in buttons}
    assert asks["units"] is True
    assert asks["process"] is False and asks["footprint"] is False
