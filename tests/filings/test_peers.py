"""Peer benchmarks (同行对标, decisions §67): the ten-peer floor, the rounded bands, a median
that is never one enterprise's figure, and who sees which comparison."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from greenfactory.filings.domain.peers import (
    MIN_PEERS,
    Band,
    band_of,
    compare_filing,
    shown_median,
)
from greenfactory.programme.enums import Direction, Formula
from tests.factories import (
    EnterpriseFactory,
    SubmittedApplicationFactory,
    UserFactory,
    industry,
    region,
)
from tests.factories.filings import FilingFactory, SubmittedFilingFactory
from tests.factories.titles import TitleFactory

pytestmark = pytest.mark.django_db

ENERGY = Formula.UNIT_PRODUCT_ENERGY


# --- the rules, as pure functions ------------------------------------------------------------


def test_bands_are_rounded_up_to_the_next_band_by_mid_rank():
    peers = [D(v) for v in range(1, 20)]  # 19 peers: the group is 20
    lower = Direction.LOWER
    assert band_of(D("0.5"), peers, lower) == Band.TOP_10  # first of 20: 2.5 %
    assert band_of(D("1.5"), peers, lower) == Band.TOP_10  # second: 7.5 %
    assert band_of(D("2.5"), peers, lower) == Band.TOP_25  # third: 12.5 %
    assert band_of(D("9.5"), peers, lower) == Band.TOP_50  # tenth: 47.5 %
    assert band_of(D("10.5"), peers, lower) == Band.BELOW  # eleventh: 52.5 %
    # On a band's limit the better band: one ahead and one tied is exactly 10 %.
    assert band_of(D(2), peers, lower) == Band.TOP_10
    # Exactly 25 %: four ahead, one tied.
    assert band_of(D(5), peers, lower) == Band.TOP_25
    # Higher is better turns the order round.
    assert band_of(D(30), peers, Direction.HIGHER) == Band.TOP_10
    assert band_of(D("0.5"), peers, Direction.HIGHER) == Band.BELOW


def test_a_median_is_shown_only_where_it_cannot_be_one_enterprises_figure():
    ten = [D(v) for v in range(1, 11)]
    assert shown_median(ten) == D("5.5")
    # An odd number's median is its middle enterprise's figure.
    assert shown_median([*ten, D(11)]) is None
    # Two equal middle values: the mean is both enterprises' figure.
    assert shown_median([D(1), D(2), D(3), D(4), D(5), D(5), D(7), D(8), D(9), D(10)]) is None
    # Below the floor, nothing.
    assert shown_median(ten[:8]) is None
    assert MIN_PEERS == 10


# --- the ten-peer floor on real records --------------------------------------------------------


@pytest.fixture
def batch(db):
    from tests.factories import BatchFactory

    return BatchFactory(year=2023, state="published")


def peer_filings(batch, count, *, start=0, district="320412", code="26"):
    """``count`` filed yearly filings of other enterprises of industry ``code``: energy per t
    of 122.9 + 12.29·i kgce (1 000 000 + 100 000·i kWh for 1 000 t)."""
    filings = []
    for i in range(start, start + count):
        enterprise = EnterpriseFactory(district=region(district), industry=industry(code))
        title = TitleFactory(enterprise=enterprise, batch=batch)
        filings.append(
            SubmittedFilingFactory(
                reference_batch=batch,
                title=title,
                energy={"electricity": str(1_000_000 + 100_000 * i)},
            )
        )
    return filings


@pytest.fixture
def own_filing(enterprise, batch):
    """The subject: 1 400 000 kWh for 1 000 t, 172.06 kgce/t."""
    title = TitleFactory(enterprise=enterprise, batch=batch)
    return FilingFactory(reference_batch=batch, title=title, energy={"electricity": "1400000"})


def energy_of(comparison):
    return next(f for f in comparison.figures if f.key == ENERGY)


def test_nine_peers_show_nothing_and_ten_show_the_band(own_filing, batch):
    peer_filings(batch, 9)
    figure = energy_of(compare_filing(own_filing))
    city, platform = figure.standings
    assert (city.peers, city.enough, city.band, city.median) == (9, False, "", None)
    assert (platform.peers, platform.enough, platform.band) == (9, False, "")

    peer_filings(batch, 1, start=9)
    figure = energy_of(compare_filing(own_filing))
    city, platform = figure.standings
    # 4 of the 10 peers use less (i = 0..3), the subject is fifth of eleven: 40.9 %.
    assert (city.peers, city.enough, city.band) == (10, True, Band.TOP_50)
    assert (city.group_level, city.group_code) == ("division", "26")
    # Ten values, middle ones 5 and 6 differ: their mean is nobody's figure.
    assert city.median == (D("122.9") + D("12.29") * D("4.5"))
    assert platform.band == Band.TOP_50
    # The benchmark of the shipped system applies (general value of 1.1.1).
    assert figure.benchmark is not None


def test_a_draft_and_the_enterprise_itself_are_not_peers(own_filing, batch):
    peer_filings(batch, 9)
    FilingFactory(reference_batch=batch)  # a draft of another enterprise
    figure = energy_of(compare_filing(own_filing))
    assert figure.standings[0].peers == 9


def test_other_industries_other_units_and_other_cities(own_filing, batch):
    peer_filings(batch, 10, code="34")  # another division: not peers
    assert energy_of(compare_filing(own_filing)).standings[1].peers == 0
    others = peer_filings(batch, 10)
    for filing in others[:3]:
        filing.output_unit = "kg"  # per kg: not comparable per unit of product
        filing.save()
    figure = energy_of(compare_filing(own_filing))
    assert figure.standings[1].peers == 7
    # Carbon per 10 000 yuan does not depend on the unit: every one of the ten counts.
    carbon = next(
        f for f in compare_filing(own_filing).figures if f.key == Formula.CARBON_INTENSITY_OUTPUT
    )
    assert carbon.standings[1].peers == 10


def test_the_city_and_the_platform_are_told_apart(own_filing, batch):
    from greenfactory.accounts.models import Region

    # Peers outside Changzhou (a district of Nanjing) count on the platform only.
    nanjing = Region.objects.create(
        code="320100", level="city", parent=region("320000"), name="南京市", name_en="Nanjing"
    )
    Region.objects.create(
        code="320102", level="district", parent=nanjing, name="玄武区", name_en="Xuanwu"
    )
    peer_filings(batch, 10, district="320102")
    city, platform = energy_of(compare_filing(own_filing)).standings
    assert (city.peers, platform.peers) == (0, 10)
    assert not city.enough and platform.enough


# --- the pages ------------------------------------------------------------------------------


def test_the_filing_page_shows_the_band_to_the_enterprise(client, own_filing, batch, enterprise):
    user = UserFactory(username="own", role="enterprise", enterprise=enterprise)
    client.force_login(user)
    url = reverse("filings:peers", args=[own_filing.code])
    peer_filings(batch, 9)
    with translation.override("en"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "too few peers to compare" in response.content.decode()
    assert "top 50 %" not in response.content.decode()
    peer_filings(batch, 1, start=9)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert "top 50 %" in body
    assert "among 10 peers" in body
    # No peer is named on the page.
    for name in EnterpriseFactory._meta.model.objects.exclude(pk=enterprise.pk).values_list(
        "name", flat=True
    ):
        assert name not in body


def test_the_filing_page_costs_the_same_with_ten_or_thirty_peers(client, own_filing, batch):
    user = UserFactory(username="own", role="enterprise", enterprise=own_filing.enterprise)
    client.force_login(user)
    url = reverse("filings:peers", args=[own_filing.code])
    peer_filings(batch, 10)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    peer_filings(batch, 20, start=10)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
    assert len(few) <= 16


def test_the_application_page_compares_its_latest_year(client, enterprise, batch):
    application = SubmittedApplicationFactory(enterprise=enterprise)
    peer_filings(batch, 10)
    user = UserFactory(username="own", role="enterprise", enterprise=enterprise)
    client.force_login(user)
    url = reverse("applications:peers", args=[application.code])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.content.decode()
    # 140.7 kgce/t: two of the ten peers use less, third of eleven (22.7 %).
    assert "top 25 %" in body
    peer_filings(batch, 20, start=10)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


# --- the self-evaluation report --------------------------------------------------------------


def test_the_report_includes_the_comparison_when_asked(client, enterprise, batch):
    from greenfactory.applications.domain import report
    from greenfactory.applications.domain.report_docx import write_docx
    from greenfactory.core.models import ExportJob

    application = SubmittedApplicationFactory(enterprise=enterprise)
    peer_filings(batch, 10)
    context = report.self_report_context(application, peers=True)
    rows = {row["name"]: row for row in context["peers"]["rows"]}
    energy = rows["单位产品综合能耗"]
    assert energy["city"].startswith("前 25%（同行 10 家，行业大类 26）")
    html = report.render_self_report_html(context)
    assert "同行对标" in html and "前 25%" in html
    assert write_docx(context)[:2] == b"PK"
    assert report.self_report_context(application)["peers"] is None

    user = UserFactory(username="own", role="enterprise", enterprise=enterprise)
    client.force_login(user)
    page = client.get(reverse("applications:evidence", args=[application.code]))
    assert b'name="peers"' in page.content and b"checked" in page.content
    url = reverse("applications:document_request", args=[application.code, "self_report_docx"])
    client.post(url, {"peers": "on"})
    client.post(url, {})
    jobs = ExportJob.objects.filter(kind="self_report_docx").order_by("pk")
    assert [job.params["peers"] for job in jobs] == [True, False]


# --- who sees which comparison -------------------------------------------------------------


def test_an_assigned_expert_sees_the_application_but_not_its_peer_comparison(
    client, assigned_expert, district_officer, other_district_officer, enterprise
):
    from tests.factories import ExpertReviewApplicationFactory

    application = ExpertReviewApplicationFactory(enterprise=enterprise, experts=[assigned_expert])
    url = reverse("applications:peers", args=[application.code])
    expected = {assigned_expert: 403, district_officer: 200, other_district_officer: 404}
    for user, status in expected.items():
        client.force_login(user)
        assert client.get(url).status_code == status, user.username
    # The report's option follows the same rule: not offered to whoever may not read it.
    client.force_login(district_officer)
    page = client.get(reverse("applications:evidence", args=[application.code]))
    assert b'name="peers"' in page.content


def test_an_enterprise_reads_only_its_own_filings_comparison(
    client, own_filing, other_enterprise_user, enterprise
):
    client.force_login(other_enterprise_user)
    assert client.get(reverse("filings:peers", args=[own_filing.code])).status_code == 404


def test_the_class_where_it_has_ten_peers_else_the_division(enterprise, batch):
    from greenfactory.accounts.models import Industry

    division = industry("26")
    Industry.objects.create(code="2611", parent=division, name="无机酸制造", name_en="Acids")
    enterprise.industry = industry("2611")
    enterprise.save()
    title = TitleFactory(enterprise=enterprise, batch=batch)
    own = FilingFactory(reference_batch=batch, title=title, energy={"electricity": "1400000"})
    peer_filings(batch, 5, code="2611")
    peer_filings(batch, 6, start=5)  # registered by division only
    standing = energy_of(compare_filing(own)).standings[0]
    assert (standing.group_level, standing.group_code, standing.peers) == ("division", "26", 11)
    peer_filings(batch, 5, start=11, code="2611")
    standing = energy_of(compare_filing(own)).standings[0]
    assert (standing.group_level, standing.group_code, standing.peers) == ("class", "2611", 10)
