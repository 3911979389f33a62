"""Workbooks a bureau can print and file: every Excel export writes its sheets here.

One sheet = a title block, a header, the rows and, where columns add up, a totals row:

- row 1 the document's title (bold, centred across the table), row 2 the issuing bureau, the
  date (2026年12月6日, GB/T 9704-2012 §7.3.5) and the filter the rows were chosen by; the
  header on row 3, frozen with the title block above it, and repeated on every printed page;
- each column's width fitted to its longest line (a CJK character counts as two) among the
  header and the first ``SAMPLE_ROWS`` rows, at least the column's hint, at most ``MAX_WIDTH``
  (longer text wraps); the rows are streamed (write-only workbook), never held whole;
- numbers stay numbers, shown by the column's format (money ``#,##0.00``, counts ``#,##0``,
  years and sequence numbers plain); a ``total`` column gets a ``SUM`` under it;
- A4, fitted to one page wide, landscape when the table is wider than a portrait page,
  page numbers in the footer;
- a ``signature`` column is left blank and its rows are tall enough to sign in.

Text that a spreadsheet would run as a formula is quoted (``safe_cell``). The rules and their
sources: docs/decisions.md §57.
"""

import unicodedata
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from datetime import date
from itertools import chain, islice

from django.conf import settings
from django.utils import timezone
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

TEXT = "text"
INTEGER = "integer"  # sequence numbers, years, codes read as numbers: no separator
COUNT = "count"  # 1,234
MONEY = "money"  # 1,234.00 (yuan)
DECIMAL = "decimal"  # 1,234.56
DECIMAL4 = "decimal4"  # 0.0123: figures per unit of product
SIGNATURE = "signature"  # left blank, signed by hand on the printed sheet

NUMBER_FORMATS = {
    INTEGER: "0",
    COUNT: "#,##0",
    MONEY: "#,##0.00",
    DECIMAL: "#,##0.00",
    DECIMAL4: "#,##0.0000",
}
TITLE_ROW, INFO_ROW, HEADER_ROW = 1, 2, 3
FIRST_DATA_ROW = HEADER_ROW + 1
MIN_WIDTH = 6
MAX_WIDTH = 48
SIGNATURE_WIDTH = 18
SIGNATURE_ROW_HEIGHT = 30
# A4 portrait holds about this many character widths between the default margins.
PORTRAIT_WIDTH = 95
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
TOTAL_LABEL = "合计"
SAMPLE_ROWS = 1000
TITLE_FONT = Font(bold=True, size=16)
BOLD = Font(bold=True)
CENTRED = Alignment(horizontal="center", vertical="center")
LEFT = Alignment(horizontal="left", vertical="center")
HEADING = Alignment(horizontal="center", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
WRAPPED = Alignment(vertical="center", wrap_text=True)


@dataclass(frozen=True)
class Column:
    """One column: its header, how its cells read, whether it is added up."""

    header: str
    kind: str = TEXT
    total: bool = False
    width: int = 0  # a minimum, in character widths (a CJK character is 2)
    number_format: str = ""  # overrides the kind's format

    @property
    def format(self) -> str:
        return self.number_format or NUMBER_FORMATS.get(self.kind, "")


def safe_cell(value):
    """Text that a spreadsheet would run as a formula is quoted (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def display_width(text: str) -> int:
    """Width of the longest line of ``text`` in character widths: CJK (wide, full-width)
    characters count two."""
    widest = 0
    for line in str(text).splitlines() or [""]:
        width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
        widest = max(widest, width)
    return widest


def _shown(value, column: Column) -> str:
    """The value roughly as the spreadsheet shows it, to measure its width."""
    if value is None or value == "":
        return ""
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if is_number or hasattr(value, "quantize"):
        if column.kind in (COUNT, MONEY, DECIMAL):
            return f"{float(value):,.2f}"
        if column.kind == DECIMAL4:
            return f"{float(value):,.4f}"
        return str(value)
    return str(value)


def chinese_date(day: date) -> str:
    """2026年12月6日: Arabic numerals, no leading zeros (GB/T 9704-2012 §7.3.5)."""
    return f"{day.year}年{day.month}月{day.day}日"


def bureau_name(region) -> str:
    """The bureau that speaks for ``region``: 常州市 → 常州市工业和信息化局, a province's
    department (厅), the ministry (部) for the nation."""
    level = getattr(region, "level", "")
    if level == "nation":
        return "中华人民共和国工业和信息化部"
    if level == "province":
        return f"{region.name}工业和信息化厅"
    return f"{region.name}工业和信息化局"


def issuing_bureau(user) -> str:
    """The bureau a file is issued under: the officer's region's (常州市工业和信息化局), else,
    for an account without a region (the audit administrator), the platform's own region's
    (``PLATFORM_REGION_CODE``)."""
    region = getattr(user, "region", None)
    if region is None and user is not None:
        regions = type(user)._meta.get_field("region").related_model.objects
        region = regions.filter(code=settings.PLATFORM_REGION_CODE).first()
    return bureau_name(region) if region is not None else ""


def info_line(issuer: str, filters: str = "", day: date | None = None) -> str:
    """Row 2 of a sheet: 制表单位, 制表日期, 筛选条件."""
    day = day or timezone.localdate()
    parts = []
    if issuer:
        parts.append(f"制表单位：{issuer}")
    parts.append(f"制表日期：{chinese_date(day)}")
    parts.append(f"筛选条件：{filters or '全部'}")
    return "　　".join(parts)


def sheet_title(text: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of ``[]:*?/\\``."""
    for ch in "[]:*?/\\":
        text = text.replace(ch, "")
    return text[:31] or "Sheet1"


def write_table(
    sheet,
    *,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence],
    issuer: str = "",
    filters: str = "",
    sheet_name: str = "",
    day: date | None = None,
    totals_skip: tuple[str, str] | None = None,
) -> int:
    """Write a titled, formatted, print-ready table into ``sheet``, a fresh sheet of a
    write-only workbook (``Workbook(write_only=True)``: the rows are streamed, a ledger of
    100 000 lines is never held whole); returns the number of data rows. Widths are fitted to
    the header and the first ``SAMPLE_ROWS`` rows. ``totals_skip`` = (header, value): rows whose
    column ``header`` reads ``value`` are left out of the totals (``SUMIF``)."""
    sheet.title = sheet_title(sheet_name or title)
    count = len(columns)
    last = get_column_letter(count)
    signature = any(column.kind == SIGNATURE for column in columns)
    rows = iter(rows)
    sample = list(islice(rows, SAMPLE_ROWS))
    widths = fitted_widths(columns, sample)

    # Everything a write-only sheet writes before its rows: widths, panes, print set-up.
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    setup = sheet.page_setup
    setup.paperSize = Worksheet.PAPERSIZE_A4
    setup.orientation = "landscape" if sum(widths) > PORTRAIT_WIDTH else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = 0.6
    sheet.page_margins.bottom = 0.8  # room for the page number below the table
    sheet.page_margins.footer = 0.3
    sheet.oddFooter.center.text = "第 &P 页 共 &N 页"
    if count > 1:
        sheet.merged_cells.add(CellRange(f"A{TITLE_ROW}:{last}{TITLE_ROW}"))
        sheet.merged_cells.add(CellRange(f"A{INFO_ROW}:{last}{INFO_ROW}"))

    def cell(value, *, font=None, fill=None, border=None, alignment=None, number_format=""):
        made = WriteOnlyCell(sheet, value)
        if font is not None:
            made.font = font
        if fill is not None:
            made.fill = fill
        if border is not None:
            made.border = border
        if alignment is not None:
            made.alignment = alignment
        if number_format:
            made.number_format = number_format
        return made

    sheet.row_dimensions[TITLE_ROW].height = 30
    sheet.append([cell(title, font=TITLE_FONT, alignment=CENTRED)])
    sheet.append([cell(info_line(issuer, filters, day), alignment=LEFT)])
    sheet.append(
        [
            cell(column.header, font=BOLD, fill=HEADER_FILL, border=BORDER, alignment=HEADING)
            for column in columns
        ]
    )
    # One styled cell per column, its style copied onto each value: styling every cell anew
    # costs a look-up of each style object per cell, 0.5 ms a cell.
    styles = [
        cell(
            None,
            border=BORDER,
            alignment=RIGHT if column.kind not in (TEXT, SIGNATURE) else WRAPPED,
            number_format=column.format,
        )._style
        for column in columns
    ]
    written = 0
    for values in chain(sample, rows):
        written += 1
        if signature:
            sheet.row_dimensions[HEADER_ROW + written].height = SIGNATURE_ROW_HEIGHT
        line = []
        for column, value, style in zip(columns, values, styles, strict=True):
            made = WriteOnlyCell(
                sheet, None if column.kind == SIGNATURE or value == "" else safe_cell(value)
            )
            made._style = copy(style)
            line.append(made)
        sheet.append(line)

    if written and any(column.total for column in columns):
        sheet.append(_totals_row(cell, columns, written, totals_skip))
    return written


