"""Importing the provincial and national lists of green factories (省级、国家级绿色工厂名单)
from an Excel workbook.

The city bureau uploads the list as published above it. Each row names an enterprise by its
unified social credit code; rows whose code is an enterprise of the platform (confirmed, in the
officer's region) are *matched*, the others *unmatched* and only listed. The whole file is
checked first and every problem reported with its sheet, row and column; nothing is imported
while a problem remains. The checked file is kept server-side under a random name and the
preview hands the browser only a signed reference to it; confirming reads that same file again
(its SHA-256 must still match) and checks it again against the registry before importing.
"""

import contextlib
import hashlib
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from greenfactory.accounts.enums import EnterpriseStatus
from greenfactory.accounts.models import Enterprise
from greenfactory.accounts.rules import is_city_officer
from greenfactory.accounts.uscc import normalise_uscc, validate_uscc
from greenfactory.applications.domain.excel_import import UNREADABLE, CellError
from greenfactory.core.codes import new_code
from greenfactory.core.domain.audit import record_event
from greenfactory.core.domain.exports import FORMULA_PREFIXES
from greenfactory.core.uploads import XLSX, check_upload

from ..certificates import parse_number
from ..enums import TitleLevel, TitleSource, TitleStatus
from ..models import Title, TitleStatusChange
from ..signals import title_granted
from .ranking import RecognitionRefused
from .titles import valid_until

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 40
HEADER_SEARCH_ROWS = 20
MAX_SOURCE = 200
# The national green-manufacturing system began with the 2016 plan; its first list is of 2017.
MIN_YEAR = 2016
STORE_DIR = "title_imports"
PREVIEW_SALT = "recognition.title_import"
PREVIEW_MAX_AGE = 2 * 60 * 60
CERTIFICATE_NUMBER_MAX = Title._meta.get_field("certificate_number").max_length
LOOKUP_CHUNK = 500


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    aliases: tuple[str, ...]
    required: bool


COLUMNS = (
    Column("uscc", "统一社会信用代码", ("社会信用代码", "信用代码", "统一信用代码"), True),
    Column("name", "企业名称", ("单位名称", "企业", "名称"), True),
    Column("level", "级别", ("称号级别", "层级"), True),
    Column("year", "年份", ("年度",), True),
    Column("number", "证书编号/文号", ("证书编号", "文号", "证书号", "证书编号或文号"), False),
    Column("source", "批次/文件名称", ("批次", "文件名称", "名单名称", "批次或文件名称"), False),
    Column("issued_on", "发证日期", ("认定日期", "发文日期"), False),
)
HEADERS = {
    name: column for column in COLUMNS for name in (column.header, *column.aliases, column.key)
}

LEVEL_WORDS = {
    "省级": TitleLevel.PROVINCIAL,
    "省级绿色工厂": TitleLevel.PROVINCIAL,
    "省": TitleLevel.PROVINCIAL,
    "provincial": TitleLevel.PROVINCIAL,
    "p": TitleLevel.PROVINCIAL,
    "国家级": TitleLevel.NATIONAL,
    "国家级绿色工厂": TitleLevel.NATIONAL,
    "国家": TitleLevel.NATIONAL,
    "national": TitleLevel.NATIONAL,
    "n": TitleLevel.NATIONAL,
}
CITY_WORDS = {"市级", "市级绿色工厂", "市", "city", "c"}
IMPORTED_LEVELS = (TitleLevel.PROVINCIAL, TitleLevel.NATIONAL)


class TitleImportRefused(RecognitionRefused):
    """The import cannot go ahead; the message says why."""


class TitleImportErrors(TitleImportRefused):
    """The file has problems; ``report`` lists them (and what was read)."""

    def __init__(self, report: "ImportReport"):
        self.report = report
        super().__init__(_("The file has %(n)s problems.") % {"n": len(report.errors)})


