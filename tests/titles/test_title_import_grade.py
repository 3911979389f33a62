"""Imported zero-carbon titles carry their grade (decisions §83): from the row's title column,
the list's title above the header or the officer's choice; a zero-carbon row naming no grade
is refused at its cell."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from greenfactory.core.models import AuditEvent
from greenfactory.programme.enums import Programme, TitleGrade
from greenfactory.titles.domain.title_import import import_titles, preview_title_import
from greenfactory.titles.models import Title
from tests.factories import EnterpriseFactory, TitleFactory, region

pytestmark = pytest.mark.django_db
A, B, C = "常州甲零碳科技有限公司", "常州乙电子有限公司", "常州丙机械有限公司"


@pytest.fixture
def factories(db):
    return {name: EnterpriseFactory(name=name, district=region("320412")) for name in (A, B, C)}


def csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("list.csv", text.encode())


def imported(report, city_officer, factories):
    confirmed = [f"{row.ref}={factories[row.name].code}" for row in report.candidates]
    return import_titles(report.token, actor=city_officer, confirmed=confirmed)


def test_the_rows_title_column_gives_programme_and_grade(city_officer, factories):
    report = preview_title_import(
        csv(
            "企业名称,级别,年份,称号\n"
            f"{A},省级,2025,零碳工厂\n"
            f"{B},省级,2025,省级近零碳工厂\n"
            f"{C},省级,2025,绿色工厂\n"
        ),
        actor=city_officer,
    )
    assert report.errors == []
    kinds = {row.name: (row.programme, row.grade) for row in report.candidates}
    assert kinds == {
        A: (Programme.ZERO_CARBON, TitleGrade.ZERO),
        B: (Programme.ZERO_CARBON, TitleGrade.NEAR_ZERO),
        C: (Programme.GREEN_FACTORY, ""),
    }
    titles = imported(report, city_officer, factories)
    assert sorted((t.enterprise.name, t.programme, t.grade) for t in titles) == sorted(
        [
            (A, Programme.ZERO_CARBON, TitleGrade.ZERO),
            (B, Programme.ZERO_CARBON, TitleGrade.NEAR_ZERO),
            (C, Programme.GREEN_FACTORY, ""),
        ]
    )
    graded = Title.objects.get(enterprise=factories[B])
    assert graded.proper_name.endswith("近零碳工厂")
    event = AuditEvent.objects.filter(action="recognition.title.imported").get(
        changes__listed_name=B
    )
    assert event.changes["grade"] == TitleGrade.NEAR_ZERO


def test_a_zero_carbon_row_without_a_grade_is_refused_at_its_cell(city_officer, factories):
    with translation.override("en"):
        report = preview_title_import(
            csv(
                f"企业名称,级别,年份,称号\n{A},省级,2025,零碳（近零碳）工厂\n{B},省级,2025,零碳工厂\n"
            ),
            actor=city_officer,
        )
    [error] = report.errors
    assert (error.row, error.column_letter, error.code) == (2, "D", "grade_missing")
    assert error.message == (
        "“零碳（近零碳）工厂” names no grade: write 零碳工厂 or 近零碳工厂 in the row, or "
        "choose the grade on the upload form."
    )
    assert not report.token and not Title.objects.exists()


def test_the_officers_grade_holds_where_the_list_names_none(city_officer, factories):
    upload = SimpleUploadedFile(
        "list.csv",
        f"江苏省2025年零碳（近零碳）工厂名单\n企业名称,级别,年份\n{A},省级,2025\n".encode(),
    )
    report = preview_title_import(upload, actor=city_officer, grade=TitleGrade.NEAR_ZERO)
    assert report.errors == []
    [row] = report.candidates
    assert (row.programme, row.grade) == (Programme.ZERO_CARBON, TitleGrade.NEAR_ZERO)
    [title] = imported(report, city_officer, factories)
    assert (title.programme, title.grade, title.year) == (
        Programme.ZERO_CARBON,
        TitleGrade.NEAR_ZERO,
        2025,
    )


def test_a_zero_carbon_list_title_without_the_officers_grade_is_refused(city_officer, factories):
    upload = SimpleUploadedFile(
        "list.csv",
        f"江苏省2025年零碳（近零碳）工厂名单\n企业名称,级别,年份\n{A},省级,2025\n".encode(),
    )
    report = preview_title_import(upload, actor=city_officer)
    assert [e.code for e in report.errors] == ["grade_missing"]


def test_a_grade_in_the_row_wins_over_the_officers(city_officer, factories):
    report = preview_title_import(
        csv(f"企业名称,级别,年份,称号\n{A},省级,2025,零碳工厂\n"),
        actor=city_officer,
        grade=TitleGrade.NEAR_ZERO,
    )
    [row] = report.candidates
    assert row.grade == TitleGrade.ZERO


def test_an_unknown_title_is_refused(city_officer, factories):
    report = preview_title_import(
        csv(f"企业名称,级别,年份,称号\n{A},省级,2025,智能工厂\n"), actor=city_officer
    )
    assert [e.code for e in report.errors] == ["title_unknown"]


def test_a_green_list_stays_green_and_a_green_title_does_not_hold_a_zero_carbon_one(
    city_officer, factories
):
    TitleFactory(enterprise=factories[A], level="provincial", year=2025)
    report = preview_title_import(
        csv(f"企业名称,级别,年份,称号\n{A},省级,2025,近零碳工厂\n"), actor=city_officer
    )
    assert report.held == [] and len(report.candidates) == 1
    green = preview_title_import(csv(f"企业名称,级别,年份\n{A},省级,2025\n"), actor=city_officer)
    [held] = green.held
    assert held.programme == Programme.GREEN_FACTORY


def test_the_upload_page_offers_the_grade_and_passes_it(client, city_officer, factories):
    client.force_login(city_officer)
    page = client.get(reverse("titles:title_import"))
    assert 'name="grade"' in page.text
    response = client.post(
        reverse("titles:title_import"),
        {
            "workbook": csv(f"企业名称,级别,年份,称号\n{A},省级,2025,零碳（近零碳）工厂\n"),
            "grade": TitleGrade.ZERO,
        },
    )
    assert response.status_code == 200
    [row] = response.context["report"].candidates
    assert row.grade == TitleGrade.ZERO
    assert "零碳工厂" in response.text
    assert date(2025, 1, 1) == row.issued


def test_the_template_has_the_title_column_and_its_grade_is_read(client, city_officer, factories):

    client.force_login(city_officer)
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("titles:title_import_template")).content)
    )
    sheet = workbook["名单"]
    assert sheet["H1"].value == "称号"
    for column, value in enumerate(
        [None, A, "省级", 2025, None, None, None, "近零碳工厂"], start=1
    ):
        sheet.cell(row=2, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = preview_title_import(
        SimpleUploadedFile("模板.xlsx", buffer.getvalue()), actor=city_officer
    )
    [row] = report.candidates
    assert (row.programme, row.grade) == (Programme.ZERO_CARBON, TitleGrade.NEAR_ZERO)
