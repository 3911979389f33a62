"""The 自评表 as an Excel workbook laid out like the paper form, and its import.

The export marks where the enterprise types (pale yellow), what does not apply (grey) and what
the platform computes from performance data (grey, with a note; ignored on import). A hidden
sheet "meta" names the application and the indicator-system version, so a file cannot be
imported into another application or against another version.

The import checks the whole file and reports every problem with its sheet, row and column;
nothing is saved unless the whole file is valid.
"""

import io
import warnings
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from greenfactory.core.domain.audit import record_event
from greenfactory.core.domain.exports import (
    FORMULA_PREFIXES,
    ExportFile,
    register_exporter,
    safe_cell,
)
from greenfactory.core.uploads import XLSX, check_upload
from greenfactory.programme.enums import IndicatorKind

from ..models import Application
from .drafts import save_self_evaluation
from .report import KIND_LABELS, REQUIREMENT_LABELS, application_for_job, document_filename, number

SHEET = "自评表"
META_SHEET = "meta"
FORMAT = "greenfactory.self_evaluation/1"
TITLE = "绿色工厂自评表"
# (field, header, width); the order is the paper form's
COLUMNS = (
    ("code", "指标编码", 11),
    ("name", "指标名称", 46),
    ("kind", "类型", 9),
    ("requirement", "必选/可选", 10),
    ("max_points", "满分", 7),
    ("unit", "单位", 10),
    ("not_applicable", "不适用", 8),
    ("met", "是否满足", 9),
    ("score", "自评得分", 9),
    ("value", "数值", 14),
    ("explanation", "说明", 50),
)
LETTER = {field: get_column_letter(n) for n, (field, _h, _w) in enumerate(COLUMNS, start=1)}
INPUT_FIELDS = ("not_applicable", "met", "score", "value", "explanation")
HEADER_ROW = 6
MAX_ROWS = 2000
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_EXPLANATION = 4000
VALUE_LIMIT = Decimal(10) ** 14
YES, NO = "是", "否"
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

INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")
UNUSED_FILL = PatternFill("solid", fgColor="D9D9D9")
COMPUTED_FILL = PatternFill("solid", fgColor="EDEDED")
GROUP_FILL = PatternFill("solid", fgColor="E2EFDA")
HEADER_FILL = PatternFill("solid", fgColor="C6E0B4")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
COMPUTED_NOTE = "由平台根据填报的绩效数据计算，导入时忽略。"


def answer_fields(indicator) -> tuple[str, ...]:
    """The fields of a 自评表 row the enterprise fills for this indicator (as the web form)."""
    if indicator.kind == IndicatorKind.GROUP:
        return ()
    fields = []
    if indicator.allow_na:
        fields.append("not_applicable")
    if indicator.kind == IndicatorKind.GATE or indicator.is_required:
        fields.append("met")
    if indicator.kind == IndicatorKind.QUALITATIVE:
        fields.append("score")
    if indicator.kind == IndicatorKind.QUANTITATIVE and not indicator.formula:
        fields.append("value")
    if indicator.kind != IndicatorKind.GATE:
        fields.append("explanation")
    return tuple(fields)


# ---- export ---------------------------------------------------------------------------------


def build_self_evaluation_workbook(application: Application) -> bytes:
    """The 自评表 of ``application`` as .xlsx bytes, with the current answers filled in."""
    with translation.override("zh-hans"):
        return _build(application)


