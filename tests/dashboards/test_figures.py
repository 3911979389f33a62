"""The programme dashboard: its numbers checked against the rows by independent queries, the
scope of each officer, the Excel export, and the page's cost."""

import io
from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from greenfactory.applications.enums import ApplicationState
from greenfactory.applications.models import Application, PerformanceYear
from greenfactory.core.models import ExportJob
from greenfactory.programme.models import Target
from greenfactory.titles.models import Title
from tests.addresses import foreign_addresses
from tests.factories import BatchFactory, EnterpriseFactory, industry, region
from tests.sheets import assert_print_ready

pytestmark = pytest.mark.django_db

HELD = ("valid", "under_check", "rectifying")
URL = "/city/dashboard/"


def title(district="320412", level="city", year=2025, status="valid", division="26", **fields):
    enterprise = fields.pop("enterprise", None) or EnterpriseFactory(
        district=region(district), industry=industry(division)
    )
    return Title.objects.create(
        enterprise=enterprise,
        level=level,
        year=year,
        source="designated" if fields.get("application") else "imported",
        status=status,
        issued_on=date(year, 12, 1),
        **fields,
    )


def designated(district, years_energy, *, status="valid", year=2025, batch=None):
    """A title granted on the platform, its application holding performance data per year:
    ``{year: (electricity kWh, natural gas m³)}``."""
    enterprise = EnterpriseFactory(district=region(district))
    application = Application.objects.create(
        batch=batch or BatchFactory(year=year, state="published"),
        enterprise=enterprise,
        state="reviewed",
        submitted_at=timezone.now(),
    )
    for data_year, (kwh, gas) in years_energy.items():
        PerformanceYear.objects.create(
            application=application,
            year=data_year,
            energy={"electricity": str(kwh), "natural_gas": str(gas)},
        )
    return title(enterprise=enterprise, application=application, status=status, year=year)


def a_mix():
    """Titles of several years, levels, districts, industries and statuses."""
    for args in [
        ("320412", "city", 2019, "valid", "26"),
        ("320412", "city", 2019, "revoked", "26"),
        ("320412", "provincial", 2020, "under_check", "30"),
        ("320411", "city", 2020, "rectifying", "13"),
        ("320411", "national", 2021, "valid", "44"),
        ("320402", "city", 2021, "valid", "26"),
        ("320481", "provincial", 2021, "revoked", "30"),
    ]:
        title(*args)


def tables(response):
    return {table.key: table for table in response.context["tables"]}


def as_dict(table, columns=None):
    """{row label: {column: value}} from a figure's rows."""
    columns = columns or table.header[1:]
    return {str(row[0]): dict(zip(columns, row[1:], strict=True)) for row in table.rows}


def test_titles_by_year_level_district_and_industry_match_the_rows(client, city_officer):
    a_mix()
    # A zero-carbon title is not a green factory's: the figures count the green factory's
    # titles, as their levels' names say (decisions §72).
    title("320402", "city", 2026, programme="zero_carbon")
    client.force_login(city_officer)
    figures = tables(client.get(URL))
    held = Title.objects.filter(status__in=HELD, programme="green_factory")

    by_year = Counter(held.values_list("year", "level"))
    got = {
        (int(row[0]), level): n
        for row in figures["by_year"].rows
        for level, n in zip(("city", "provincial", "national"), row[1:4], strict=True)
        if n
    }
    assert got == dict(by_year)
    assert figures["by_year"].totals[1:] == [3, 1, 1, 5]

    by_district = Counter(held.values_list("enterprise__district__name", flat=True))
    assert {row[0]: row[4] for row in figures["by_district"].rows} == dict(by_district)
    assert "溧阳市" not in by_district  # its only title is revoked

    by_section = Counter(held.values_list("enterprise__industry__parent__code", flat=True))
    assert {row[0].split()[0]: row[4] for row in figures["by_industry"].rows} == dict(by_section)
    assert [row[0] for row in figures["by_industry"].rows] == [
        "C 制造业",
        "D 电力、热力、燃气及水生产和供应业",
    ]


def test_a_district_officer_sees_its_district_and_the_city_can_narrow_to_one(
    client, city_officer, district_officer
):
    a_mix()
    client.force_login(district_officer)
    page = client.get(URL, {"district": "320411"})  # asking for another district changes nothing
    assert page.context["scope"].region.code == "320412"
    assert page.context["form"] is None
    figures = tables(page)
    assert [row[0] for row in figures["by_district"].rows] == ["武进区"]
    assert figures["by_year"].totals[-1] == 2

    client.force_login(city_officer)
    figures = tables(client.get(URL, {"district": "320411"}))
    assert [row[0] for row in figures["by_district"].rows] == ["新北区"]
    assert figures["by_year"].totals[-1] == 2


