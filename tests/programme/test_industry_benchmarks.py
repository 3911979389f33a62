"""Benchmark and leading values per industry (docs/decisions.md §52): class, then division, then
the general value; the product's unit; Excel in and out; frozen with the version; the sheets say
which applied."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override
from openpyxl import Workbook, load_workbook

from greenfactory.accounts.models import Industry
from greenfactory.applications.domain.figures import (
    check_output_unit,
    refresh_computed_values,
    self_score,
)
from greenfactory.applications.forms import PerformanceYearForm
from greenfactory.applications.models import PerformanceYear, SelfEvaluation
from greenfactory.cultivation.domain.candidates import add_candidate
from greenfactory.cultivation.domain.readiness import readiness
from greenfactory.cultivation.models import TrialAnswer
from greenfactory.programme.domain.benchmarks import (
    Level,
    ProductUnitMismatch,
    benchmarks_for,
    replace_industry_benchmarks,
)
from greenfactory.programme.domain.benchmarks_excel import (
    BenchmarkWorkbookRefused,
    export_workbook,
    headers,
    import_workbook,
)
from greenfactory.programme.domain.systems import SystemFrozen, copy_indicator_system
from greenfactory.programme.models import IndicatorSystem, IndustryBenchmark
from greenfactory.reviews.domain.expert_scores import expert_sheet
from tests.factories import (
    BatchFactory,
    DraftApplicationFactory,
    ExpertReviewApplicationFactory,
    shipped_system,
)
from tests.factories.accounts import EnterpriseFactory, EnterpriseUserFactory, industry

pytestmark = pytest.mark.django_db
D = Decimal


def row(code="1.1.1", industry_code="34", **values):
    return {
        "indicator_code": code,
        "industry_code": industry_code,
        "product": values.get("product", "铸件"),
        "product_unit": values.get("product_unit", "t"),
        "conversions": values.get("conversions", {"kg": "1000"}),
        "benchmark": D(values.get("benchmark", 400)),
        "leading": D(values.get("leading", 250)),
        "source": values.get("source", "测试"),
        "is_default": values.get("is_default", False),
    }


@pytest.fixture
def system(city_officer):
    """An editable copy of the 2025 system with rows for class 3441 and division 34."""
    copy = copy_indicator_system(shipped_system(2025), actor=city_officer)
    replace_industry_benchmarks(
        copy,
        [
            row(industry_code="3441", benchmark=500, leading=300, product="泵"),
            row(industry_code="34", benchmark=400, leading=250),
        ],
        actor=city_officer,
    )
    copy.refresh_from_db()
    return copy


@pytest.fixture
def pump_class(db):
    return Industry.objects.create(code="3441", name="泵及真空设备制造", parent=industry("34"))


def test_the_class_row_wins_then_the_division_then_the_general_value(system):
    by_class = benchmarks_for(system, "3441")["1.1.1"]
    assert (by_class.level, by_class.benchmark, by_class.product) == (Level.CLASS, 500, "泵")
    other_class = benchmarks_for(system, "3442")["1.1.1"]
    assert (other_class.level, other_class.benchmark) == (Level.DIVISION, 400)
    division = benchmarks_for(system, "34")["1.1.1"]
    assert division.level == Level.DIVISION
    general = benchmarks_for(system, "26")["1.1.1"]
    assert (general.level, general.benchmark, general.leading) == (Level.GENERAL, 300, 200)
    # items without an industry row keep their general values for everyone
    assert benchmarks_for(system, "3441")["1.3.1"].level == Level.GENERAL


def test_a_version_without_industry_rows_reads_no_rows(django_assert_num_queries):
    system = shipped_system(2025)
    indicators = list(system.indicators.all())
    with django_assert_num_queries(0):
        applied = benchmarks_for(system, "34", indicators)
    assert applied["1.1.1"].level == Level.GENERAL


def test_the_score_uses_the_industrys_values(system, pump_class):
    batch = BatchFactory(indicator_system=system)
    pump = DraftApplicationFactory(batch=batch, enterprise=EnterpriseFactory(industry=pump_class))
    chemicals = DraftApplicationFactory(batch=batch)  # division 26: the general values
    for application in (pump, chemicals):
        SelfEvaluation.objects.create(
            application=application,
            indicator=system.indicators.get(code="1.1.1"),
            value=D(300),
        )
    # 300 kgce/t is the pump class's leading value (full points) and the general benchmark (0)
    item = system.indicators.get(code="1.1.1")
    assert self_score(pump).items["1.1.1"].points == item.max_points
    assert self_score(chemicals).items["1.1.1"].points == 0


def test_a_unit_of_output_the_benchmark_is_not_set_per_is_refused(system, pump_class):
    batch = BatchFactory(indicator_system=system)
    application = DraftApplicationFactory(
        batch=batch, enterprise=EnterpriseFactory(industry=pump_class)
    )
    with override("en"), pytest.raises(ProductUnitMismatch) as refused:
        check_output_unit(application, "台")
    message = str(refused.value)
    assert "per t of 泵" in message and "“台”" in message and "t, kg" in message
    check_output_unit(application, "t")
    check_output_unit(application, "kg")  # a stated conversion
    with override("en"):
        form = PerformanceYearForm(
            data={"revision": "1", "output_unit": "台", "output_quantity": "10"},
            instance=PerformanceYear(application=application, year=2025),
            carriers=batch.coefficient_table.carriers.all(),
            check_unit=lambda unit: check_output_unit(application, unit),
        )
        assert not form.is_valid()
        assert "per t of 泵" in form.errors["output_unit"][0]
        assert form["output_unit"].value() == "台"  # what was typed is kept


def test_a_stated_conversion_turns_the_figure_into_the_benchmarks_unit(system, pump_class):
    batch = BatchFactory(indicator_system=system)
    application = DraftApplicationFactory(
        batch=batch, enterprise=EnterpriseFactory(industry=pump_class)
    )
    PerformanceYear.objects.create(
        application=application,
        year=2025,
        energy={"electricity": "1000000"},  # 122 900 kgce
        output_quantity=D(400_000),
        output_unit="kg",
    )
    refresh_computed_values(application)
    value = application.self_evaluations.get(indicator__code="1.1.1").value
    assert value.quantize(D("0.01")) == D("307.25")  # 0.307 25 kgce/kg × 1000 = per t


def test_a_frozen_version_refuses_new_rows(system, city_officer, client):
    BatchFactory(indicator_system=system)
    with pytest.raises(SystemFrozen):
        replace_industry_benchmarks(system, [row()], actor=city_officer)
    client.force_login(city_officer)
    upload = SimpleUploadedFile("b.xlsx", export_workbook(system))
    response = client.post(
        reverse("programme:benchmarks_import", args=[system.slug]), {"workbook": upload}
    )
    assert response.status_code == 302
    assert IndustryBenchmark.objects.filter(indicator__system=system).count() == 2
    page = client.get(reverse("programme:system_detail", args=[system.slug]))
    assert "benchmarks/import" not in page.content.decode()  # no import form on a frozen one


def test_a_copy_takes_the_rows_along(system, city_officer):
    copy = copy_indicator_system(system, actor=city_officer)
    assert copy.has_industry_benchmarks
    assert sorted(
        IndustryBenchmark.objects.filter(indicator__system=copy).values_list(
            "industry_code", "benchmark"
        )
    ) == [("34", D(400)), ("3441", D(500))]


def test_excel_round_trip(system, city_officer):
    workbook = export_workbook(system)
    target = copy_indicator_system(shipped_system(2025), actor=city_officer)
    count = import_workbook(target, io.BytesIO(workbook), actor=city_officer)
    assert count == 2

    def rows_of(version):
        return sorted(
            IndustryBenchmark.objects.filter(indicator__system=version).values_list(
                "indicator__code",
                "industry_code",
                "product",
                "product_unit",
                "conversions",
                "benchmark",
                "leading",
                "source",
                "is_default",
            )
        )

    assert rows_of(target) == rows_of(system)
    sheet = load_workbook(io.BytesIO(workbook)).active
    assert [cell.value for cell in sheet[1]] == headers()


def _workbook(*rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(headers())
    for values in rows:
        sheet.append(list(values))
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_written(system, city_officer):
    target = copy_indicator_system(shipped_system(2025), actor=city_officer)
    upload = _workbook(
        ("1.1.1", "17", "纺织品", "t", "", 280, 190, "来源", "否"),  # good
        ("9.9.9", "17", "", "t", "", 1, 2, "", "否"),  # no such item
        ("1.1.1", "1", "", "t", "", 280, 190, "", "否"),  # not a division or class
        ("1.1.1", "26", "", "t", "kg:1000", "abc", 190, "", "maybe"),  # three bad cells
        ("1.1.1", "39", "", "t", "", 190, 280, "", "是"),  # lower is better: wrong way
        ("1.1.1", "17", "", "t", "", 280, 190, "", "否"),  # the same item and industry again
        ("1.1.1", "38", "", "", "", 280, 190, "", "否"),  # per product: needs its unit
    )
    with override("en"), pytest.raises(BenchmarkWorkbookRefused) as refused:
        import_workbook(target, upload, actor=city_officer)
    problems = refused.value.problems
    assert problems[0].startswith("Row 3, column A (Item code)")
    assert any(p.startswith("Row 4, column B") for p in problems)
    assert any(p.startswith("Row 5, column E") for p in problems)
    assert any(p.startswith("Row 5, column F") and "not a number" in p for p in problems)
    assert any(p.startswith("Row 5, column I") for p in problems)
    assert any(p.startswith("Row 6, column G") and "below the benchmark" in p for p in problems)
    assert any(p.startswith("Row 7, column B") and "Row 2 already" in p for p in problems)
    assert any(p.startswith("Row 8, column D") for p in problems)
    assert len(problems) == 8
    assert not IndustryBenchmark.objects.filter(indicator__system=target).exists()


def test_the_import_page_reports_bad_rows_in_the_users_language(city_officer, client):
    target = copy_indicator_system(shipped_system(2025), actor=city_officer)
    client.force_login(city_officer)
    upload = SimpleUploadedFile(
        "b.xlsx", _workbook(("9.9.9", "17", "", "t", "", 1, 2, "", "否")).getvalue()
    )
    with override("en"):
        response = client.post(
            reverse("programme:benchmarks_import", args=[target.slug]),
            {"workbook": upload},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 400
    assert "Row 2, column A" in response.content.decode()


def test_a_damaged_file_is_refused_with_a_message(city_officer):
    target = copy_indicator_system(shipped_system(2025), actor=city_officer)
    with override("en"), pytest.raises(BenchmarkWorkbookRefused) as refused:
        import_workbook(target, io.BytesIO(b"not a workbook"), actor=city_officer)
    assert "not an Excel workbook" in refused.value.problems[0]


def test_only_the_city_bureau_imports(system, client, district_officer):
    client.force_login(district_officer)
    upload = SimpleUploadedFile("b.xlsx", export_workbook(system))
    response = client.post(
        reverse("programme:benchmarks_import", args=[system.slug]), {"workbook": upload}
    )
    assert response.status_code == 403


def test_the_self_evaluation_shows_which_benchmark_applied(system, pump_class, client):

    enterprise = EnterpriseFactory(industry=pump_class)
    user = EnterpriseUserFactory(username="pumps", enterprise=enterprise)
    application = DraftApplicationFactory(
        batch=BatchFactory(indicator_system=system), enterprise=enterprise
    )
    client.force_login(user)
    with override("en"):
        page = client.get(
            reverse("applications:self_evaluation", args=[application.code]),
            HTTP_ACCEPT_LANGUAGE="en",
        ).content.decode()
    assert "benchmark 500, leading 300" in page
    assert "industry class 3441 · 泵" in page
    assert "general value" in page  # the items without a row for the class or division


def test_the_experts_sheet_scores_by_the_industrys_values(system, pump_class):

    batch = BatchFactory(indicator_system=system)
    application = DraftApplicationFactory(
        batch=batch, enterprise=EnterpriseFactory(industry=pump_class)
    )
    item = system.indicators.get(code="1.1.1")

    class Entry:
        indicator_id = item.pk
        not_applicable, met, score, value = False, None, None, D(300)

    indicators = list(system.indicators.all())
    sheet = expert_sheet(system, indicators, {item.pk: Entry()}, application)
    assert sheet.items["1.1.1"].points == item.max_points
    assert expert_sheet(system, indicators, {item.pk: Entry()}).items["1.1.1"].points == 0


def test_the_shipped_industry_version():
    version = IndicatorSystem.objects.get(code="GBT36132-2025", version=2)
    assert version.has_industry_benchmarks
    assert version.based_on == shipped_system(2025)
    rows = IndustryBenchmark.objects.filter(indicator__system=version)
    assert sorted(set(rows.values_list("industry_code", flat=True))) == ["17", "26", "34", "39"]
    assert all(r.is_default and "本平台默认值" in r.source for r in rows)
    assert not shipped_system(2025).has_industry_benchmarks


def test_the_readiness_gap_scores_and_names_the_industrys_benchmark(
    system, pump_class, district_officer
):

    enterprise = EnterpriseFactory(industry=pump_class)
    candidate = add_candidate(enterprise, actor=district_officer)
    item = system.indicators.get(code="1.1.1")
    TrialAnswer.objects.create(candidate=candidate, indicator=item, value=D(400))
    gap = readiness(candidate, system)
    # 400 kgce/t: halfway between the pump class's 500 and 300 (the general 300 gives 0)
    assert gap.sheet.items["1.1.1"].points == item.max_points / 2
    (potential,) = [p for p in gap.potentials if p.indicator.code == "1.1.1"]
    assert potential.indicator.applied_benchmark.industry_code == "3441"


def test_the_experts_sheet_shows_which_benchmark_applied(
    system, pump_class, client, assigned_expert
):
    application = ExpertReviewApplicationFactory(
        batch=BatchFactory(indicator_system=system),
        enterprise=EnterpriseFactory(industry=pump_class),
        experts=[assigned_expert],
    )
    assignment = application.expert_assignments.get()
    client.force_login(assigned_expert)
    with override("en"):
        page = client.get(
            reverse("reviews:expert_score", args=[assignment.code]), HTTP_ACCEPT_LANGUAGE="en"
        )
    text = page.content.decode()
    assert page.status_code == 200
    assert "benchmark 500, leading 300" in text
    assert "industry class 3441 · 泵" in text


def test_the_system_page_reads_the_rows_in_one_query(system, city_officer, client):
    client.force_login(city_officer)
    counts = []
    for version in (system, IndicatorSystem.objects.get(code="GBT36132-2025", version=2)):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("programme:system_detail", args=[version.slug]))
        assert page.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]  # 2 rows or 12: the same number of queries
