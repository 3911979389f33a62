"""The 自评表 as an Excel workbook laid out like the paper form.

The export marks where the enterprise types (pale yellow), what does not apply (grey) and what
the platform computes from performance data (grey, with a note; ignored on import). A hidden
sheet "meta" names the application and the indicator-system version, so a file cannot be
imported into another application or against another version.
"""

import io
from decimal import Decimal

from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from greenfactory.core.domain.exports import (
    ExportFile,
    register_exporter,
    safe_cell,
)
from greenfactory.programme.enums import IndicatorKind, Requirement

from ..models import Application
from .answers import answer_fields
from .excel_layout import (
    COLUMNS,
    FORMAT,
    HEADER_ROW,
    INPUT_FIELDS,
    META_SHEET,
    NO,
    SHEET,
    TITLE,
    YES,
)
from .report import (
    KIND_LABELS,
    application_for_job,
    document_filename,
    may_download_document,
    number,
)

INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")
UNUSED_FILL = PatternFill("solid", fgColor="D9D9D9")
COMPUTED_FILL = PatternFill("solid", fgColor="EDEDED")
GROUP_FILL = PatternFill("solid", fgColor="E2EFDA")
HEADER_FILL = PatternFill("solid", fgColor="C6E0B4")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
COMPUTED_NOTE = "由平台根据填报的绩效数据计算，导入时忽略。"


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
            "requirement": str(Requirement(indicator.requirement).label)
            if indicator.requirement
            else "",
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


@register_exporter("self_evaluation_xlsx", may_download=may_download_document)
def export_self_evaluation(job) -> ExportFile:
    application = application_for_job(job)
    return ExportFile(
        document_filename("自评表", application, ".xlsx"),
        build_self_evaluation_workbook(application),
    )
