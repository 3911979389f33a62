"""Reading the platform's print-ready workbooks in tests (``core.spreadsheets.write_table``)."""

from greenfactory.core.spreadsheets import FIRST_DATA_ROW, HEADER_ROW, TOTAL_LABEL


def table(sheet) -> list[tuple]:
    """The header and the data rows (without the title block and the totals row)."""
    rows = list(sheet.iter_rows(min_row=HEADER_ROW, values_only=True))
    if rows and isinstance(rows[-1][0], str) and rows[-1][0].startswith(TOTAL_LABEL):
        rows = rows[:-1]
    return rows


def totals(sheet) -> tuple | None:
    """The totals row as written (formulas), or None."""
    last = next(sheet.iter_rows(min_row=sheet.max_row, values_only=True))
    if isinstance(last[0], str) and last[0].startswith(TOTAL_LABEL):
        return last
    return None


def assert_print_ready(sheet, *, title: str, issuer: str = "", filters: str = ""):
    """Title on row 1, bureau/date/filter on row 2, header frozen on row 3 and repeated on each
    printed page; A4 fitted to one page wide."""
    assert sheet["A1"].value == title
    assert sheet["A1"].font.bold
    info = sheet["A2"].value
    assert "制表日期：" in info
    if issuer:
        assert f"制表单位：{issuer}" in info
    if filters:
        assert f"筛选条件：{filters}" in info
    assert sheet.freeze_panes == f"A{FIRST_DATA_ROW}"
    assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert int(sheet.page_setup.fitToWidth) == 1
    assert int(sheet.page_setup.fitToHeight) == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    merged = {str(area) for area in sheet.merged_cells.ranges}
    assert any(area.startswith("A1:") for area in merged)


def widths(sheet) -> dict[str, float]:
    return {letter: dim.width for letter, dim in sheet.column_dimensions.items()}
