"""Opening an uploaded list of titles and finding its rows: the size budget, the sheets, the
header row and the title above it, merged cells, formulas; .xlsx, Excel 97-2003 .xls and .csv
(UTF-8 or GB18030)."""

import csv
import io
import re
import warnings

import xlrd
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from greenfactory.applications.domain.excel_import import UNREADABLE, check_unpacked_size

from .title_import_rows import (
    COLUMNS,
    HEADERS,
    MAX_SOURCE,
    ImportReport,
    ListRow,
    _blank,
    _read_row,
    _text,
)

MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 40
HEADER_SEARCH_ROWS = 20


def _header(value) -> str:
    text = re.sub(r"\s+", "", _text(value)).replace("／", "/").strip("*＊")
    return re.sub(r"[（(](必填|选填|可选)[)）]$", "", text).lower()


def _is_formula(cell) -> bool:
    value = getattr(cell, "value", None)
    return getattr(cell, "data_type", None) == "f" or (
        isinstance(value, str) and value.startswith("=")
    )


def _open_workbook(upload):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        # Not read-only: the merged cells of a published list (its title, a batch spanning rows)
        # are only known to a fully loaded sheet. The upload is at most 5 MB.
        return load_workbook(upload, read_only=False, data_only=False, keep_links=False)


def _check_size(upload) -> None:
    check_unpacked_size(
        upload,
        MAX_UNPACKED_BYTES,
        _("The workbook unpacks to more than a list of titles can hold and was refused."),
    )