def test_the_figures_are_kept_a_few_minutes_per_role_region_and_district(
    client, city_officer, district_officer, settings
):
    settings.DASHBOARD_CACHE_SECONDS = 120

    def body(response):
        text = response.content.decode()
        return text[text.index('id="figure-by_year"') : text.index("</script>")]

    a_mix()
    client.force_login(city_officer)
    city = client.get(URL)
    whole_city = tables(city)["by_year"].totals[-1]
    assert "数据截至" in city.content.decode()
    assert "{#" not in city.content.decode() and "One export form" not in city.content.decode()
    designated("320412", {2024: (1_000, 0)})
    # Within the cache's time the city officer gets the same figures, without their queries.
    with CaptureQueriesContext(connection) as served:
        again = client.get(URL)
    assert "dashboards/_figures_body.html" not in [t.name for t in again.templates]
    assert body(again) == body(city)
    assert not any("recognition_title" in q["sql"] for q in served.captured_queries)
    # Each export button names its figure for the one export form outside the cached body.
    assert 'form="figure-export" name="chart" value="by_year"' in again.content.decode()
    # Another scope is computed for itself: the district officer's own district (with the new
    # title), never the city's cached figures, and the city narrowed to a district.
    client.force_login(district_officer)
    own = tables(client.get(URL))
    assert [row[0] for row in own["by_district"].rows] == ["武进区"]
    assert own["by_year"].totals[-1] == 3
    client.force_login(city_officer)
    narrowed = tables(client.get(URL, {"district": "320411"}))
    assert [row[0] for row in narrowed["by_district"].rows] == ["新北区"]
    # Once the time has passed (here: the cache emptied), the city's figures include it.
    cache.clear()
    assert tables(client.get(URL))["by_year"].totals[-1] == whole_city + 1


def test_with_the_cache_off_the_figures_are_computed_on_every_request(
    client, city_officer, settings
):
    settings.DASHBOARD_CACHE_SECONDS = 0
    a_mix()
    client.force_login(city_officer)
    before = tables(client.get(URL))["by_year"].totals[-1]
    designated("320412", {2024: (1_000, 0)})
    assert tables(client.get(URL))["by_year"].totals[-1] == before + 1


def test_an_unknown_district_is_reported_and_the_whole_city_shown(client, city_officer):
    a_mix()
    client.force_login(city_officer)
    page = client.get(URL, {"district": "999999"})
    assert page.status_code == 200
    assert page.context["form"].errors["district"]
    assert page.context["scope"].district is None
    assert tables(page)["by_year"].totals[-1] == 5


def _districts_read(queries) -> int:
    return sum(
        '"accounts_region"."level" = ' in q["sql"] and "ORDER BY" in q["sql"] for q in queries
    )


def test_the_district_filter_is_kept_per_region_choice_and_language(client, city_officer):
    client.force_login(city_officer)
    with CaptureQueriesContext(connection) as first:
        opened = client.get(URL).content.decode()
    with CaptureQueriesContext(connection) as again:
        reopened = client.get(URL).content.decode()
    assert _districts_read(first) == 1
    assert _districts_read(again) == 0
    assert 'value="320411">新北区</option>' in reopened
    assert (
        opened.split('class="filters">')[1].split("</form>")[0]
        == (reopened.split('class="filters">')[1].split("</form>")[0])
    )
    chosen = client.get(URL, {"district": "320411"}).content.decode()
    assert 'value="320411" selected>新北区</option>' in chosen
    refused = client.get(URL, {"district": "999999"})
    assert refused.context["form"].errors["district"]


def test_target_progress_counts_titles_granted_in_its_years_and_those_held_today(
    client, city_officer
):
    """The 2020 target reports what was achieved by 2020, even if a title was revoked or
    lapsed later; the titles of them held today are shown beside."""
    Target.objects.create(
        region=region("320400"), level="city", count=40, by_year=2020, from_year=2019
    )
    Target.objects.create(region=region("320412"), level="city", count=2, by_year=2020)
    title("320412", "city", 2019)  # counts for both, held
    title("320411", "city", 2020, "rectifying")  # the city's only, held
    title("320412", "city", 2018)  # before the city's first year; counts for 武进区, held
    title("320412", "city", 2021)  # after the deadline
    title("320412", "city", 2020, "revoked", revoked_on=date(2023, 6, 1))  # granted, not held
    title("320411", "city", 2020, valid_until=date(2023, 11, 30))  # granted, lapsed
    title("320412", "provincial", 2020)  # another level
    title("320412", "city", 2020, programme="zero_carbon")  # another programme (§72)
    client.force_login(city_officer)
    figures = tables(client.get(URL))
    rows = {row[0]: row for row in figures["targets"].rows}
    assert rows["常州市"][3:] == [4, 40, "4 / 40", Decimal("10.0"), 2]
    assert rows["武进区"][3:] == [3, 2, "3 / 2", Decimal("150.0"), 2]
    with translation.override("zh-hans"):
        assert figures["targets"].header[3] == gettext("Titles granted")
        assert figures["targets"].header[-1] == gettext("Of them held today")
    assert "4 / 40" in client.get(URL).content.decode()


