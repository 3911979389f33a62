"""Importing a filled-in 自评表 workbook.

The import checks the whole file and reports every problem with its sheet, row and column;
nothing is saved unless the whole file is valid.
"""

import warnings
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from greenfactory.core.domain.audit import record_event
from greenfactory.core.domain.exports import (
    FORMULA_PREFIXES,
)
from greenfactory.core.uploads import XLSX, check_upload, inflated_bytes

from ..models import Application
from .answers import answer_fields
from .drafts import save_self_evaluation
from .excel_layout import (
    COLUMNS,
    FORMAT,
    INPUT_FIELDS,
    LETTER,
    MAX_ROWS,
    META_SHEET,
    NO,
    SHEET,
    YES,
)
from .report import number

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_EXPLANATION = 4000
VALUE_LIMIT = Decimal(10) ** 14
# What a damaged or hand-made .xlsx makes openpyxl raise (XML parse errors are SyntaxErrors).
UNREADABLE = (
    zipfile.BadZipFile,
    InvalidFileException,
    KeyError,
    IndexError,
    OSError,
    SyntaxError,
    TypeError,
    ValueError,
)
_INVALID = object()  # a cell that could not be read (its error is recorded)
_FORMULA = object()  # a cell holding a formula (its error is recorded)


@dataclass(frozen=True)
class CellError:
    """One problem of an uploaded workbook, where the user can find it."""

    sheet: str | None
    row: int | None
    column_letter: str | None
    message: str
    code: str = ""

    @property
    def location(self) -> str:
        cell = f"{self.column_letter or ''}{self.row or ''}"
        if self.sheet and cell:
            return f"{self.sheet}!{cell}"
        return self.sheet or cell

    def __str__(self) -> str:
        return f"{self.location} {self.message}".strip()


class WorkbookErrors(ValidationError):
    """Every problem found in an uploaded 自评表; ``errors`` lists them as ``CellError``."""

    def __init__(self, errors: list[CellError]):
        self.errors = list(errors)
        super().__init__([str(error) for error in self.errors])


class _Collector:
    def __init__(self):
        self.errors: list[CellError] = []

    def add(self, sheet, row, column, message, code):
        self.errors.append(CellError(sheet, row, column, str(message), code))


def _is_formula(cell) -> bool:
    value = cell.value
    return cell.data_type == "f" or (isinstance(value, str) and value.startswith("="))


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _shown(value) -> str:
    text = str(value).strip()
    return text if len(text) <= 40 else text[:39] + "…"


