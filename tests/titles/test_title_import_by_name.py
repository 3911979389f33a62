"""Importing the lists as they are published: by name, without credit codes (names in normal
form, former names, candidates with their confidence for the officer to confirm or reject),
cumulative lists (titles already held skipped, changed details reported), CSV in UTF-8 and
GB18030, a title above the header, merged cells. The fixtures in ``data/`` carry real published
names; their sources are in ``data/README.md``."""

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import Workbook

from greenfactory.accounts.domain.pilot_codes import record_pilot_code
from greenfactory.accounts.models import EnterpriseNameChange, Region
from greenfactory.core.models import AuditEvent
from greenfactory.demo.data import ENTERPRISES
from greenfactory.titles.domain import title_import
from greenfactory.titles.domain.title_import import (
    TitleImportRefused,
    import_titles,
    preview_title_import,
)
from greenfactory.titles.domain.title_import_names import normalise_name
from greenfactory.titles.enums import TitleSource, TitleStatus
from greenfactory.titles.models import Title
from tests.factories import EnterpriseFactory, region, valid_uscc

DATA = Path(__file__).parent / "data"
CRRC = "中车戚墅堰机车车辆工艺研究所有限公司"
CSR = "南车戚墅堰机车车辆工艺研究所有限公司"  # its name before the 2015 CSR–CNR merger
JIAXUAN = "江苏嘉轩智能工业科技股份有限公司"


def said(message, **params) -> str:
    with translation.override("zh-hans"):
        params = {key: str(value) for key, value in params.items()}
        return gettext(message) % params if params else gettext(message)


def fixture(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (DATA / name).read_bytes())


@pytest.fixture
def changzhou(db):
    """The two real factories, registered and confirmed in Changzhou districts."""
    return {
        "crrc": EnterpriseFactory(name=CRRC, district=region("320412")),
        "jiaxuan": EnterpriseFactory(name=JIAXUAN, district=region("320412")),
    }


# ---- names in normal form -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        (CRRC, CRRC),
        ("中车戚墅堰机车车辆工艺研究所有限责任公司", CRRC),  # 有限责任公司 / 有限公司
        (" 中车戚墅堰 机车车辆工艺研究所有限公司 ", CRRC),  # spaces
        ("常州某某（集团）有限公司", "常州某某(集团)有限公司"),  # full-width brackets
        ("常州某某【集团】有限公司", "常州某某(集团)有限公司"),
        ("ＡＢＣ常州有限公司", "ABC常州有限公司"),  # full-width letters
        (JIAXUAN, JIAXUAN),  # 股份有限公司 stays itself
        ("", ""),
    ],
)
def test_names_are_compared_in_normal_form(written, normal):
    assert normalise_name(written) == normal


# ---- matching by name -----------------------------------------------------------------------


def test_a_published_list_without_codes_offers_candidates_with_their_confidence(
    city_officer, changzhou
):
    EnterpriseFactory(name=CRRC.replace("中车", "西安中车"), district=region("320411"))
    report = preview_title_import(fixture("jiangsu_2021_batch2_changzhou.csv"), actor=city_officer)
    assert report.errors == []
    assert report.matched == [] and report.unmatched == []
    [row] = report.candidates
    # the title above the header names the list: provincial, 2021
    assert (row.row, row.name, row.level, row.year) == (4, CRRC, "provincial", 2021)
    assert row.source == "江苏省2021年绿色工厂名单（第二批）（常州市部分）"
    assert [(c.enterprise, c.confidence, c.former) for c in row.candidates] == [
        (changzhou["crrc"], 100, False),
        (row.candidates[1].enterprise, 94, False),
    ]
    assert row.candidates[1].enterprise.name == "西安中车戚墅堰机车车辆工艺研究所有限公司"
    assert report.token
    assert not Title.objects.exists()


def test_a_former_name_from_the_name_history_is_matched(city_officer, changzhou):
    EnterpriseNameChange.objects.create(enterprise=changzhou["crrc"], old_name=CSR, new_name=CRRC)
    upload = SimpleUploadedFile("list.csv", f"企业名称,级别,年份\n{CSR},省级,2021\n".encode())
    report = preview_title_import(upload, actor=city_officer)
    [row] = report.candidates
    [candidate] = row.candidates
    assert (candidate.enterprise, candidate.confidence, candidate.former) == (
        changzhou["crrc"],
        100,
        True,
    )
    assert candidate.matched_name == CSR