@dataclass
class ListRow:
    """One row of the uploaded list, as read and matched."""

    sheet: str
    row: int
    uscc: str
    name: str
    level: str | None
    year: int | None
    number: str = ""
    source: str = ""
    issued_on: date | None = None
    letters: dict = field(default_factory=dict)
    enterprise: Enterprise | None = None
    unmatched_reason: str = ""
    certificate_number: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple:
        return (self.uscc, self.level, self.year)

    @property
    def issued(self) -> date:
        return self.issued_on or date(self.year, 1, 1)

    @property
    def valid_until(self) -> date:
        return valid_until(self.issued)

    @property
    def level_label(self) -> str:
        return TitleLevel(self.level).label if self.level else ""

    @property
    def reference(self) -> str:
        """Where the title comes from, kept with its history: the list and its number."""
        return "；".join(part for part in (self.source, self.number) if part)


@dataclass
class ImportReport:
    """What a check of the file found: the rows to import, the rows not on the platform, and
    every problem. ``token`` refers to the stored file once the check passed."""

    filename: str
    sha256: str = ""
    matched: list[ListRow] = field(default_factory=list)
    unmatched: list[ListRow] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    token: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rows(self) -> int:
        return len(self.matched) + len(self.unmatched)

    @property
    def warned(self) -> list[ListRow]:
        return [row for row in self.matched if row.warnings]

    def error(self, sheet, row, letter, message, code) -> None:
        self.errors.append(CellError(sheet, row, letter, str(message), code))


def can_import_titles(user) -> bool:
    """City officers of a region import the lists above the city."""
    return bool(is_city_officer(user) and user.region_id)


# ---- reading the workbook -------------------------------------------------------------------


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        text = text[1:]
    return text