def cell_text(value) -> str:
    """A text cell as the user meant it: our own formula escaping removed."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        text = text[1:]
    return text


def _code(value) -> str:
    return cell_text(value) if not _blank(value) else ""


def _decimal(value) -> Decimal | None:
    """A finite number from a number cell or numeric text; None if it is not one."""
    if isinstance(value, bool | datetime | date | time):
        return None
    try:
        result = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return result if result.is_finite() else None


def check_unpacked_size(upload, limit: int, message) -> None:
    """check_upload refuses ZIP bombs; a workbook of known content gets a smaller budget on top,
    counted in the bytes it really inflates to, refused with ``message``."""
    if inflated_bytes(upload, limit) > limit:
        raise ValidationError(message, code="bomb")


def _check_size(upload) -> None:
    check_unpacked_size(
        upload,
        MAX_UNPACKED_BYTES,
        _("The workbook unpacks to more than a 自评表 can hold and was refused."),
    )


def _as_upload(fileobj):
    if hasattr(fileobj, "chunks"):
        return fileobj
    return File(fileobj, getattr(fileobj, "name", None) or "upload.xlsx")


def _damaged() -> WorkbookErrors:
    return WorkbookErrors(
        [CellError(None, None, None, _("The file is damaged or incomplete."), "damaged")]
    )


def _read_upload(application: Application, fileobj):
    """Check the file as an upload (size, ZIP bomb, real type), then read it."""
    upload = _as_upload(fileobj)
    try:
        checked = check_upload(upload, allowed=(XLSX,), max_bytes=MAX_UPLOAD_BYTES)
        _check_size(upload)
    except ValidationError as error:
        raise WorkbookErrors(
            [CellError(None, None, None, message, error.code or "upload") for message in error]
        ) from error
    except zipfile.BadZipFile as error:
        raise _damaged() from error
    try:
        with warnings.catch_warnings():
            # Excel's extensions openpyxl does not read (slicers, x14 validations) only warn.
            warnings.simplefilter("ignore", UserWarning)
            workbook = load_workbook(upload, read_only=True, data_only=False, keep_links=False)
    except UNREADABLE as error:
        raise _damaged() from error
    try:
        return _parse(application, workbook), checked
    except WorkbookErrors:
        raise
    except UNREADABLE as error:  # the sheets are parsed lazily, while the rows are read
        raise _damaged() from error
    finally:
        workbook.close()


def parse_self_evaluation_workbook(application: Application, fileobj) -> dict:
    """Read an uploaded 自评表: ``{indicator: {field: value}}`` with only the fields that
    apply to each indicator, or ``WorkbookErrors`` listing every problem. Saves nothing."""
    answers, _checked = _read_upload(application, fileobj)
    return answers


def _parse(application: Application, workbook) -> dict:
    found = _Collector()
    system = application.batch.indicator_system
    missing = [name for name in (SHEET, META_SHEET) if name not in workbook.sheetnames]
    for name in missing:
        found.add(
            name, None, None, _("The sheet “%(sheet)s” is missing.") % {"sheet": name}, "sheet"
        )
    if META_SHEET not in missing:
        _check_meta(workbook[META_SHEET], application, system, found)
    result = {}
    if SHEET not in missing:
        indicators = {i.code: i for i in system.indicators.all()}
        result = _read_rows(workbook[SHEET], indicators, found)
    if found.errors:
        raise WorkbookErrors(found.errors)
    return result


def _check_meta(sheet, application, system, found: _Collector) -> None:
    meta = {}
    sheet.reset_dimensions()
    for row_number, row in enumerate(sheet.iter_rows(max_row=50), start=1):
        for column, cell in enumerate(row, start=1):
            if cell.value is not None and _is_formula(cell):
                found.add(
                    META_SHEET,
                    row_number,
                    get_column_letter(column),
                    _("Formulas are not accepted: type the value itself."),
                    "formula",
                )
        if row and not _blank(row[0].value) and len(row) > 1:
            meta[cell_text(row[0].value)] = "" if _blank(row[1].value) else cell_text(row[1].value)
    if meta.get("format") != FORMAT or not all(
        meta.get(key) for key in ("application", "system_code", "system_version")
    ):
        found.add(
            META_SHEET,
            None,
            None,
            _("The hidden sheet “meta” is damaged: export the 自评表 again and fill that file."),
            "meta",
        )
        return
    if meta["application"] != application.code:
        found.add(
            META_SHEET,
            None,
            None,
            _("This file is the 自评表 of another application (%(code)s).")
            % {"code": meta["application"]},
            "other_application",
        )
    if (meta["system_code"], meta["system_version"]) != (system.code, str(system.version)):
        found.add(
            META_SHEET,
            None,
            None,
            _(
                "This file was made for the indicator system %(file)s, but the batch uses "
                "%(batch)s: export the 自评表 again."
            )
            % {
                "file": f"{meta['system_code']} v{meta['system_version']}",
                "batch": f"{system.code} v{system.version}",
            },
            "other_system",
        )


def _read_rows(sheet, indicators: dict, found: _Collector) -> dict:
    expected = [header for _field, header, _width in COLUMNS]
    header_row = None
    result = {}
    seen: dict[str, int] = {}
    sheet.reset_dimensions()  # a file's stated dimensions may hide rows: read them all
    for row_number, row in enumerate(sheet.iter_rows(), start=1):
        values = []
        for column, cell in enumerate(row, start=1):
            formula = cell.value is not None and _is_formula(cell)
            if formula:
                found.add(
                    SHEET,
                    row_number,
                    get_column_letter(column),
                    _("Formulas are not accepted: type the value itself."),
                    "formula",
                )
            values.append(_FORMULA if formula else cell.value)
        values = values[: len(COLUMNS)]
        values += [None] * (len(COLUMNS) - len(values))
        if header_row is None:
            if _code(values[0]) == expected[0]:
                header_row = row_number
                if [_code(v) for v in values] != expected:
                    found.add(
                        SHEET,
                        row_number,
                        None,
                        _("The columns of the 自评表 were changed: use the file as exported."),
                        "columns",
                    )
                    return {}
            elif row_number > 20:
                break
            continue
        if row_number > MAX_ROWS + header_row:
            if any(not _blank(v) for v in values):
                found.add(SHEET, row_number, None, _("The sheet has too many rows."), "rows")
                break
            continue
        cells = dict(zip((field for field, _h, _w in COLUMNS), values, strict=True))
        _read_row(row_number, cells, indicators, seen, result, found)
    if header_row is None:
        found.add(
            SHEET,
            None,
            None,
            _("The header row (指标编码 …) of the 自评表 was not found."),
            "columns",
        )
    return result


def _read_row(row_number, cells, indicators, seen, result, found: _Collector) -> None:
    def error(field, message, code):
        found.add(SHEET, row_number, LETTER[field], message, code)

    if cells["code"] is _FORMULA:
        return  # reported already
    code = _code(cells["code"])
    if not code:
        if any(not _blank(cells[field]) for field in INPUT_FIELDS):
            error("code", _("This row has entries but no indicator code."), "no_code")
        return
    indicator = indicators.get(code)
    if indicator is None:
        error("code", _("There is no indicator %(code)s in this system.") % {"code": code}, "code")
        return
    if code in seen:
        error(
            "code",
            _("Indicator %(code)s appears twice (also in row %(row)s).")
            % {"code": code, "row": seen[code]},
            "duplicate",
        )
        return
    seen[code] = row_number
    fields = answer_fields(indicator)
    if not fields:  # a group: a section heading, nothing to answer
        for field in INPUT_FIELDS:
            if not _blank(cells[field]):
                error(
                    field,
                    _("This cell does not apply to %(code)s: leave it empty.") % {"code": code},
                    "not_used",
                )
        return
    answer = {}
    for field in INPUT_FIELDS:
        raw = cells[field]
        if raw is _FORMULA or (field == "value" and indicator.formula):
            continue  # a formula is reported already; a computed value is ignored
        if field not in fields:
            if field == "not_applicable":
                parsed = _yes_no(raw)
                if parsed is True:
                    error(
                        field,
                        _("%(code)s cannot be marked not applicable.") % {"code": code},
                        "not_applicable",
                    )
                elif parsed is _INVALID:
                    error(
                        field,
                        _("Enter 是 or 否, not “%(value)s”.") % {"value": _shown(raw)},
                        "yes_no",
                    )
            elif not _blank(raw):
                error(
                    field,
                    _("This cell does not apply to %(code)s: leave it empty.") % {"code": code},
                    "not_used",
                )
            continue
        if field in ("not_applicable", "met"):
            parsed = _yes_no(raw)
            if parsed is _INVALID:
                error(
                    field, _("Enter 是 or 否, not “%(value)s”.") % {"value": _shown(raw)}, "yes_no"
                )
                continue
            answer[field] = bool(parsed) if field == "not_applicable" else parsed
        elif field in ("score", "value"):
            parsed = _number(field, raw, indicator, error)
            if parsed is not _INVALID:
                answer[field] = parsed
        else:
            text = "" if _blank(raw) else cell_text(raw)
            if len(text) > MAX_EXPLANATION:
                error(
                    field,
                    _("The explanation is longer than %(max)s characters.")
                    % {"max": MAX_EXPLANATION},
                    "too_long",
                )
                continue
            answer[field] = text
    result[indicator] = answer


def _yes_no(value):
    if _blank(value):
        return None
    if isinstance(value, bool):
        return value
    return {YES: True, NO: False}.get(cell_text(value), _INVALID)


def _number(field, raw, indicator, error):
    if _blank(raw):
        return None
    value = _decimal(raw)
    if value is None:
        error(field, _("“%(value)s” is not a number.") % {"value": _shown(raw)}, "number")
        return _INVALID
    shown = number(value, 6)
    if field == "value":
        if abs(value) >= VALUE_LIMIT:
            error(field, _("%(value)s is too large.") % {"value": shown}, "too_large")
            return _INVALID
        return value.quantize(Decimal("0.000001"))
    if value < 0:
        error(field, _("Score %(value)s is negative.") % {"value": shown}, "negative")
        return _INVALID
    maximum = Decimal(indicator.max_points or 0)
    if value > maximum:
        error(
            field,
            _("Score %(value)s is above the maximum %(max)s.")
            % {"value": shown, "max": number(maximum, 2)},
            "above_max",
        )
        return _INVALID
    if value != value.quantize(Decimal("0.01")):
        error(
            field, _("Score %(value)s has more than two decimals.") % {"value": shown}, "decimals"
        )
        return _INVALID
    return value.quantize(Decimal("0.01"))


def has_entries(values: dict) -> bool:
    """Whether a row says anything: "not applicable" unticked and blanks say nothing."""
    return bool(values.get("not_applicable")) or any(
        values.get(name) not in (None, "") for name in ("met", "score", "value", "explanation")
    )


def import_self_evaluation(application: Application, fileobj, *, actor) -> Application:
    """Check an uploaded 自评表 and save all its rows in one transaction, or nothing.

    Rows left empty that were never answered are skipped, so an import does not create empty
    answers. Side effects: the answers saved (with save_self_evaluation's audit entry) and an
    audit entry naming the imported file by name and SHA-256.
    """
    answers, checked = _read_upload(application, fileobj)
    with transaction.atomic():
        answered = set(application.self_evaluations.values_list("indicator_id", flat=True))
        answers = {
            indicator: values
            for indicator, values in answers.items()
            if indicator.pk in answered or has_entries(values)
        }
        current = save_self_evaluation(application, actor=actor, answers=answers, revision=None)
        record_event(
            "applications.self_evaluation.imported",
            actor=actor,
            obj=current,
            changes={"file": checked.name, "sha256": checked.sha256, "rows": len(answers)},
        )
    return current
