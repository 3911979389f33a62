"""Opening an uploaded list of titles and finding its rows: the size budget, the sheets, the
header row, formulas."""

import re
import warnings

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from greenfactory.applications.domain.excel_import import UNREADABLE, check_unpacked_size

from .title_import_rows import COLUMNS, HEADERS, ImportReport, ListRow, _blank, _read_row, _text

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
        return load_workbook(upload, read_only=True, data_only=False, keep_links=False)


def _check_size(upload) -> None:
    check_unpacked_size(
        upload,
        MAX_UNPACKED_BYTES,
        _("The workbook unpacks to more than a list of titles can hold and was refused."),
    )


def _read_workbook(upload, report: ImportReport) -> list[ListRow]:
    try:
        workbook = _open_workbook(upload)
    except UNREADABLE:
        report.error(None, None, None, _("The file is damaged or incomplete."), "damaged")
        return []
    try:
        rows: list[ListRow] = []
        found_header = False
        for sheet in workbook.worksheets:
            found_header |= _read_sheet(sheet, report, rows)
            if any(error.code == "rows" for error in report.errors):
                break
        if not found_header and not report.errors:
            report.error(
                None,
                None,
                None,
                _(
                    "No sheet has a header row with the column “统一社会信用代码”: use the "
                    "template's columns."
                ),
                "header",
            )
        elif found_header and not rows and not report.errors:
            report.error(None, None, None, _("The list has no rows."), "empty")
        return rows
    except UNREADABLE:
        report.error(None, None, None, _("The file is damaged or incomplete."), "damaged")
        return []
    finally:
        workbook.close()


def _find_header(values) -> dict | None:
    """``{column key: index}`` when ``values`` is a header row: the credit code's column and
    at least one other known column."""
    positions = {}
    for index, value in enumerate(values):
        column = HEADERS.get(_header(value))
        if column is not None and column.key not in positions:
            positions[column.key] = index
    if "uscc" in positions and len(positions) > 1:
        return positions
    return None


def _read_sheet(sheet, report: ImportReport, rows: list[ListRow]) -> bool:
    """Append the sheet's rows; True when the sheet has a header row."""
    title = sheet.title
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()  # a file's stated dimensions may hide rows: read them all
    positions = None
    for number, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1):
        values = [cell.value for cell in cells]
        if positions is None:
            positions = _find_header(values)
            if positions is not None:
                missing = [c.header for c in COLUMNS if c.required and c.key not in positions]
                if missing:
                    report.error(
                        title,
                        number,
                        None,
                        _("The header row lacks the columns %(columns)s.")
                        % {"columns": "、".join(missing)},
                        "header",
                    )
                    return True
            elif number >= HEADER_SEARCH_ROWS:
                return False
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
        for index, cell in enumerate(cells):
            if index in positions.values() and cell.value is not None and _is_formula(cell):
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
        row = _read_row(title, number, values, positions, report)
        if row is not None:
            rows.append(row)
    return positions is not None
