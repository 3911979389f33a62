"""The change against the baseline where the public reads carbon figures (decisions §84): the
disclosure keeps, as published, the change the trend computes (``inventory_trend``, never
computed again); the public page and the open data show it; the public list and the open data
read a constant number of queries (``test_carbon_disclosure``)."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from greenfactory.applications.domain.carbon.trend import inventory_trend
from greenfactory.filings.domain.carbon import publish_carbon_disclosure
from greenfactory.programme.enums import Programme
from tests.factories.carbon import CarbonInventoryFactory
from tests.factories.titles import TitleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    # Baseline 200 000 kg raw coal × 1.9003 = 380.060 t; this year 100 000 kg = 190.030 t:
    # the change is 190.030 − 380.060 = −190.030 t, −50.00 %.
    inventory = CarbonInventoryFactory(year=2025, energy={"raw_coal": "100000"})
    CarbonInventoryFactory(
        enterprise=inventory.enterprise, year=2020, is_baseline=True, energy={"raw_coal": "200000"}
    )
    TitleFactory(enterprise=inventory.enterprise, programme=Programme.ZERO_CARBON)
    return publish_carbon_disclosure(inventory, actor=None)


def test_the_disclosure_keeps_the_trends_change_by_hand(published):
    assert published.figures["change_t"] == "-190.030"
    assert published.figures["change_pct"] == "-50.00"
    [_baseline, year] = inventory_trend(published.enterprise_id).years
    assert (year.change_t.quantize(1), year.change_pct.quantize(1)) == (-190, -50)


def test_the_public_page_and_the_open_data_show_the_change(client, published):
    with translation.override("en"):
        page = client.get(
            reverse("filings:carbon_disclosure", args=[published.code]),
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert page.status_code == 200
    assert "-190.030 tCO₂e (-50.00 %)" in page.text
    [row] = json.loads(client.get(reverse("filings:carbon_disclosures_open_data")).content)
    assert (row["change_t"], row["change_pct"]) == ("-190.030", "-50.00")


def test_without_a_baseline_the_change_is_a_dash(client):
    inventory = CarbonInventoryFactory(year=2025, energy={"raw_coal": "100000"})
    TitleFactory(enterprise=inventory.enterprise, programme=Programme.ZERO_CARBON)
    disclosure = publish_carbon_disclosure(inventory, actor=None)
    assert disclosure.figures["change_t"] is None and disclosure.figures["change_pct"] is None
    page = client.get(reverse("filings:carbon_disclosure", args=[disclosure.code]))
    assert "tCO₂e (" not in page.text
    [row] = json.loads(client.get(reverse("filings:carbon_disclosures_open_data")).content)
    assert row["change_t"] is None