def test_a_shortened_name_is_a_candidate_below_full_confidence(city_officer, changzhou):
    upload = SimpleUploadedFile(
        "list.csv", "企业名称,级别,年份\n中车戚墅堰机车车辆工艺研究所,省级,2021\n".encode()
    )
    [row] = preview_title_import(upload, actor=city_officer).candidates
    assert [(c.enterprise, c.confidence) for c in row.candidates] == [(changzhou["crrc"], 87)]


def test_names_not_in_the_region_are_listed_not_errors(city_officer, changzhou):
    suzhou = Region.objects.create(
        code="320500", name="苏州市", level="city", parent=region("320400").parent
    )
    taicang = Region.objects.create(code="320585", name="太仓市", level="district", parent=suzhou)
    outside = EnterpriseFactory(name="苏州某某绿色材料有限公司", district=taicang)
    upload = SimpleUploadedFile(
        "list.csv",
        f"企业名称,级别,年份\n{outside.name},省级,2021\n无锡某某有限公司,省级,2021\n".encode(),
    )
    report = preview_title_import(upload, actor=city_officer)
    assert report.errors == [] and report.candidates == []
    assert [(row.row, row.unmatched_reason) for row in report.unmatched] == [
        (2, said("No enterprise of this name in your region.")),
        (3, said("No enterprise of this name in your region.")),
    ]
    assert report.token == ""


# ---- confirming ------------------------------------------------------------------------------


def test_only_confirmed_candidates_are_imported_all_at_once(client, city_officer, changzhou):
    upload = fixture("changzhou_cumulative.csv")
    client.force_login(city_officer)
    response = client.post(reverse("titles:title_import"), {"workbook": upload})
    assert response.status_code == 200
    report = response.context["report"]
    assert [row.name for row in report.candidates] == [CRRC, JIAXUAN]
    content = response.content.decode()
    assert f'value="CSV!2={changzhou["crrc"].code}"' in content
    assert "100%" in content
    response = client.post(
        reverse("titles:title_import_confirm"),
        {"token": report.token, "confirmed": [f"CSV!2={changzhou['crrc'].code}"]},
    )
    assert response.status_code == 302
    [title] = Title.objects.all()
    assert (title.enterprise, title.level, title.year, title.issued_on, title.source) == (
        changzhou["crrc"],
        "provincial",
        2021,
        date(2021, 12, 22),
        TitleSource.IMPORTED,
    )
    event = AuditEvent.objects.get(action="recognition.titles.imported")
    assert event.changes["rejected"] == ["CSV!3"]
    detail = AuditEvent.objects.get(action="recognition.title.imported")
    assert detail.changes["matched_by"] == "name"
    assert detail.changes["listed_name"] == CRRC


def test_a_confirmation_not_offered_refuses_the_whole_import(city_officer, changzhou):
    other = EnterpriseFactory(name="常州天宁纺织有限公司", district=region("320402"))
    report = preview_title_import(fixture("changzhou_cumulative.csv"), actor=city_officer)
    decisions = [f"CSV!2={changzhou['crrc'].code}", f"CSV!3={other.code}"]
    with translation.override("en"), pytest.raises(TitleImportRefused) as refused:
        import_titles(report.token, actor=city_officer, confirmed=decisions)
    assert str(refused.value) == (
        "The matches by name have changed since the preview: upload the file again."
    )
    assert not Title.objects.exists()


def test_a_failure_on_one_confirmed_row_imports_none(city_officer, changzhou, monkeypatch):
    report = preview_title_import(fixture("changzhou_cumulative.csv"), actor=city_officer)
    decisions = [f"CSV!2={changzhou['crrc'].code}", f"CSV!3={changzhou['jiaxuan'].code}"]
    calls = []

    def failing(*args, **kwargs):
        calls.append(kwargs.get("title"))
        if len(calls) == 2:
            raise RuntimeError("the second title fails")

    monkeypatch.setattr(title_import.title_granted, "send", failing)
    with pytest.raises(RuntimeError):
        import_titles(report.token, actor=city_officer, confirmed=decisions)
    assert not Title.objects.exists()


def test_only_a_city_officer_imports(client, district_officer, enterprise_user, changzhou):
    for user in (district_officer, enterprise_user):
        client.force_login(user)
        response = client.post(
            reverse("titles:title_import"), {"workbook": fixture("changzhou_cumulative.csv")}
        )
        assert response.status_code == 403
        response = client.post(
            reverse("titles:title_import_confirm"),
            {"token": "x", "confirmed": [f"CSV!2={changzhou['crrc'].code}"]},
        )
        assert response.status_code == 403
    assert not Title.objects.exists()


