"""The one writer of print-ready sheets: title block, fitted widths (CJK counts double), number
formats, totals, frozen header, print set-up, signature column."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from greenfactory.accounts.models import Region
from greenfactory.core.spreadsheets import (
    COUNT,
    INTEGER,
    MONEY,
    SIGNATURE,
    Column,
    bureau_name,
    display_width,
    info_line,
    issuing_bureau,
    sheet_title,
    write_table,
)
from tests.sheets import assert_print_ready, table, totals, widths


def written(columns, rows, **kwargs):
    workbook = Workbook(write_only=True)
    count = write_table(workbook.create_sheet(), columns=columns, rows=rows, **kwargs)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return count, load_workbook(io.BytesIO(buffer.getvalue())).active


def test_cjk_characters_count_double():
    assert display_width("abc") == 3
    assert display_width("常州市") == 6
    assert display_width("（元）") == 6  # full-width brackets too
    assert display_width("一行\n长一些的一行") == 12


def test_a_table_is_titled_formatted_totalled_and_print_ready():
    columns = [
        Column("序号", INTEGER),
        Column("企业名称"),
        Column("件数", COUNT, total=True),
        Column("金额（元）", MONEY, total=True),
    ]
    rows = [
        [1, "常州市某某新材料科技股份有限公司", 1200, Decimal("200000.00")],
        [2, "=1+1", 3, Decimal("0.50")],
    ]
    count, sheet = written(
        columns,
        rows,
        title="2026年奖励台账",
        issuer="常州市工业和信息化局",
        filters="称号年份 2026年",
        sheet_name="台账",
        day=date(2026, 12, 6),
    )
    assert count == 2
    assert sheet.title == "台账"
    assert_print_ready(
        sheet, title="2026年奖励台账", issuer="常州市工业和信息化局", filters="称号年份 2026年"
    )
    assert "制表日期：2026年12月6日" in sheet["A2"].value
    assert table(sheet) == [
        ("序号", "企业名称", "件数", "金额（元）"),
        (1, "常州市某某新材料科技股份有限公司", 1200, 200000),
        (2, "'=1+1", 3, 0.5),  # text a spreadsheet would run is quoted
    ]
    assert totals(sheet) == ("合计", None, "=SUM(C4:C5)", "=SUM(D4:D5)")
    assert [sheet.cell(4, c).number_format for c in (1, 3, 4)] == ["0", "#,##0", "#,##0.00"]
    assert sheet["D6"].number_format == "#,##0.00"
    assert sheet["C3"].font.bold
    # the name column fits its 16 CJK characters (32 widths) plus a margin
    assert widths(sheet)["B"] == 34
    assert widths(sheet)["A"] >= 6
    assert sheet.page_setup.orientation == "portrait"
    assert sheet.oddFooter.center.text == "第 &P 页 共 &N 页"


def test_a_wide_table_prints_landscape_and_long_text_wraps():
    columns = [Column(f"第{n}列") for n in range(8)]
    _count, sheet = written(columns, [["很长的文字" * 20] * 8], title="宽表")
    assert sheet.page_setup.orientation == "landscape"
    assert max(widths(sheet).values()) == 48
    assert sheet["A4"].alignment.wrap_text


def test_totals_can_leave_cancelled_rows_out():
    columns = [Column("状态"), Column("金额（元）", MONEY, total=True)]
    _count, sheet = written(
        columns, [["有效", 10], ["已作废", 5]], title="台账", totals_skip=("状态", "已作废")
    )
    assert totals(sheet) == ("合计（不含已作废）", '=SUMIF(A4:A5,"<>已作废",B4:B5)')


def test_no_totals_without_rows_or_total_columns():
    _count, sheet = written([Column("金额", MONEY, total=True)], [], title="空表")
    assert sheet.max_row == 3
    _count, sheet = written([Column("名称"), Column("金额", MONEY)], [["甲", 1]], title="表")
    assert totals(sheet) is None


def test_a_signature_column_is_blank_wide_and_tall_enough_to_sign():
    columns = [Column("参训人"), Column("签名", SIGNATURE)]
    _count, sheet = written(columns, [["张三", "whatever"]], title="签到表")
    assert table(sheet) == [("参训人", "签名"), ("张三", None)]
    assert widths(sheet)["B"] >= 18
    assert sheet.row_dimensions[4].height >= 30
    assert sheet["B4"].border.bottom.style == "thin"


def test_sheet_names_excel_accepts():
    assert sheet_title("2026/12 [汇总]: 表?") == "202612 汇总 表"
    assert len(sheet_title("很" * 40)) == 31


def test_info_line_says_everything_when_nothing_is_filtered():
    assert info_line("常州市工业和信息化局", "", date(2026, 1, 5)) == (
        "制表单位：常州市工业和信息化局　　制表日期：2026年1月5日　　筛选条件：全部"
    )


@pytest.mark.django_db
def test_the_bureau_follows_the_officers_region(city_officer, district_officer, audit_admin):
    assert issuing_bureau(city_officer) == "常州市工业和信息化局"
    assert issuing_bureau(district_officer) == f"{district_officer.region.name}工业和信息化局"
    # without a region of its own: the platform's region
    assert issuing_bureau(audit_admin) == "常州市工业和信息化局"
    province = Region.objects.get(level="province")
    assert bureau_name(province) == f"{province.name}工业和信息化厅"


def test_rows_are_streamed_and_widths_fitted_on_the_first_rows():
    columns = [Column("名称"), Column("金额（元）", MONEY, total=True)]
    rows = (["甲" if n < 1000 else "很长很长很长很长很长的名称", 1] for n in range(3000))
    count, sheet = written(columns, rows, title="长表")
    assert count == 3000
    assert totals(sheet) == ("合计", "=SUM(B4:B3003)")
    assert widths(sheet)["A"] == 6  # fitted on the first 1000 rows: the header's 4 + 2