def test_the_pipeline_is_the_current_batch_per_state(client, city_officer, district_officer):
    old = BatchFactory(year=2025, state="published")
    current = BatchFactory(year=2026, state="open")
    BatchFactory(year=2027, state="draft")
    # A spot check's batch, opened later, is not this year's application batch.
    BatchFactory(year=2026, state="open", purpose="spot_check")
    for batch, district, state in [
        (current, "320412", "submitted"),
        (current, "320412", "submitted"),
        (current, "320411", "recommended"),
        (current, "320411", "draft"),
        (old, "320412", "reviewed"),
    ]:
        Application.objects.create(
            batch=batch,
            enterprise=EnterpriseFactory(district=region(district)),
            state=state,
            submitted_at=None if state == "draft" else timezone.now(),
        )
    client.force_login(city_officer)
    pipeline = tables(client.get(URL))["pipeline"]
    assert current.title in pipeline.title
    raw = Counter(
        Application.objects.filter(batch=current, submitted_at__isnull=False).values_list(
            "state", flat=True
        )
    )
    got = {row[0]: row[1] for row in pipeline.rows if row[1]}
    with translation.override("zh-hans"):
        assert got == {str(ApplicationState(state).label): n for state, n in raw.items()}
    assert got["已提交，待辖市区初审"] == 2
    assert pipeline.totals == ["合计", 3]

    client.force_login(district_officer)
    pipeline = tables(client.get(URL))["pipeline"]
    assert pipeline.totals == ["合计", 2]


def test_energy_and_co2_of_designated_factories_from_their_latest_year(client, city_officer):
    designated("320412", {2023: (9_999_999, 0), 2024: (1_000_000, 100_000)})
    designated("320412", {2024: (2_000_000, 0)})
    designated("320411", {2022: (500_000, 50_000)})
    designated("320411", {2024: (7_000_000, 0)}, status="revoked")  # no longer held
    designated("320402", {})  # designated, no data
    title("320402", "city", 2025)  # imported: no application, no data
    client.force_login(city_officer)
    energy = tables(client.get(URL))["energy"]

    # Independently: kgce and kgCO₂ per unit from GB/T 2589-2020 and the East China grid factor.
    def tce(kwh, gas):
        return (Decimal(kwh) * Decimal("0.1229") + Decimal(gas) * Decimal("1.2143")) / 1000

    def co2(kwh, gas):
        return (Decimal(kwh) * Decimal("0.55") + Decimal(gas) * Decimal("2.1622")) / 1000

    q = Decimal("0.01")
    rows = {row[0]: row[1:] for row in energy.rows}
    assert rows["武进区"] == [
        2,
        2,
        (tce(1_000_000, 100_000) + tce(2_000_000, 0)).quantize(q),
        (co2(1_000_000, 100_000) + co2(2_000_000, 0)).quantize(q),
    ]
    xinbei = [tce(500_000, 50_000).quantize(q), co2(500_000, 50_000).quantize(q)]
    assert rows["新北区"] == [1, 1, *xinbei]
    assert rows["天宁区"] == [1, 0, Decimal("0.00"), Decimal("0.00")]
    assert energy.totals[1:3] == [4, 3]
    assert energy.totals[3] == sum(row[3] for row in energy.rows)
    assert "2022–2024" in energy.note


def test_the_spot_check_section_is_not_shown_without_spot_checks(client, city_officer):
    client.force_login(city_officer)
    page = client.get(URL)
    assert list(tables(page)) == [
        "targets",
        "by_year",
        "by_district",
        "by_industry",
        "pipeline",
        "energy",
    ]


def test_the_spot_check_section_is_shown_once_a_round_is_drawn(client, city_officer):
    from tests.supervision.helpers import drawn_round

    drawn_round(city_officer, titles=2, n=1)
    client.force_login(city_officer)
    assert list(tables(client.get(URL)))[-1] == "spot_checks"


def test_every_chart_has_its_container_its_table_and_its_data(client, city_officer):
    a_mix()
    client.force_login(city_officer)
    page = client.get(URL)
    html = page.content.decode()
    data = page.context["charts"]
    assert data["locale"] == "ZH"
    for chart in data["charts"]:
        assert f'id="chart-{chart["key"]}"' in html
        table = tables(page)[chart["key"]]
        assert chart["categories"] == [str(row[0]) for row in table.rows]
    assert 'id="dashboard-charts" type="application/json"' in html
    assert "<script>" not in html  # no inline code: the CSP forbids it
    assert "dashboards/vendor/echarts/echarts.min.js" in html
    assert foreign_addresses(html) == []  # every script and style is the platform's own