def _shown(value) -> str:
    text = _text(value)
    return text if len(text) <= 40 else text[:39] + "…"


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
    """check_upload refuses ZIP bombs; a list of titles gets a much smaller budget on top."""
    upload.seek(0)
    with zipfile.ZipFile(upload) as archive:
        unpacked = sum(entry.file_size for entry in archive.infolist())
    upload.seek(0)
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError(
            _("The workbook unpacks to more than a list of titles can hold and was refused."),
            code="bomb",
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


def _read_row(sheet, number, values, positions, report: ImportReport) -> ListRow | None:
    letters = {key: get_column_letter(index + 1) for key, index in positions.items()}

    def cell(key):
        index = positions.get(key)
        return values[index] if index is not None and index < len(values) else None

    def error(key, message, code):
        report.error(sheet, number, letters.get(key), message, code)

    before = len(report.errors)
    raw_code = cell("uscc")
    uscc = ""
    if isinstance(raw_code, int | float) and not isinstance(raw_code, bool):
        error(
            "uscc",
            _(
                "The credit code is stored as a number, which loses digits: format the column "
                "as text and type the code again."
            ),
            "uscc_number",
        )
    elif _blank(raw_code):
        error("uscc", _("The unified social credit code is missing."), "uscc_missing")
    else:
        uscc = normalise_uscc(_text(raw_code))
        try:
            validate_uscc(uscc)
        except ValidationError as invalid:
            error(
                "uscc",
                _("“%(code)s” is not a valid credit code: %(problem)s")
                % {"code": _shown(uscc), "problem": " ".join(invalid.messages)},
                "uscc_invalid",
            )
    level = _level(cell("level"), error)
    year = _year(cell("year"), error)
    issued_on = _issued_on(cell("issued_on"), year, error)
    source = _text(cell("source"))
    if len(source) > MAX_SOURCE:
        error(
            "source",
            _("The batch or document name is longer than %(max)s characters.")
            % {"max": MAX_SOURCE},
            "too_long",
        )
    if len(report.errors) > before:
        return None
    return ListRow(
        sheet=sheet,
        row=number,
        uscc=uscc,
        name=_text(cell("name")),
        level=level,
        year=year,
        number=re.sub(r"\s+", " ", _text(cell("number"))),
        source=source,
        issued_on=issued_on,
        letters=letters,
    )


def _level(value, error) -> str | None:
    if _blank(value):
        error("level", _("The level is missing: write 省级 or 国家级."), "level_missing")
        return None
    word = re.sub(r"\s+", "", _text(value)).lower()
    if word in LEVEL_WORDS:
        return LEVEL_WORDS[word]
    if word in CITY_WORDS:
        error(
            "level",
            _("City-level titles are designated on this platform, not imported."),
            "level_city",
        )
    else:
        error(
            "level",
            _("Unknown level “%(value)s”: write 省级 or 国家级.") % {"value": _shown(value)},
            "level_unknown",
        )
    return None


def _year(value, error) -> int | None:
    if _blank(value):
        error("year", _("The year is missing."), "year_missing")
        return None
    text = _text(value)
    text = text.removesuffix("年度").removesuffix("年").strip()
    if isinstance(value, bool) or not text.isdigit():
        error("year", _("“%(value)s” is not a year.") % {"value": _shown(value)}, "year")
        return None
    year = int(text)
    last = timezone.localdate().year
    if not MIN_YEAR <= year <= last:
        error(
            "year",
            _("The year %(year)s is out of range: %(first)s to %(last)s.")
            % {"year": year, "first": MIN_YEAR, "last": last},
            "year_range",
        )
        return None
    return year


DATE_PATTERN = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def _issued_on(value, year, error) -> date | None:
    if _blank(value):
        return None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        match = DATE_PATTERN.fullmatch(_text(value))
        try:
            day = date(*(int(part) for part in match.groups())) if match else None
        except ValueError:
            day = None
        if day is None:
            error(
                "issued_on",
                _("“%(value)s” is not a date: write it as 2024-12-31.") % {"value": _shown(value)},
                "date",
            )
            return None
    if year is None:
        return day
    latest = min(date(year + 1, 12, 31), timezone.localdate())
    if not date(year, 1, 1) <= day <= latest:
        error(
            "issued_on",
            _(
                "The date %(day)s does not fit the year %(year)s: it must lie between "
                "%(first)s and %(last)s."
            )
            % {
                "day": day.isoformat(),
                "year": year,
                "first": date(year, 1, 1).isoformat(),
                "last": latest.isoformat(),
            },
            "date_range",
        )
        return None
    return day


# ---- matching against the registry -----------------------------------------------------------


def _name_key(name: str) -> str:
    table = str.maketrans("（）", "()")
    return re.sub(r"\s+", "", name or "").translate(table)


def _chunks(items: list, size: int = LOOKUP_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _match(rows: list[ListRow], report: ImportReport, actor) -> None:
    """Sort the rows into matched and unmatched, and report duplicates and titles already
    held. Three queries (per 500 codes), whatever the number of rows."""
    first_seen: dict[tuple, ListRow] = {}
    for row in rows:
        earlier = first_seen.get(row.key)
        if earlier is not None:
            report.error(
                row.sheet,
                row.row,
                row.letters.get("uscc"),
                _(
                    "%(code)s is listed twice for the %(level)s title of %(year)s (also in "
                    "%(sheet)s row %(row)s)."
                )
                % {
                    "code": row.uscc,
                    "level": row.level_label,
                    "year": row.year,
                    "sheet": earlier.sheet,
                    "row": earlier.row,
                },
                "duplicate",
            )
        else:
            first_seen[row.key] = row
    rows = list(first_seen.values())
    codes = sorted({row.uscc for row in rows})
    enterprises = {}
    for chunk in _chunks(codes):
        for enterprise in (
            Enterprise.objects.filter(uscc__in=chunk)
            .select_related("district")
            .prefetch_related("names")
        ):
            enterprises[enterprise.uscc] = enterprise
    region_path = actor.region.path
    for row in rows:
        enterprise = enterprises.get(row.uscc)
        if enterprise is None:
            row.unmatched_reason = _("Not registered on the platform.")
        elif enterprise.status != EnterpriseStatus.CONFIRMED:
            row.unmatched_reason = _("Registered but not confirmed by its district.")
        elif not enterprise.district.path.startswith(region_path):
            row.unmatched_reason = _("Registered outside your region.")
        else:
            row.enterprise = enterprise
            _compare_name(row, enterprise)
            report.matched.append(row)
            continue
        report.unmatched.append(row)
    _report_held(report)
    _decide_numbers(report)


def _compare_name(row: ListRow, enterprise: Enterprise) -> None:
    if not row.name:
        row.warnings.append(_("No name in the file to compare with the registry."))
        return
    if _name_key(row.name) == _name_key(enterprise.name):
        return
    former = {_name_key(change.old_name) for change in enterprise.names.all()}
    if _name_key(row.name) in former:
        row.warnings.append(
            _("The name in the file is a former name of %(name)s.") % {"name": enterprise.name}
        )
    else:
        row.warnings.append(
            _("The name in the file differs from the registered name %(name)s.")
            % {"name": enterprise.name}
        )


def _report_held(report: ImportReport) -> None:
    ids = [row.enterprise.pk for row in report.matched]
    held = {}
    for chunk in _chunks(ids):
        for enterprise_id, level, year, status in Title.objects.filter(
            enterprise_id__in=chunk, level__in=IMPORTED_LEVELS
        ).values_list("enterprise_id", "level", "year", "status"):
            held[(enterprise_id, level, year)] = status
    for row in report.matched:
        status = held.get((row.enterprise.pk, row.level, row.year))
        if status is None:
            continue
        report.error(
            row.sheet,
            row.row,
            row.letters.get("uscc"),
            _("%(name)s already has the %(level)s title of %(year)s (%(status)s).")
            % {
                "name": row.enterprise.name,
                "level": row.level_label,
                "year": row.year,
                "status": TitleStatus(status).label,
            },
            "held",
        )


def _decide_numbers(report: ImportReport) -> None:
    """An external number becomes the title's certificate number only when it is the row's own
    (no other row of the file has it), fits, does not look like one of this platform's
    numbers and no title holds it yet. Otherwise it is kept with the history only."""
    counts: dict[str, int] = {}
    for row in (*report.matched, *report.unmatched):
        if row.number:
            counts[row.number] = counts.get(row.number, 0) + 1
    candidates = sorted(
        {
            row.number
            for row in report.matched
            if row.number
            and counts[row.number] == 1
            and len(row.number) <= CERTIFICATE_NUMBER_MAX
            and parse_number(row.number) is None
        }
    )
    taken = set()
    for chunk in _chunks(candidates):
        taken.update(
            Title.objects.filter(certificate_number__in=chunk).values_list(
                "certificate_number", flat=True
            )
        )
    for row in report.matched:
        if not row.number:
            continue
        if counts[row.number] > 1:
            row.warnings.append(
                _(
                    "“%(number)s” is on %(n)s rows: kept as the list's document number, not as "
                    "a certificate number."
                )
                % {"number": row.number, "n": counts[row.number]}
            )
        elif len(row.number) > CERTIFICATE_NUMBER_MAX:
            row.warnings.append(
                _("The number is longer than %(max)s characters: kept with the history only.")
                % {"max": CERTIFICATE_NUMBER_MAX}
            )
        elif parse_number(row.number) is not None:
            row.warnings.append(
                _(
                    "“%(number)s” has the form of this platform's own certificate numbers: kept "
                    "with the history only."
                )
                % {"number": row.number}
            )
        elif row.number in taken:
            row.warnings.append(
                _(
                    "Another title already has the certificate number “%(number)s”: kept with "
                    "the history only."
                )
                % {"number": row.number}
            )
        else:
            row.certificate_number = row.number


def _check(upload, filename: str, sha256: str, actor) -> ImportReport:
    report = ImportReport(filename=filename, sha256=sha256)
    rows = _read_workbook(upload, report)
    if rows and not any(error.code in ("rows", "header") for error in report.errors):
        _match(rows, report, actor)
    return report


# ---- the steps: preview, then confirm --------------------------------------------------------


def _as_upload(fileobj):
    if hasattr(fileobj, "chunks"):
        return fileobj
    return File(fileobj, getattr(fileobj, "name", None) or "upload.xlsx")


def preview_title_import(upload, *, actor) -> ImportReport:
    """Check an uploaded list and say what importing it would do. Imports nothing.

    Requires a city officer (``can_import_titles``). When the file has no problem and matches
    at least one enterprise it is kept server-side under a random name, and ``report.token``
    is a signed reference to it (valid two hours, for this officer only) for
    ``import_titles``.
    """
    if not can_import_titles(actor):
        raise PermissionDenied
    upload = _as_upload(upload)
    filename = getattr(upload, "name", "") or "upload.xlsx"
    try:
        checked = check_upload(upload, allowed=(XLSX,), max_bytes=MAX_UPLOAD_BYTES, actor=actor)
        _check_size(upload)
    except ValidationError as refused:
        report = ImportReport(filename=filename)
        for message in refused.messages:
            report.error(None, None, None, message, refused.code or "upload")
        return report
    except zipfile.BadZipFile:
        report = ImportReport(filename=filename)
        report.error(None, None, None, _("The file is damaged or incomplete."), "damaged")
        return report
    upload.seek(0)
    content = upload.read()
    report = _check(io.BytesIO(content), checked.name, checked.sha256, actor)
    if report.ok and report.matched:
        _sweep_stale()
        stored = default_storage.save(f"{STORE_DIR}/{new_code(24)}.xlsx", ContentFile(content))
        report.token = signing.dumps(
            {"file": stored, "sha256": checked.sha256, "user": actor.pk, "name": checked.name},
            salt=PREVIEW_SALT,
        )
    return report


def _expired() -> TitleImportRefused:
    return TitleImportRefused(
        _("This preview has expired or was already imported: upload the file again.")
    )


def _stored_file(token: str, actor) -> dict:
    try:
        payload = signing.loads(token or "", salt=PREVIEW_SALT, max_age=PREVIEW_MAX_AGE)
    except signing.BadSignature as bad:
        raise _expired() from bad
    if not isinstance(payload, dict) or payload.get("user") != actor.pk:
        raise _expired()
    name = str(payload.get("file", ""))
    if not name.startswith(f"{STORE_DIR}/") or not default_storage.exists(name):
        raise _expired()
    return payload


def import_titles(token: str, *, actor) -> list[Title]:
    """Import the list a preview checked (``token`` from ``preview_title_import``).

    Requires a city officer. The stored file is read again (its SHA-256 must be the one
    checked) and checked again against the registry as it is now: on any problem
    ``TitleImportErrors`` is raised with the new report and nothing is imported. Side effects,
    all in one transaction: one ``Title`` per matched row (source imported, status valid,
    issued on the given date or 1 January of its year, valid three years less a day, the
    external number as certificate number where ``_decide_numbers`` allows); a
    ``TitleStatusChange`` ("" → valid, the list's name and number as reason) and an audit
    entry ``recognition.title.imported`` per title; the signal ``title_granted`` per title; one
    audit entry ``recognition.titles.imported`` for the file. After commit the stored file is
    deleted.
    """
    if not can_import_titles(actor):
        raise PermissionDenied
    payload = _stored_file(token, actor)
    try:
        with transaction.atomic():
            titles = _import(payload, actor)
    except IntegrityError as clash:
        raise TitleImportRefused(
            _("Some of these titles were recorded meanwhile: upload the file again to see.")
        ) from clash
    return titles


def _import(payload: dict, actor) -> list[Title]:
    with default_storage.open(payload["file"], "rb") as stored:
        content = stored.read()
    if hashlib.sha256(content).hexdigest() != payload["sha256"]:
        raise _expired()
    report = _check(io.BytesIO(content), payload["name"], payload["sha256"], actor)
    if not report.ok:
        raise TitleImportErrors(report)
    if not report.matched:
        raise TitleImportRefused(
            _("No row of the file is an enterprise of the platform: nothing to import.")
        )
    titles = []
    for row in report.matched:
        title = Title.objects.create(
            enterprise=row.enterprise,
            level=row.level,
            year=row.year,
            source=TitleSource.IMPORTED,
            status=TitleStatus.VALID,
            certificate_number=row.certificate_number,
            issued_on=row.issued,
            valid_until=row.valid_until,
            created_by=actor,
        )
        TitleStatusChange.objects.create(
            title=title,
            from_status="",
            to_status=TitleStatus.VALID,
            reason=row.reference,
            actor=actor,
        )
        record_event(
            "recognition.title.imported",
            actor=actor,
            obj=title,
            changes={
                "enterprise": row.uscc,
                "level": row.level,
                "year": row.year,
                "certificate_number": title.certificate_number or "",
                "reference": row.reference,
                "file": payload["name"],
                "row": f"{row.sheet}!{row.row}",
            },
        )
        title_granted.send(sender=Title, title=title, actor=actor)
        titles.append(title)
    record_event(
        "recognition.titles.imported",
        actor=actor,
        changes={
            "file": payload["name"],
            "sha256": payload["sha256"],
            "titles": [title.code for title in titles],
            "unmatched": [row.uscc for row in report.unmatched],
        },
    )
    name = payload["file"]
    transaction.on_commit(lambda: _discard(name))
    return titles


def _discard(name: str) -> None:
    with contextlib.suppress(OSError):
        default_storage.delete(name)


def _sweep_stale() -> None:
    """Delete stored files whose preview has expired."""
    limit = timezone.now() - timedelta(seconds=PREVIEW_MAX_AGE)
    try:
        _dirs, files = default_storage.listdir(STORE_DIR)
    except (FileNotFoundError, NotImplementedError, OSError):
        return
    for name in files:
        path = f"{STORE_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
        except (FileNotFoundError, NotImplementedError, OSError):
            continue


# ---- the template ----------------------------------------------------------------------------


def template_workbook() -> bytes:
    """An empty list with the columns the import reads, and a sheet explaining them."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "名单"
    sheet.append([column.header for column in COLUMNS])
    bold = Font(bold=True)
    widths = {"uscc": 24, "name": 36, "level": 10, "year": 8, "number": 28, "source": 36}
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = bold
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(column.key, 14)
    for row in range(2, 502):
        for index in (1, 5):  # credit codes and numbers stay text, so no digit is lost
            sheet.cell(row=row, column=index).number_format = "@"
        sheet.cell(row=row, column=7).number_format = "yyyy-mm-dd"
    levels = DataValidation(type="list", formula1='"省级,国家级"', allow_blank=False)
    levels.add("C2:C501")
    sheet.add_data_validation(levels)
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("说明")
    with translation.override("zh-hans"):
        notes.append([_("Column"), _("Must be filled"), _("What to write")])
        explained = {
            "uscc": _("The enterprise's 18-character unified social credit code, as text."),
            "name": _(
                "The enterprise's name as on the list; a name different from the registry "
                "is reported as a warning."
            ),
            "level": _("省级 or 国家级 (also provincial / national, or P / N)."),
            "year": _("The year of the list, for example %(year)s.")
            % {"year": timezone.localdate().year - 1},
            "number": _(
                "The certificate number, or the document number of the list; a number "
                "shared by several rows is kept as the list's document number."
            ),
            "source": _("The batch or the name of the document that published the list."),
            "issued_on": _("The day the title was granted; 1 January of the year if empty."),
        }
        yes, no = _("Yes"), _("No")
        for column in COLUMNS:
            notes.append([column.header, yes if column.required else no, explained[column.key]])
        notes.append([])
        notes.append(
            [
                _(
                    "Rows whose credit code is not an enterprise of the platform are listed "
                    "and not imported. Nothing is imported while any row has a problem."
                )
            ]
        )
    for index, width in enumerate((20, 8, 90), start=1):
        notes.column_dimensions[get_column_letter(index)].width = width
    for cell in notes[1]:
        cell.font = bold
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