# ---- cumulative lists ------------------------------------------------------------------------


def test_a_longer_cumulative_list_adds_only_the_new_titles(city_officer, changzhou):
    first = preview_title_import(fixture("jiangsu_2021_batch2_changzhou.csv"), actor=city_officer)
    import_titles(first.token, actor=city_officer, confirmed=[f"CSV!4={changzhou['crrc'].code}"])
    [held_title] = Title.objects.all()
    assert held_title.issued_on == date(2021, 1, 1)

    longer = preview_title_import(fixture("changzhou_cumulative.csv"), actor=city_officer)
    assert longer.errors == []
    [held] = longer.held
    assert (held.row, held.enterprise, held.held) == (
        2,
        changzhou["crrc"],
        said("Already held (%(status)s).", status=TitleStatus.VALID.label),
    )
    assert held.changes == [
        said(
            "Date of issue: %(held)s on the platform, %(listed)s in the list.",
            held="2021-01-01",
            listed="2021-12-22",
        )
    ]
    [new] = longer.candidates
    assert new.name == JIAXUAN
    titles = import_titles(
        longer.token, actor=city_officer, confirmed=[f"CSV!3={changzhou['jiaxuan'].code}"]
    )
    assert [(t.enterprise, t.level, t.year) for t in titles] == [
        (changzhou["jiaxuan"], "national", 2025)
    ]
    assert Title.objects.count() == 2
    held_title.refresh_from_db()
    assert held_title.issued_on == date(2021, 1, 1)  # reported, never applied
    event = AuditEvent.objects.filter(action="recognition.titles.imported").latest("pk")
    assert event.changes["held"] == ["CSV!2"]


# ---- files as they come ----------------------------------------------------------------------


