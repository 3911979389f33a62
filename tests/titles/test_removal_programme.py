"""A removal list strikes only titles of the programme its heading or title column names
(decisions §84): a zero-carbon list (零碳（近零碳）工厂, 零碳工厂, 近零碳工厂) needs no
grade and strikes the zero-carbon title, never the green one; a list naming 绿色工厂 or no
programme strikes the green-factory title only; the preview says which programme
each row matched."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import override

from greenfactory.titles.domain.removal_import import import_removals, preview_removal_import
from greenfactory.titles.models import Title
from tests.factories import EnterpriseFactory, region

pytestmark = pytest.mark.django_db

JIAXUAN = "江苏嘉轩智能工业科技股份有限公司"
LIST = "2026年度零碳工厂动态调整移出名单（测试）"
DECIDED = date(2026, 3, 20)


def title(enterprise, programme, grade=""):
    return Title.objects.create(
        enterprise=enterprise,
        programme=programme,
        grade=grade,
        level="provincial",
        year=2025,
        source="imported",
        status="valid",
        issued_on=date(2025, 12, 1),
    )


@pytest.fixture
def both(db):
    """One factory holding a provincial green-factory title and a provincial zero-carbon one."""
    factory = EnterpriseFactory(name=JIAXUAN, district=region("320412"))
    return {
        "factory": factory,
        "green": title(factory, "green_factory"),
        "zero": title(factory, "zero_carbon", "near_zero"),
    }


def upload(heading: str, column: str = "") -> SimpleUploadedFile:
    header = "省份,企业名称,批次" + (",称号" if column else "")
    row = f"江苏省,{JIAXUAN},2025年度" + (f",{column}" if column else "")
    text = (f"{heading}\n" if heading else "") + f"{header}\n{row}\n"
    return SimpleUploadedFile("removal.csv", text.encode())


def preview(actor, file):
    return preview_removal_import(
        file, actor=actor, level="provincial", list_name=LIST, decided_on=DECIDED
    )


def strike(actor, report, factory):
    [row] = report.candidates
    return import_removals(report.token, actor=actor, confirmed=[f"{row.ref}={factory.code}"])


@pytest.mark.parametrize(
    "heading",
    [
        "江苏省零碳（近零碳）工厂动态调整移出名单",
        "江苏省零碳工厂移出名单",
        "江苏省近零碳工厂移出名单",
    ],
)
def test_a_zero_carbon_list_needs_no_grade_and_strikes_only_the_zero_carbon_title(
    city_officer, both, heading
):
    report = preview(city_officer, upload(heading))
    assert report.errors == []
    [row] = report.candidates
    assert row.programme == "zero_carbon"
    assert [t.pk for t in row.titles[both["factory"].code]] == [both["zero"].pk]
    assert strike(city_officer, report, both["factory"]) == [both["zero"]]
    both["green"].refresh_from_db()
    both["zero"].refresh_from_db()
    assert (both["green"].status, both["zero"].status) == ("valid", "revoked")


@pytest.mark.parametrize("heading", ["江苏省绿色工厂移出名单", ""])
def test_a_green_or_unnamed_list_strikes_only_the_green_title(city_officer, both, heading):
    report = preview(city_officer, upload(heading))
    assert report.errors == []
    assert strike(city_officer, report, both["factory"]) == [both["green"]]
    both["zero"].refresh_from_db()
    assert both["zero"].status == "valid"


def test_the_title_column_names_the_programme_without_a_grade(city_officer, both):
    report = preview(city_officer, upload("", "零碳（近零碳）工厂"))
    assert report.errors == []
    assert strike(city_officer, report, both["factory"]) == [both["zero"]]


def test_a_zero_carbon_list_against_a_factory_holding_only_a_green_title_strikes_nothing(
    city_officer, both
):
    both["zero"].delete()
    with override("en"):
        report = preview(city_officer, upload("江苏省零碳工厂移出名单"))
    assert report.errors == [] and report.candidates == []
    [row] = report.not_held
    assert "zero-carbon" in row.held.lower()
    assert report.token == ""


def test_the_preview_page_says_which_programme_the_list_matched(client, city_officer, both):
    client.force_login(city_officer)
    client.cookies["gf_language"] = "en"
    response = client.post(
        reverse("titles:removal_import"),
        {
            "workbook": upload("江苏省零碳（近零碳）工厂移出名单"),
            "level": "provincial",
            "list_name": LIST,
            "decided_on": DECIDED.isoformat(),
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Programme matched" in body and "Zero-carbon factory" in body
    with override("en"):
        assert response.context["report"].programme_labels == ["Zero-carbon factory"]
