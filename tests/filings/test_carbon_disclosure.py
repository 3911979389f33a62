"""The yearly carbon disclosure of a designated zero-carbon factory (decisions §73)."""

import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from greenfactory.applications.domain.carbon.units import claim_units
from greenfactory.applications.enums import CarbonStatus
from greenfactory.core.models import AuditEvent
from greenfactory.filings.domain.carbon import (
    DisclosureRefused,
    disclosures_to_check,
    publish_carbon_disclosure,
)
from greenfactory.filings.models import CarbonDisclosure
from greenfactory.programme.enums import Programme
from tests.applications.test_carbon_inventory import worked_inventory
from tests.factories.carbon import CarbonInventoryFactory
from tests.factories.titles import TitleFactory

pytestmark = pytest.mark.django_db


def designated(inventory):
    return TitleFactory(enterprise=inventory.enterprise, programme=Programme.ZERO_CARBON)


def test_only_a_designated_zero_carbon_factory_publishes():
    inventory = worked_inventory()
    TitleFactory(enterprise=inventory.enterprise, programme=Programme.GREEN_FACTORY)
    with translation.override("en"), pytest.raises(DisclosureRefused, match="designated zero"):
        publish_carbon_disclosure(inventory, actor=None)
    assert not CarbonDisclosure.objects.exists()


def test_the_disclosure_carries_the_inventory_totals_and_is_flagged_when_the_rule_is_not_met():
    inventory = worked_inventory()
    designated(inventory)
    disclosure = publish_carbon_disclosure(inventory, actor=None)
    figures = disclosure.figures
    assert (figures["scope1_t"], figures["scope2_location_t"], figures["scope2_market_t"]) == (
        "386.140",
        "636.720",
        "426.720",
    )
    assert (figures["offsets_t"], figures["net_t"], figures["renewable_share_pct"]) == (
        "130.480",
        "682.380",
        "21.98",
    )
    # No baseline: no status can be met, so the factory is a spot-check candidate.
    assert disclosure.status == CarbonStatus.NOT_YET and not disclosure.meets_rule
    assert list(disclosures_to_check()) == [disclosure]
    assert AuditEvent.objects.filter(action="filings.carbon_disclosure.published").count() == 1


def test_a_factory_meeting_the_rule_is_not_flagged():
    inventory = CarbonInventoryFactory(energy={"raw_coal": "100000"}, is_baseline=False)
    CarbonInventoryFactory(
        enterprise=inventory.enterprise, year=2020, is_baseline=True, energy={"raw_coal": "200000"}
    )
    designated(inventory)
    claim_units(  # 190.03 t of emissions; 191 CCER retired: net below zero
        inventory,
        actor=None,
        use="offset",
        kind="ccer",
        first_serial="CCER-001",
        last_serial="CCER-191",
        retired_on="2026-03-31",
    )
    disclosure = publish_carbon_disclosure(inventory, actor=None)
    assert disclosure.status == CarbonStatus.ZERO and disclosure.meets_rule
    assert disclosure.figures["reduction_pct"] == "50.00"
    assert not disclosures_to_check().exists()


@pytest.mark.parametrize("persona", ["anon", "enterprise_user", "city_officer"])
def test_the_public_reads_published_disclosures(as_persona, persona):
    inventory = worked_inventory()
    designated(inventory)
    disclosure = publish_carbon_disclosure(inventory, actor=None)
    client = as_persona(persona)
    page = client.get(reverse("filings:carbon_disclosure", args=[disclosure.code]))
    assert page.status_code == 200
    assert "386.140 + 426.720 − 130.480 = 682.380" in page.text
    listing = client.get(reverse("filings:carbon_disclosures"))
    assert inventory.enterprise.name in listing.text
    data = json.loads(client.get(reverse("filings:carbon_disclosures_open_data")).content)
    assert [(row["year"], row["net_t"]) for row in data] == [(2025, "682.380")]
    assert Decimal(data[0]["scope1_t"]) == Decimal("386.140")


def test_an_unpublished_inventory_is_not_public(client):
    assert client.get(reverse("filings:carbon_disclosure", args=["nope"])).status_code == 404