def test_a_gb18030_csv_with_a_title_line_is_read(city_officer, changzhou):
    raw = (DATA / "miit_2025_changzhou.gb18030.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    report = preview_title_import(fixture("miit_2025_changzhou.gb18030.csv"), actor=city_officer)
    assert report.errors == []
    [row] = report.candidates
    assert (row.row, row.name, row.level, row.year) == (3, JIAXUAN, "national", 2025)
    assert [c.enterprise for c in row.candidates] == [changzhou["jiaxuan"]]


def test_a_utf8_csv_with_a_bom_is_read(city_officer, changzhou):
    upload = SimpleUploadedFile(
        "list.csv", "\ufeff企业名称,级别,年份\n".encode() + f"{JIAXUAN},国家级,2025\n".encode()
    )
    report = preview_title_import(upload, actor=city_officer)
    assert report.errors == []
    assert [row.name for row in report.candidates] == [JIAXUAN]


def test_a_file_in_another_encoding_is_refused_clearly(city_officer):
    upload = SimpleUploadedFile("list.csv", "企业名称,级别\n".encode("utf-16"))
    report = preview_title_import(upload, actor=city_officer)
    assert [e.code for e in report.errors] == ["encoding"]


def test_an_excel_97_2003_list_is_read_with_its_merged_title(city_officer, changzhou):
    """The published list saved as .xls (by LibreOffice from the same rows as the CSV
    fixture): the merged title above the header names the list, the name is matched, and
    confirming imports the title from the stored .xls."""
    report = preview_title_import(fixture("jiangsu_2021_batch2_changzhou.xls"), actor=city_officer)
    assert report.errors == []
    [row] = report.candidates
    assert (row.sheet, row.row, row.name, row.level, row.year) == (
        "名单",
        4,
        CRRC,
        "provincial",
        2021,
    )
    assert row.source == "江苏省2021年绿色工厂名单（第二批）（常州市部分）"
    [title] = import_titles(
        report.token, actor=city_officer, confirmed=[f"名单!4={changzhou['crrc'].code}"]
    )
    assert (title.enterprise, title.level, title.status) == (
        changzhou["crrc"],
        "provincial",
        TitleStatus.VALID,
    )


def test_a_damaged_xls_is_refused_as_damaged(city_officer):
    upload = SimpleUploadedFile("名单.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with translation.override("en"):
        report = preview_title_import(upload, actor=city_officer)
        assert [(e.code, e.message) for e in report.errors] == [
            ("damaged", "The file is damaged or incomplete.")
        ]
    assert not Title.objects.exists()


def test_an_xls_name_on_another_kind_of_file_is_refused(city_officer):
    upload = SimpleUploadedFile(
        "名单.xls", (DATA / "jiangsu_2021_batch2_changzhou.csv").read_bytes()
    )
    report = preview_title_import(upload, actor=city_officer)
    assert [e.code for e in report.errors] == ["type"]


def test_merged_title_and_batch_cells_are_read(city_officer, changzhou):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "名单"
    sheet.append(["江苏省绿色工厂名单"])
    sheet.merge_cells("A1:D1")
    sheet.append([])
    sheet.append(["序号", "企业名称", "级别", "年份"])
    sheet.append([1, CRRC, "省级", 2021])
    sheet.append([2, JIAXUAN, None, None])
    sheet.merge_cells("C4:C5")
    sheet.merge_cells("D4:D5")
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = preview_title_import(
        SimpleUploadedFile("名单.xlsx", buffer.getvalue()), actor=city_officer
    )
    assert report.errors == []
    assert [(r.row, r.name, r.level, r.year) for r in report.candidates] == [
        (4, CRRC, "provincial", 2021),
        (5, JIAXUAN, "provincial", 2021),
    ]
    assert {r.source for r in report.candidates} == {"江苏省绿色工厂名单"}


# ---- pilot-period credit codes ---------------------------------------------------------------


def test_a_recorded_pilot_period_code_is_matched_by_its_code(city_officer, district_officer):
    right = valid_uscc("320412")
    code = right[:17] + ("0" if right[17] != "0" else "1")
    upload = f"统一社会信用代码,企业名称,级别,年份\n{code},{CRRC},省级,2021\n".encode()
    report = preview_title_import(SimpleUploadedFile("l.csv", upload), actor=city_officer)
    assert [e.code for e in report.errors] == ["uscc_invalid"]  # a dead end until recorded
    record_pilot_code(
        code, district=region("320412"), reason="营业执照核对：2015年核发", actor=district_officer
    )
    crrc = EnterpriseFactory(uscc=code, name=CRRC, district=region("320412"))
    report = preview_title_import(SimpleUploadedFile("l.csv", upload), actor=city_officer)
    assert report.errors == []
    assert [row.enterprise for row in report.matched] == [crrc]


def test_the_demo_city_can_import_the_sample_published_list(city_officer):
    """The sample in docs/ against the demo's enterprises of those names."""
    names = {name: district for name, district, *_rest in ENTERPRISES}
    green = EnterpriseFactory(
        name="常州绿源新材料有限公司", district=region(names["常州绿源新材料有限公司"])
    )
    hengtai = EnterpriseFactory(
        name="常州恒泰精密机械有限公司", district=region(names["常州恒泰精密机械有限公司"])
    )
    sample = Path(__file__).parents[2] / "docs" / "samples" / "published-list-sample.csv"
    report = preview_title_import(
        SimpleUploadedFile(sample.name, sample.read_bytes()), actor=city_officer
    )
    assert report.errors == []
    assert [(row.level, row.year) for row in report.candidates] == [("provincial", 2022)] * 2
    assert [
        [(c.enterprise, c.confidence) for c in row.candidates] for row in report.candidates
    ] == [
        [(green, 100)],
        [(hengtai, 100)],
    ]
    assert [row.name for row in report.unmatched] == [CRRC]
    titles = import_titles(
        report.token,
        actor=city_officer,
        confirmed=[f"CSV!3={green.code}", f"CSV!4={hengtai.code}"],
    )
    assert [title.enterprise for title in titles] == [green, hengtai]


def test_the_cost_of_a_preview_by_name_does_not_grow_with_the_rows(client, city_officer):
    enterprises = [EnterpriseFactory(name=f"常州测试{n:02d}新材料有限公司") for n in range(20)]
    for enterprise in enterprises[:5]:
        EnterpriseNameChange.objects.create(
            enterprise=enterprise, old_name=enterprise.name + "厂", new_name=enterprise.name
        )
    client.force_login(city_officer)
    url = reverse("titles:title_import")

    def listed(names):
        lines = "".join(f"{name},省级,2024\n" for name in names)
        return SimpleUploadedFile("l.csv", f"企业名称,级别,年份\n{lines}".encode())

    client.post(url, {"workbook": listed([enterprises[0].name])})  # warm the caches
    with CaptureQueriesContext(connection) as one:
        response = client.post(url, {"workbook": listed([enterprises[0].name])})
    assert len(response.context["report"].candidates) == 1
    with CaptureQueriesContext(connection) as many:
        response = client.post(
            url, {"workbook": listed([e.name for e in enterprises] + ["无锡某某有限公司"])}
        )
    report = response.context["report"]
    assert (len(report.candidates), len(report.unmatched)) == (20, 1)
    assert len(many) == len(one)


def test_a_csv_formula_is_refused(city_officer, changzhou):
    upload = SimpleUploadedFile(
        "l.csv", f'企业名称,级别,年份\n"=HYPERLINK(""x"")",省级,2021\n{CRRC},省级,2021\n'.encode()
    )
    report = preview_title_import(upload, actor=city_officer)
    assert [(e.row, e.column_letter, e.code) for e in report.errors] == [(2, "A", "formula")]
    assert report.token == ""


def test_a_candidate_already_holding_the_title_is_not_offered(city_officer, changzhou):
    near = EnterpriseFactory(name="中车戚墅堰机车车辆工艺研究所分所")
    upload = "企业名称,级别,年份\n中车戚墅堰机车车辆工艺研究所,省级,2021\n".encode()
    report = preview_title_import(SimpleUploadedFile("l.csv", upload), actor=city_officer)
    [row] = report.candidates
    assert [(c.enterprise, c.confidence) for c in row.candidates] == [
        (near, 93),
        (changzhou["crrc"], 87),
    ]
    Title.objects.create(
        enterprise=near,
        level="provincial",
        year=2021,
        source=TitleSource.IMPORTED,
        issued_on=date(2021, 1, 1),
    )
    report = preview_title_import(SimpleUploadedFile("l.csv", upload), actor=city_officer)
    assert report.held == []
    [row] = report.candidates
    assert [c.enterprise for c in row.candidates] == [changzhou["crrc"]]


def test_one_title_confirmed_twice_is_refused(city_officer, changzhou):
    upload = f"企业名称,级别,年份\n{CRRC},省级,2021\n{CSR},省级,2021\n".encode()
    EnterpriseNameChange.objects.create(enterprise=changzhou["crrc"], old_name=CSR, new_name=CRRC)
    report = preview_title_import(SimpleUploadedFile("l.csv", upload), actor=city_officer)
    code = changzhou["crrc"].code
    with translation.override("en"), pytest.raises(TitleImportRefused) as refused:
        import_titles(
            report.token, actor=city_officer, confirmed=[f"CSV!2={code}", f"CSV!3={code}"]
        )
    assert str(refused.value) == (
        f"Rows CSV!3 and CSV!2 would give {CRRC} the same title: confirm one."
    )
    assert not Title.objects.exists()


# ---- a list named by its number only --------------------------------------------------------

BAIC = "北京北汽模塑科技有限公司"  # in MIIT's third list (2018-11-06), see data/README.md
THIRD_LIST = "第三批绿色制造名单（绿色工厂）\n序号,省份,企业名称\n1,北京,北京北汽模塑科技有限公司\n"


def test_a_list_without_its_year_asks_for_it_on_the_form(city_officer):
    upload = SimpleUploadedFile("third.csv", THIRD_LIST.encode())
    with translation.override("en"):
        report = preview_title_import(upload, actor=city_officer)
        [error] = report.errors
        assert error.code == "header"
        assert "give them on the upload form" in error.message
        assert error.message.startswith("The header row lacks the columns 级别、年份")


def test_the_year_and_level_given_by_the_officer_hold_where_the_list_says_nothing(city_officer):
    baic = EnterpriseFactory(name=BAIC, district=region("320412"))
    upload = SimpleUploadedFile("third.csv", THIRD_LIST.encode())
    report = preview_title_import(upload, actor=city_officer, level="national", year=2018)
    assert report.errors == []
    [row] = report.candidates
    assert (row.name, row.level, row.year) == (BAIC, "national", 2018)
    [title] = import_titles(report.token, actor=city_officer, confirmed=[f"CSV!3={baic.code}"])
    assert (title.level, title.year) == ("national", 2018)


def test_a_year_in_the_lists_title_wins_over_the_one_given(city_officer, changzhou):
    report = preview_title_import(
        fixture("jiangsu_2021_batch2_changzhou.csv"), actor=city_officer, year=2019
    )
    [row] = report.candidates
    assert (row.level, row.year) == ("provincial", 2021)


def test_the_upload_form_refuses_a_future_year(client, city_officer):
    client.force_login(city_officer)
    upload = SimpleUploadedFile("third.csv", THIRD_LIST.encode())
    response = client.post(
        reverse("titles:title_import"),
        {"workbook": upload, "level": "national", "year": timezone.localdate().year + 1},
    )
    assert response.status_code == 400
    assert said("The year cannot be in the future.") in response.content.decode()