def fitted_widths(columns: Sequence[Column], rows: Sequence[Sequence]) -> list[int]:
    """Each column as wide as its header or longest value shown (CJK counts two), plus a
    margin, at least its hint and ``MIN_WIDTH``, at most ``MAX_WIDTH``."""
    widths = [max(column.width, display_width(column.header) + 2, MIN_WIDTH) for column in columns]
    for values in rows:
        for index, column in enumerate(columns):
            if column.kind != SIGNATURE:
                shown = display_width(_shown(values[index], column)) + 2
                widths[index] = max(widths[index], min(shown, MAX_WIDTH))
    for index, column in enumerate(columns):
        if column.kind == SIGNATURE:
            widths[index] = max(widths[index], SIGNATURE_WIDTH)
    return widths


def _totals_row(cell, columns, written: int, totals_skip) -> list:
    last_row = HEADER_ROW + written
    label = TOTAL_LABEL
    skip = None
    if totals_skip:
        header, skipped = totals_skip
        position = [column.header for column in columns].index(header) + 1
        skip = (get_column_letter(position), skipped.replace('"', '""'))
        label = f"{TOTAL_LABEL}（不含{skipped}）"
    cells = []
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        span = f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}"
        if column.total and skip:
            where = f"{skip[0]}{FIRST_DATA_ROW}:{skip[0]}{last_row}"
            value = f'=SUMIF({where},"<>{skip[1]}",{span})'
        elif column.total:
            value = f"=SUM({span})"
        else:
            value = label if index == 1 else None
        cells.append(
            cell(
                value,
                font=BOLD,
                fill=TOTAL_FILL,
                border=BORDER,
                alignment=LEFT if index == 1 else None,
                number_format=column.format if column.total else "",
            )
        )
    return cells


def columns_of(header: Sequence) -> list[Column]:
    """Columns from a header that may still be plain strings (text columns)."""
    return [item if isinstance(item, Column) else Column(str(item)) for item in header]