def test_a_disclosure_below_the_rule_flags_the_zero_carbon_title_for_a_targeted_check():
    from greenfactory.filings.domain.queries import flagged_titles
    from tests.factories import region

    inventory = worked_inventory()
    title = designated(inventory)
    green = TitleFactory(enterprise=inventory.enterprise, programme=Programme.GREEN_FACTORY)
    publish_carbon_disclosure(inventory, actor=None)
    flags = flagged_titles(region("320400"), 2025)
    with translation.override("en"):
        texts = [flag.text for flag in flags.get(title.pk, [])]
    assert texts[-1] == (
        "The carbon disclosure of 2025 meets neither the zero nor the near-zero rule "
        "(net 682.380 tCO₂e)."
    )
    assert all(f.code != "carbon_rule_not_met" for f in flags.get(green.pk, []))


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anon", 302), ("enterprise_user", 200), ("district_officer", 403), ("city_officer", 403)],
)
def test_the_disclosure_page_is_the_enterprises(as_persona, persona, status):
    response = as_persona(persona).get(reverse("filings:enterprise_disclosures"))
    assert response.status_code == status


def test_the_enterprise_publishes_from_its_page_only_when_designated(client, enterprise_user):
    inventory = CarbonInventoryFactory(
        enterprise=enterprise_user.enterprise, energy={"raw_coal": "1000"}
    )
    other = CarbonInventoryFactory(energy={"raw_coal": "1000"})
    client.force_login(enterprise_user)
    url = reverse("filings:enterprise_disclosures")
    refused = client.post(url, {"inventory": inventory.code}, follow=True)
    with translation.override("zh-hans"):  # the enterprise's page is in its language
        said = translation.gettext(
            "Only a designated zero-carbon factory publishes a carbon disclosure."
        )
    assert said in refused.text
    designated(inventory)
    assert client.post(url, {"inventory": inventory.code}).status_code == 302
    assert CarbonDisclosure.objects.get().inventory == inventory
    assert client.post(url, {"inventory": other.code}).status_code == 404


def test_the_years_filing_shows_the_disclosure(client, district_officer):
    from django.utils import timezone

    from greenfactory.filings.domain.filings import submit_filing
    from tests.factories.accounts import EnterpriseUserFactory
    from tests.factories.programme import BatchFactory
    from tests.filings.conftest import filed, grant

    user = EnterpriseUserFactory(enterprise__district=district_officer.region)
    grant(user.enterprise, batch=BatchFactory(year=2023, state="published"))
    filing = submit_filing(filed(user, year=2025), actor=user)
    inventory = CarbonInventoryFactory(enterprise=user.enterprise, energy={"raw_coal": "1000"})
    disclosure = CarbonDisclosure.objects.create(
        enterprise=user.enterprise,
        year=2025,
        inventory=inventory,
        figures={"net_t": "1.900"},
        status=CarbonStatus.NOT_YET,
        published_at=timezone.now(),
    )
    client.force_login(district_officer)
    page = client.get(reverse("filings:detail", args=[filing.code]))
    assert page.context["carbon_disclosure"] == disclosure
    assert reverse("filings:carbon_disclosure", args=[disclosure.code]) in page.text


def test_the_public_list_and_open_data_read_a_constant_number_of_queries(
    client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    def disclose(year):
        inventory = CarbonInventoryFactory(year=year, energy={"raw_coal": "1000"})
        CarbonDisclosure.objects.create(
            enterprise=inventory.enterprise,
            year=year,
            inventory=inventory,
            figures={"net_t": "1.900"},
            status=CarbonStatus.NOT_YET,
            published_at=timezone.now(),
        )

    disclose(2024)
    urls = [reverse("filings:carbon_disclosures"), reverse("filings:carbon_disclosures_open_data")]
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as one:
            client.get(url)
        counts.append(len(one))
    for year in range(2010, 2020):
        disclose(year)
    for url, count in zip(urls, counts, strict=True):
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200


def test_publishing_a_disclosure_asks_first(client, enterprise_user):
    CarbonInventoryFactory(enterprise=enterprise_user.enterprise, energy={"raw_coal": "1000"})
    client.force_login(enterprise_user)
    page = client.get(reverse("filings:enterprise_disclosures")).text
    [button] = re.findall(r'name="inventory" value="\w+"><button ([^>]*)>', page)
    assert "data-confirm=" in button
