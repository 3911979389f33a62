"""The city's peer benchmarks per industry (decisions §67): the chart's numbers in its table,
the ten-peer floor, a query count that does not grow with the enterprises, city officers
only, reachable from the menu."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from greenfactory.core.navigation import Navigation
from tests.factories import BatchFactory, EnterpriseFactory, industry, region
from tests.factories.filings import SubmittedFilingFactory
from tests.factories.titles import TitleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(db):
    return BatchFactory(year=2023, state="published")


def peers(batch, count, *, start=0, code="26"):
    for i in range(start, start + count):
        enterprise = EnterpriseFactory(district=region("320412"), industry=industry(code))
        SubmittedFilingFactory(
            reference_batch=batch,
            title=TitleFactory(enterprise=enterprise, batch=batch),
            energy={"electricity": str(1_000_000 + 100_000 * i)},
        )


def charts(response) -> dict:
    text = response.content.decode()
    start = text.index('id="dashboard-charts"')
    body = text[text.index(">", start) + 1 : text.index("</script>", start)]
    return {chart["key"]: chart for chart in json.loads(body)["charts"]}


def test_an_industry_against_its_benchmark(client, city_officer, batch):
    peers(batch, 10)
    peers(batch, 3, code="34")
    client.force_login(city_officer)
    url = reverse("dashboards:peers")
    overview = charts(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))["peer_industries"]
    assert overview["categories"][0].startswith("26")
    assert [s["data"] for s in overview["series"]] == [[10, 3], [10, 3]]
    response = client.get(url, {"industry": "26"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    figure = charts(response)["peer_figures"]
    # Energy per t: 122.9 … 233.51 kgce/t against the general values of 1.1.1.
    assert "Energy per unit of product" in figure["categories"]
    at = figure["categories"].index("Energy per unit of product")
    counts = [series["data"][at] for series in figure["series"]]
    assert sum(counts) == 10
    # Under ten: the division of three is not compared.
    small = charts(client.get(url, {"industry": "34"}))["peer_figures"]
    assert small["categories"] == []
    assert (
        "fewer than 10"
        in client.get(url, {"industry": "34"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )


def test_the_page_costs_the_same_with_more_enterprises(client, city_officer, batch):
    peers(batch, 10)
    client.force_login(city_officer)
    url = reverse("dashboards:peers")
    client.get(url, {"industry": "26"})
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"industry": "26"})
    peers(batch, 15, start=10)
    peers(batch, 5, code="34")
    with CaptureQueriesContext(connection) as many:
        client.get(url, {"industry": "26"})
    assert len(many) == len(few)


def test_an_unknown_industry_is_refused_at_the_field(client, city_officer):
    client.force_login(city_officer)
    response = client.get(reverse("dashboards:peers"), {"industry": "99"})
    assert response.status_code == 400


def test_the_menu_leads_the_city_there(rf, city_officer, district_officer):
    url = reverse("dashboards:peers")
    links = [link.url for group in Navigation(city_officer, "/").groups for link in group.links]
    assert url in links
    links = [link.url for group in Navigation(district_officer, "/").groups for link in group.links]
    assert url not in links