def decode_csv(content: bytes) -> str | None:
    """The text of a CSV file in UTF-8 (with or without BOM) or GB18030; None when neither."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _csv_sheets(content: bytes, report: ImportReport):
    text = decode_csv(content)
    if text is None or "\x00" in text:
        report.error(
            None,
            None,
            None,
            _("The CSV file is neither UTF-8 nor GB18030 text: save it again as CSV."),
            "encoding",
        )
        return []
    rows = (
        [(value, _is_formula_text(value)) for value in line[:MAX_COLUMNS]]
        for line in csv.reader(io.StringIO(text))
    )
    return [("CSV", rows)]


def _xlsx_rows(sheet):
    merged = {}
    for cells in sheet.merged_cells.ranges:
        value = sheet.cell(row=cells.min_row, column=cells.min_col).value
        for row in range(cells.min_row, cells.max_row + 1):
            for column in range(cells.min_col, min(cells.max_col, MAX_COLUMNS) + 1):
                merged[(row, column)] = value
    for number, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1):
        yield [
            (merged.get((number, index), cell.value), _is_formula(cell))
            for index, cell in enumerate(cells, start=1)
        ]


def _xls_sheets(content: bytes):
    """The sheets of an Excel 97-2003 workbook (xlrd). Merged cells are known only with the
    formatting read; formulas are not visible in this format, so a cell holds the value Excel
    last computed for it (always stored in an .xls, unlike an .xlsx written by a program)."""
    book = xlrd.open_workbook(file_contents=content, formatting_info=True, on_demand=False)
    return [(sheet.name, _xls_rows(sheet, book.datemode)) for sheet in book.sheets()]


def _xls_value(cell, datemode):
    if cell.ctype == xlrd.XL_CELL_DATE:
        return xlrd.xldate.xldate_as_datetime(cell.value, datemode)
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        return int(cell.value) if float(cell.value).is_integer() else cell.value
    if cell.ctype == xlrd.XL_CELL_TEXT:
        return cell.value
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    return None  # empty, blank, or an error value such as #N/A


def _xls_rows(sheet, datemode):
    merged = {}
    for first_row, end_row, first_column, end_column in sheet.merged_cells:
        value = _xls_value(sheet.cell(first_row, first_column), datemode)
        for row in range(first_row, end_row):
            for column in range(first_column, min(end_column, MAX_COLUMNS)):
                merged[(row, column)] = value
    for row in range(sheet.nrows):
        yield [
            (merged.get((row, column), _xls_value(cell, datemode)), False)
            for column, cell in enumerate(sheet.row(row)[:MAX_COLUMNS])
        ]


def _is_formula_text(value) -> bool:
    return isinstance(value, str) and value.startswith("=")


def _read_workbook(
    upload,
    report: ImportReport,
    *,
    kind: str = "xlsx",
    given: dict | None = None,
    fallback: dict | None = None,
) -> list[ListRow]:
    """The rows of the list in ``upload`` (``kind`` "xlsx", "xls" or "csv"); problems go to
    ``report``. ``given`` (level, year, source) holds for every row and wins over the title
    above the header (a removal list's level and day are given by the officer); ``fallback``
    (level, year) holds only where neither the row nor the title says (a national list
    published as "第三批" without its year, the year given by the officer)."""
    supplied = ({**(fallback or {}), **(given or {})}, bool(given))
    if kind == "csv":
        return _read_sheets(_csv_sheets(upload.read(), report), report, supplied)
    if kind == "xls":
        try:
            sheets = _xls_sheets(upload.read())
            return _read_sheets(sheets, report, supplied)
        except (*UNREADABLE, xlrd.XLRDError, xlrd.compdoc.CompDocError):
            report.error(None, None, None, _("The file is damaged or incomplete."), "damaged")
            return []
    try:
        workbook = _open_workbook(upload)
    except UNREADABLE:
        report.error(None, None, None, _("The file is damaged or incomplete."), "damaged")
        return []
    try:
        return _read_sheets(
            ((sheet.title, _xlsx_rows(sheet)) for sheet in workbook.worksheets), report, supplied
        )
    except UNREADABLE:
        report.error(None, None, None, _("The file is damaged or incomplete."), "damaged")
        return []
    finally:
        workbook.close()


def _read_sheets(sheets, report: ImportReport, supplied=None) -> list[ListRow]:
    rows: list[ListRow] = []
    found_header = False
    for title, sheet_rows in sheets:
        found_header |= _read_sheet(title, sheet_rows, report, rows, supplied)
        if any(error.code == "rows" for error in report.errors):
            break
    if not found_header and not report.errors:
        report.error(
            None,
            None,
            None,
            _(
                "No sheet has a header row with the column “企业名称” or “统一社会信用代码”: "
                "use the template's columns or the list as published."
            ),
            "header",
        )
    elif found_header and not rows and not report.errors:
        report.error(None, None, None, _("The list has no rows."), "empty")
    return rows


def _find_header(values) -> dict | None:
    """``{column key: index}`` when ``values`` is a header row: the credit code's or the
    name's column and at least one other known column."""
    positions = {}
    for index, value in enumerate(values):
        column = HEADERS.get(_header(value))
        if column is not None and column.key not in positions:
            positions[column.key] = index
    if ("uscc" in positions or "name" in positions) and len(positions) > 1:
        return positions
    return None


YEAR_PATTERN = re.compile(r"(20\d\d)\s*年?")


def title_defaults(text: str) -> dict:
    """What the title above a list's header says of all its rows: ``"江苏省2021年绿色工厂名单
    （第二批）"`` is the provincial list of 2021. Only what the title names is returned."""
    text = re.sub(r"\s+", "", text or "")
    defaults = {}
    if not text:
        return defaults
    year = YEAR_PATTERN.search(text)
    if year:
        defaults["year"] = year.group(1)
    if any(word in text for word in ("国家级", "工业和信息化部", "工信部")):
        defaults["level"] = "国家级"
    elif "省" in text:
        defaults["level"] = "省级"
    if "零碳" in text:
        defaults["title"] = text  # a zero-carbon list: its grade, if it names one (§83)
    defaults["source"] = text[:MAX_SOURCE]
    return defaults


def _read_sheet(
    title, sheet_rows, report: ImportReport, rows: list[ListRow], supplied=None
) -> bool:
    """Append the sheet's rows; True when the sheet has a header row. ``supplied`` is the pair
    (values, whether they win over the title above the header) of ``_read_workbook``."""
    values_given, given_wins = supplied or ({}, False)
    positions = None
    above: list[str] = []
    defaults: dict = {}
    for number, cells in enumerate(sheet_rows, start=1):
        values = [value for value, _formula in cells]
        if positions is None:
            positions = _find_header(values)
            if positions is not None:
                named = title_defaults(" ".join(above))
                defaults = {**named, **values_given} if given_wins else {**values_given, **named}
                missing = [
                    c
                    for c in COLUMNS
                    if c.key not in positions
                    and (c.required or (c.key in ("level", "year") and c.key not in defaults))
                ]
                if missing:
                    message = _("The header row lacks the columns %(columns)s.") % {
                        "columns": "、".join(c.header for c in missing)
                    }
                    if any(c.key in ("level", "year") for c in missing):
                        message += " " + _(
                            "Neither the list's title nor its rows say the level or the year: "
                            "give them on the upload form."
                        )
                    report.error(title, number, None, message, "header")
                    return True
            elif number >= HEADER_SEARCH_ROWS:
                return False
            else:
                for value in values:
                    text = _text(value)
                    if text and text not in above:
                        above.append(text)
            continue
        if all(_blank(value) for value in values):
            continue
        if len(rows) >= MAX_ROWS:
            report.error(
                title,
                number,
                None,
                _("The list has more than %(max)s rows: split it into several files.")
                % {"max": MAX_ROWS},
                "rows",
            )
            return True
        formulas = False
        for index, (value, formula) in enumerate(cells):
            if index in positions.values() and value is not None and formula:
                report.error(
                    title,
                    number,
                    get_column_letter(index + 1),
                    _("Formulas are not accepted: type the value itself."),
                    "formula",
                )
                formulas = True
        if formulas:
            continue
        row = _read_row(title, number, values, positions, report, defaults)
        if row is not None:
            rows.append(row)
    return positions is not None