def _build(application: Application) -> bytes:
    application = Application.objects.select_related("enterprise", "batch__indicator_system").get(
        pk=application.pk
    )
    system = application.batch.indicator_system
    indicators = list(system.indicators.order_by("position"))
    answers = {row.indicator_id: row for row in application.self_evaluations.all()}
    children: dict = {}
    for indicator in indicators:
        children.setdefault(indicator.parent_id, []).append(indicator)

    def nominal(node) -> Decimal:
        if node.kind != IndicatorKind.GROUP:
            return Decimal(node.max_points or 0) if node.is_scored else Decimal(0)
        return sum((nominal(c) for c in children.get(node.pk, [])), Decimal(0))

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    last = get_column_letter(len(COLUMNS))
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"] = TITLE
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center")
    info = (
        ("企业名称", application.enterprise.name, "统一社会信用代码", application.enterprise.uscc),
        ("申报批次", application.batch.title, "申请版本", f"第 {application.version} 版"),
        (
            "评价指标体系",
            f"{system.name}（第 {system.version} 版）",
            "导出时间",
            timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        ),
    )
    for row, (label, value, label2, value2) in enumerate(info, start=2):
        sheet.cell(row, 1, label).font = Font(bold=True)
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=6)
        sheet.cell(row, 2, safe_cell(value))
        sheet.merge_cells(start_row=row, start_column=7, end_row=row, end_column=8)
        sheet.cell(row, 7, label2).font = Font(bold=True)
        sheet.merge_cells(start_row=row, start_column=9, end_row=row, end_column=11)
        sheet.cell(row, 9, safe_cell(value2))
    sheet.merge_cells(f"A5:{last}5")
    sheet["A5"] = (
        "填写说明：浅黄色单元格由企业填写，灰色单元格不填写；“不适用”“是否满足”填“是”或“否”；"
        "自评得分不超过满分；“数值”列中带批注的灰色单元格由平台根据绩效数据计算，导入时忽略。"
        "请勿增删列、修改指标编码或使用公式。"
    )
    sheet["A5"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[5].height = 45
    for column, (_field, header, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(HEADER_ROW, column, header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = width

    yes_no = DataValidation(
        type="list",
        formula1=f'"{YES},{NO}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="输入有误",
        error="请填写“是”或“否”。",
    )
    values = DataValidation(
        type="decimal",
        operator="between",
        formula1="-100000000000000",
        formula2="100000000000000",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="输入有误",
        error="请填写数字。",
    )
    scores: dict[Decimal, DataValidation] = {}

    for row, indicator in enumerate(indicators, start=HEADER_ROW + 1):
        answer = answers.get(indicator.pk)
        fields = answer_fields(indicator)
        is_group = indicator.kind == IndicatorKind.GROUP
        max_points = nominal(indicator) if is_group else indicator.max_points
        cells = {
            "code": indicator.code,
            "name": indicator.name,
            "kind": KIND_LABELS.get(indicator.kind, ""),
            "requirement": REQUIREMENT_LABELS.get(indicator.requirement, ""),
            "max_points": max_points if max_points else None,
            "unit": indicator.unit,
        }
        if answer is not None:
            cells["met"] = {True: YES, False: NO}.get(answer.met)
            cells["score"] = answer.score
            cells["value"] = answer.value
            cells["explanation"] = answer.explanation
        if indicator.allow_na:
            cells["not_applicable"] = YES if answer is not None and answer.not_applicable else NO
        for column, (field, _header, _width) in enumerate(COLUMNS, start=1):
            value = cells.get(field)
            computed = field == "value" and bool(indicator.formula)
            if field in INPUT_FIELDS and field not in fields and not computed:
                value = None
            cell = sheet.cell(row, column, safe_cell(value if value != "" else None))
            cell.border = BORDER
            cell.alignment = Alignment(
                wrap_text=field in ("name", "explanation"),
                vertical="top",
                indent=max(indicator.level - 1, 0) * 2 if field == "name" else 0,
            )
            if is_group:
                cell.font = Font(bold=True)
                cell.fill = GROUP_FILL
            elif computed:
                cell.fill = COMPUTED_FILL
                cell.comment = Comment(COMPUTED_NOTE, "绿色工厂平台", width=220, height=60)
            elif field in INPUT_FIELDS:
                cell.fill = INPUT_FILL if field in fields else UNUSED_FILL
            if field in ("not_applicable", "met") and field in fields:
                yes_no.add(cell.coordinate)
            elif field == "score" and field in fields:
                limit = Decimal(indicator.max_points or 0)
                if limit not in scores:
                    scores[limit] = DataValidation(
                        type="decimal",
                        operator="between",
                        formula1="0",
                        formula2=number(limit, 2),
                        allow_blank=True,
                        showErrorMessage=True,
                        errorTitle="输入有误",
                        error=f"自评得分应在 0 至 {number(limit, 2)} 分之间。",
                    )
                scores[limit].add(cell.coordinate)
            elif field == "value" and field in fields:
                values.add(cell.coordinate)
    for validation in (yes_no, values, *scores.values()):
        if validation.sqref:
            sheet.add_data_validation(validation)
    sheet.freeze_panes = f"C{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    meta = workbook.create_sheet(META_SHEET)
    for key, value in (
        ("format", FORMAT),
        ("application", application.code),
        ("system_code", system.code),
        ("system_version", system.version),
        ("revision", application.revision),
        ("exported_at", timezone.now().isoformat(timespec="seconds")),
    ):
        meta.append([key, safe_cell(value)])
    meta.sheet_state = "hidden"
    workbook.properties.creator = "绿色工厂平台"
    workbook.properties.title = TITLE
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@register_exporter("self_evaluation_xlsx")
def export_self_evaluation(job) -> ExportFile:
    application = application_for_job(job)
    return ExportFile(
        document_filename("自评表", application, ".xlsx"),
        build_self_evaluation_workbook(application),
    )


# ---- import ---------------------------------------------------------------------------------


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


def _text(value) -> str:
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
    return _text(value) if not _blank(value) else ""


def _decimal(value) -> Decimal | None:
    """A finite number from a number cell or numeric text; None if it is not one."""
    if isinstance(value, bool | datetime | date | time):
        return None
    try:
        result = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return result if result.is_finite() else None


def _check_size(upload) -> None:
    """check_upload refuses ZIP bombs; the 自评表 gets a much smaller budget on top."""
    upload.seek(0)
    with zipfile.ZipFile(upload) as archive:
        unpacked = sum(entry.file_size for entry in archive.infolist())
    upload.seek(0)
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError(
            _("The workbook unpacks to more than a 自评表 can hold and was refused."),
            code="bomb",
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
            meta[_text(row[0].value)] = "" if _blank(row[1].value) else _text(row[1].value)
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
            text = "" if _blank(raw) else _text(raw)
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
    return {YES: True, NO: False}.get(_text(value), _INVALID)


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
