"""Industry benchmarks as an Excel workbook: exported from a version, imported into one.

One sheet, a header row, one row per (item, industry). Columns are read by position, so the
header may be in either language. Every bad cell is reported by row and column, and nothing is
written unless every row is good (docs/decisions.md §52).
"""

import io
import warnings
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from greenfactory.core.refusals import Refused

from ..enums import IndicatorKind
from ..models import IndicatorSystem, IndustryBenchmark
from .benchmarks import _validate, replace_industry_benchmarks

MAX_ROWS = 5000
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
COLUMNS = (
    "indicator_code",
    "industry_code",
    "product",
    "product_unit",
    "conversions",
    "benchmark",
    "leading",
    "source",
    "is_default",
)
YES, NO = ("是", "yes", "y", "true", "1"), ("否", "no", "n", "false", "0", "")


def headers() -> list[str]:
    return [
        _("Item code"),
        _("Industry (GB/T 4754 class or division)"),
        _("Product"),
        _("Unit of product"),
        _("Other accepted units (unit=how many per product unit; …)"),
        _("Benchmark value"),
        _("Leading value"),
        _("Source"),
        _("Platform default (yes/no)"),
    ]


def _column_name(name: str) -> str:
    return headers()[COLUMNS.index(name)]


def _conversions_text(conversions: dict) -> str:
    return "; ".join(f"{unit}={factor}" for unit, factor in (conversions or {}).items())


def export_workbook(system: IndicatorSystem) -> bytes:
    """The version's industry rows, with the header; an empty version gives the header only."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "benchmarks"
    sheet.append(headers())
    rows = IndustryBenchmark.objects.filter(indicator__system=system).select_related("indicator")
    for row in rows:
        sheet.append(
            [
                row.indicator.code,
                row.industry_code,
                row.product,
                row.product_unit,
                _conversions_text(row.conversions),
                float(row.benchmark),
                float(row.leading),
                row.source,
                _("yes") if row.is_default else _("no"),
            ]
        )
    for index in range(1, len(COLUMNS) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 18
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@dataclass
class WorkbookReport:
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    def error(self, row: int | None, column: str | None, message) -> None:
        if row is None:
            self.problems.append(str(message))
            return
        letter = get_column_letter(COLUMNS.index(column) + 1) if column else ""
        self.problems.append(
            _("Row %(row)s, column %(letter)s (%(column)s): %(message)s")
            % {
                "row": row,
                "letter": letter,
                "column": _column_name(column) if column else "",
                "message": message,
            }
        )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _decimal(value):
    text = _text(value)
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError from None
    if not number.is_finite():
        raise ValueError
    return number


def _conversions(text: str) -> dict:
    out = {}
    for part in filter(None, (p.strip() for p in text.replace("；", ";").split(";"))):
        unit, sep, factor = part.partition("=")
        number = Decimal(factor.strip())
        if not sep or not unit.strip() or not number.is_finite() or number <= 0:
            raise ValueError
        out[unit.strip()] = str(number)
    return out


def read_workbook(system: IndicatorSystem, upload) -> WorkbookReport:
    """Every row checked against the version's items; ``problems`` empty means all are good."""
    report = WorkbookReport()
    if getattr(upload, "size", 0) > MAX_UPLOAD_BYTES:
        report.error(None, None, _("The workbook is larger than 5 MB."))
        return report
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            workbook = load_workbook(upload, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        report.error(None, None, _("The file is not an Excel workbook (.xlsx) or is damaged."))
        return report
    items = {
        i.code: i
        for i in system.indicators.all()
        if i.kind == IndicatorKind.QUANTITATIVE and not i.bands
    }
    seen = {}
    sheet = workbook.worksheets[0]
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number == 1:
            continue  # the header
        if number > MAX_ROWS + 1:
            report.error(None, None, _("The workbook has more than 5000 rows."))
            break
        cells = list(values[: len(COLUMNS)]) + [None] * (len(COLUMNS) - len(values))
        if all(_text(cell) == "" for cell in cells):
            continue
        raw = dict(zip(COLUMNS, cells, strict=True))
        row = {"_row": number}
        bad = False
        code = _text(raw["indicator_code"])
        indicator = items.get(code)
        if indicator is None:
            report.error(
                number,
                "indicator_code",
                _(
                    "“%(code)s” is not an item of this version scored by benchmark and "
                    "leading value."
                )
                % {"code": code or "—"},
            )
            bad = True
        row["indicator_code"] = code
        industry = _text(raw["industry_code"])
        if not (industry.isdigit() and len(industry) in (2, 4)):
            report.error(
                number,
                "industry_code",
                _("Give a GB/T 4754 division (2 digits) or class (4 digits), not “%(code)s”.")
                % {"code": industry or "—"},
            )
            bad = True
        row["industry_code"] = industry
        row["product"] = _text(raw["product"])[:100]
        row["product_unit"] = _text(raw["product_unit"])[:16]
        try:
            row["conversions"] = _conversions(_text(raw["conversions"]))
        except (ValueError, ArithmeticError):
            report.error(
                number, "conversions", _("Write conversions as unit=number; for example kg=1000.")
            )
            bad = True
        for name in ("benchmark", "leading"):
            try:
                row[name] = _decimal(raw[name])
            except ValueError:
                report.error(number, name, _("“%(value)s” is not a number.") % {"value": raw[name]})
                row[name] = None
                bad = True
        row["source"] = _text(raw["source"])
        flag = _text(raw["is_default"]).lower()
        if flag in YES or flag == str(_("yes")).lower():
            row["is_default"] = True
        elif flag in NO or flag == str(_("no")).lower():
            row["is_default"] = False
        else:
            report.error(number, "is_default", _("Write yes or no."))
            bad = True
        if indicator is not None and not bad:
            for column, message in _validate(row, indicator):
                report.error(number, column, message)
                bad = True
        key = (code, industry)
        if not bad and key in seen:
            report.error(
                number,
                "industry_code",
                _("Row %(other)s already gives this item for this industry.")
                % {"other": seen[key]},
            )
            bad = True
        seen.setdefault(key, number)
        if not bad:
            report.rows.append(row)
    return report


class BenchmarkWorkbookRefused(Refused):
    """The workbook has bad rows; nothing was written. One problem per bad cell."""


def import_workbook(system: IndicatorSystem, upload, *, actor) -> int:
    """Check every row, then replace the version's industry rows with them (all or nothing)."""
    report = read_workbook(system, upload)
    if report.problems:
        raise BenchmarkWorkbookRefused(
            *report.problems,
            headline=_("Nothing was imported: correct these rows and upload the workbook again."),
        )
    return replace_industry_benchmarks(system, report.rows, actor=actor)