def export_of(client, django_capture_on_commit_callbacks, chart, **data):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("dashboards:figures_export"), {"chart": chart, **data})
    assert response.status_code == 302
    job = ExportJob.objects.latest("created_at")
    assert job.status == "done", job.error
    with job.file.open("rb") as stored:
        sheet = load_workbook(io.BytesIO(stored.read())).active
    assert sheet["A1"].value and sheet.freeze_panes == "A4"
    return response, [list(row) for row in sheet.iter_rows(min_row=3, values_only=True)]


def test_each_table_exports_to_excel_with_the_same_numbers(
    client, city_officer, django_capture_on_commit_callbacks
):
    a_mix()
    client.force_login(city_officer)
    page_table = tables(client.get(URL))["by_district"]
    response, rows = export_of(client, django_capture_on_commit_callbacks, "by_district")
    assert response["Location"] == URL
    assert rows[0] == [str(cell) for cell in page_table.header]
    assert rows[1:] == [[str(r[0]), *r[1:]] for r in page_table.export_rows()]
    assert rows[-1][0] == "合计"
    job = ExportJob.objects.latest("created_at")
    assert job.filename.startswith(f"常州市-{page_table.title}-")
    with job.file.open("rb") as stored:
        sheet = load_workbook(io.BytesIO(stored.read())).active
    assert_print_ready(
        sheet, title=f"常州市{page_table.title}", issuer="常州市工业和信息化局", filters="常州市"
    )
    assert sheet["B4"].number_format == "#,##0"


def test_an_export_keeps_the_district_and_a_district_officer_exports_only_its_own(
    client, city_officer, district_officer, django_capture_on_commit_callbacks
):
    a_mix()
    client.force_login(city_officer)
    response, rows = export_of(
        client, django_capture_on_commit_callbacks, "by_district", district="320411"
    )
    assert response["Location"] == URL + "?district=320411"
    assert [row[0] for row in rows[1:]] == ["新北区", "合计"]

    client.force_login(district_officer)
    _response, rows = export_of(
        client, django_capture_on_commit_callbacks, "by_district", district="320411"
    )
    assert [row[0] for row in rows[1:]] == ["武进区", "合计"]


def test_an_unknown_figure_is_not_exported(client, city_officer):
    client.force_login(city_officer)
    client.cookies["gf_language"] = "en"
    response = client.post(reverse("dashboards:figures_export"), {"chart": "salaries"}, follow=True)
    assert not ExportJob.objects.exists()
    assert "Choose a figure to export." in response.content.decode()


def test_exports_in_english_have_english_headings(
    client, city_officer, django_capture_on_commit_callbacks
):
    a_mix()
    client.force_login(city_officer)
    client.cookies["gf_language"] = "en"
    _response, rows = export_of(client, django_capture_on_commit_callbacks, "by_year")
    filename = ExportJob.objects.latest("created_at").filename
    assert filename.startswith("常州市-")  # the file's name stays Chinese
    assert not any("a" <= ch.lower() <= "z" for ch in filename.removesuffix(".xlsx"))
    assert rows[0] == [
        "Year",
        "City-level green factory",
        "Provincial-level green factory",
        "National-level green factory",
        "Total",
    ]


@pytest.mark.queries
def test_the_page_costs_the_same_for_1_and_many_titles(client, city_officer):
    Target.objects.create(region=region("320400"), level="city", count=40, by_year=2020)
    BatchFactory(state="open")
    designated("320412", {2024: (1_000_000, 0)})
    client.force_login(city_officer)
    with CaptureQueriesContext(connection) as one:
        first = tables(client.get(URL))
    assert first["by_year"].totals[-1] == 1
    a_mix()
    for district in ("320402", "320411", "320413"):
        designated(district, {2023: (1_000, 10), 2024: (2_000, 20)})
    Target.objects.create(region=region("320412"), level="city", count=5, by_year=2026)
    cache.clear()  # the figures are cached for a few minutes: measure them computed again
    with CaptureQueriesContext(connection) as many:
        second = tables(client.get(URL))
    assert second["by_year"].totals[-1] == 9
    assert len(second["targets"].rows) == 2
    assert len(many) == len(one)


def test_exports_share_the_budget_of_every_export(client, city_officer, settings):
    settings.RATELIMIT_EXPORTS = "2/h"
    client.force_login(city_officer)
    url = reverse("dashboards:figures_export")
    assert client.post(url, {"chart": "by_year"}).status_code == 302
    assert client.post(url, {"chart": "energy"}).status_code == 302
    limited = client.post(url, {"chart": "targets"})
    assert limited.status_code == 429
    assert ExportJob.objects.filter(requested_by=city_officer).count() == 2
