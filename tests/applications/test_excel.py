"""The 自评表 workbook: export, import round trip, and every kind of bad file refused whole."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook

from greenfactory.applications.domain import excel_import, excel_layout
from greenfactory.applications.domain.excel import (
    WorkbookErrors,
    build_self_evaluation_workbook,
    import_self_evaluation,
    parse_self_evaluation_workbook,
)
from greenfactory.applications.models import Application
from greenfactory.core.domain.exports import request_export
from greenfactory.core.models import AuditEvent, ExportJob
from greenfactory.core.uploads import XLSX
from tests.applications.test_report import ANSWERS, NAME, fill_application

pytestmark = pytest.mark.django_db

USER_FIELDS = ("not_applicable", "met", "score", "value", "explanation")


@pytest.fixture
def application(enterprise_user):
    return fill_application(enterprise_user.enterprise)


def answers_of(application) -> dict:
    """What the enterprise entered, by indicator code (computed values left out)."""
    application.refresh_from_db()
    result = {}
    for row in application.self_evaluations.select_related("indicator"):
        values = {name: getattr(row, name) for name in USER_FIELDS}
        if row.indicator.formula:
            values.pop("value")
        if excel_import.has_entries(values):
            result[row.indicator.code] = values
    return result


def upload(content: bytes, name: str = "自评表.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX.content_type)


def edited(content: bytes, change) -> bytes:
    """The workbook after ``change(workbook, row_of)`` as a user's spreadsheet program would."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook[excel_layout.SHEET]
    rows = {
        sheet.cell(row, 1).value: row
        for row in range(excel_layout.HEADER_ROW + 1, sheet.max_row + 1)
        if sheet.cell(row, 1).value
    }
    change(workbook, rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row_of(content: bytes, code: str) -> int:
    sheet = load_workbook(io.BytesIO(content))[excel_layout.SHEET]
    return next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == code)


def set_cell(code, field, value):
    def change(workbook, rows):
        workbook[excel_layout.SHEET][f"{excel_layout.LETTER[field]}{rows[code]}"] = value

    return change


def test_workbook_is_laid_out_like_the_paper_form(application):
    content = build_self_evaluation_workbook(application)
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["自评表", "meta"]
    assert workbook["meta"].sheet_state == "hidden"
    meta = {row[0]: row[1] for row in workbook["meta"].iter_rows(values_only=True)}
    assert (meta["application"], meta["system_code"], meta["system_version"]) == (
        application.code,
        "GBT36132-2018",
        1,
    )
    assert meta["revision"] == application.revision
    sheet = workbook["自评表"]
    assert sheet["A1"].value == "绿色工厂自评表"
    assert sheet["B2"].value == NAME
    header = [cell.value for cell in sheet[excel_layout.HEADER_ROW]]
    assert header == [
        "指标编码",
        "指标名称",
        "类型",
        "必选/可选",
        "满分",
        "单位",
        "不适用",
        "是否满足",
        "自评得分",
        "数值",
        "说明",
    ]
    rows = {
        sheet.cell(r, 1).value: [c.value for c in sheet[r]]
        for r in range(excel_layout.HEADER_ROW + 1, sheet.max_row + 1)
    }
    codes = list(rows)
    assert codes[:3] == ["0", "0.1", "0.2"]
    assert len(codes) == application.batch.indicator_system.indicators.count()
    assert rows["1"][:5] == ["1", "基础设施", None, None, 20]
    assert sheet.cell(codes.index("1") + excel_layout.HEADER_ROW + 1, 1).font.b
    assert rows["0.1"][2:8] == ["基本要求", None, None, None, None, "是"]
    assert rows["1.1.1"][2:11] == [
        "定性",
        "必选",
        3,
        None,
        None,
        "是",
        3,
        None,
        "立项、环评、能评手续齐全。",
    ]
    assert rows["1.1.4"][6] == "是"
    assert rows["1.1.3"][10] == '\'=HYPERLINK("http://x")'  # formula injection escaped
    renewable = sheet[f"J{codes.index('3.1.2') + excel_layout.HEADER_ROW + 1}"]
    assert renewable.value == pytest.approx(4.9206, abs=1e-4)
    assert renewable.fill.fgColor.rgb.endswith("EDEDED")
    assert "导入时忽略" in renewable.comment.text
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    yes_no = next(v for v in validations.values() if v.formula1 == '"是,否"')
    gate_row = codes.index("0.1") + excel_layout.HEADER_ROW + 1
    assert f"H{gate_row}" in yes_no.sqref
    assert f"H{gate_row - 1}" not in yes_no.sqref  # the group row above it
    assert f"G{gate_row}" not in yes_no.sqref  # a gate cannot be not applicable


def test_parse_returns_only_the_fields_of_each_kind(application):
    parsed = parse_self_evaluation_workbook(
        application, upload(build_self_evaluation_workbook(application))
    )
    by_code = {indicator.code: values for indicator, values in parsed.items()}
    assert by_code["0.1"] == {"met": True}
    assert by_code["1.1.4"] == {
        "not_applicable": True,
        "score": None,
        "explanation": "单层厂房，工艺要求。",
    }
    assert by_code["1.1.3"]["explanation"] == '=HYPERLINK("http://x")'
    assert by_code["3.1.2"] == {"explanation": ""}  # computed value ignored
    # a required quantitative item is given a value, not judged met or not
    assert by_code["6.1.1"] == {"value": Decimal("1.6"), "explanation": "容积率 1.6 倍"}


def test_round_trip(application, enterprise_user):
    before = answers_of(application)
    assert set(before) == set(ANSWERS)
    content = build_self_evaluation_workbook(application)
    application.self_evaluations.filter(value_is_computed=False).delete()
    application.self_evaluations.update(not_applicable=False, met=None, score=None, explanation="")
    assert answers_of(application) == {}
    import_self_evaluation(application, upload(content), actor=enterprise_user)
    # The basic requirement on accidents (0.2) follows the application form's negative-list
    # declaration (decisions §51): the workbook does not answer it.
    assert "0.2" in before
    assert answers_of(application) == {code: v for code, v in before.items() if code != "0.2"}
    event = AuditEvent.objects.get(action="applications.self_evaluation.imported")
    assert event.changes["file"] == "自评表.xlsx"
    computed = application.batch.indicator_system.indicators.exclude(formula="").count()
    assert event.changes["rows"] == len(ANSWERS) + computed


def test_import_of_edited_values(application, enterprise_user):
    computed = application.self_evaluations.get(indicator__code="3.1.2").value
    content = edited(
        build_self_evaluation_workbook(application),
        lambda workbook, rows: [
            set_cell("1.1.2", "score", 2)(workbook, rows),
            set_cell("0.4", "met", "是")(workbook, rows),
            set_cell("6.1.3", "value", "1.25")(workbook, rows),
            set_cell("3.1.2", "value", 99)(workbook, rows),  # computed: ignored
        ],
    )
    import_self_evaluation(application, upload(content), actor=enterprise_user)
    after = answers_of(application)
    assert after["1.1.2"]["score"] == Decimal("2.00")
    assert after["0.4"]["met"] is True
    assert after["6.1.3"]["value"] == Decimal("1.25")
    assert application.self_evaluations.get(indicator__code="3.1.2").value == computed


def _another_application(application, other_enterprise_user):
    return Application.objects.create(
        batch=application.batch, enterprise=other_enterprise_user.enterprise
    )


BAD_CELLS = [
    # (case, change, sheet, row code, column, error code, English message)
    (
        "above max",
        set_cell("1.1.1", "score", 4),
        "1.1.1",
        "I",
        "above_max",
        "Score 4 is above the maximum 3.",
    ),
    ("negative", set_cell("1.1.2", "score", -1), "1.1.2", "I", "negative", "Score -1 is negative."),
    (
        "decimals",
        set_cell("1.1.2", "score", 1.255),
        "1.1.2",
        "I",
        "decimals",
        "Score 1.255 has more than two decimals.",
    ),
    (
        "text in a number",
        set_cell("6.1.1", "value", "约1.6倍"),
        "6.1.1",
        "J",
        "number",
        "“约1.6倍” is not a number.",
    ),
    (
        "maybe",
        set_cell("0.1", "met", "maybe"),
        "0.1",
        "H",
        "yes_no",
        "Enter 是 or 否, not “maybe”.",
    ),
    (
        "formula",
        set_cell("1.1.3", "score", "=1+1"),
        "1.1.3",
        "I",
        "formula",
        "Formulas are not accepted: type the value itself.",
    ),
    (
        "formula in a computed cell",
        set_cell("3.1.2", "value", "=A1*2"),
        "3.1.2",
        "J",
        "formula",
        "Formulas are not accepted: type the value itself.",
    ),
    (
        "unknown code",
        set_cell("1.1.4", "code", "9.9.9"),
        "1.1.4",
        "A",
        "code",
        "There is no indicator 9.9.9 in this system.",
    ),
    (
        "not applicable not allowed",
        set_cell("1.1.1", "not_applicable", "是"),
        "1.1.1",
        "G",
        "not_applicable",
        "1.1.1 cannot be marked not applicable.",
    ),
    (
        "cell that does not apply",
        set_cell("0.2", "score", 1),
        "0.2",
        "I",
        "not_used",
        "This cell does not apply to 0.2: leave it empty.",
    ),
]


@pytest.mark.parametrize(
    ("change", "code", "column", "error_code", "message"),
    [case[1:] for case in BAD_CELLS],
    ids=[case[0] for case in BAD_CELLS],
)
def test_bad_cells_are_refused_with_their_place(
    application, enterprise_user, change, code, column, error_code, message
):
    content = build_self_evaluation_workbook(application)
    row = row_of(content, code)
    bad = edited(content, change)
    before, revision = answers_of(application), application.revision
    with translation.override("en"), pytest.raises(WorkbookErrors) as raised:
        import_self_evaluation(application, upload(bad), actor=enterprise_user)
    [(place, found_code, found_message)] = [
        ((e.sheet, e.row, e.column_letter), e.code, e.message) for e in raised.value.errors
    ]
    assert (place, found_code, found_message) == (("自评表", row, column), error_code, message)
    assert answers_of(application) == before
    assert application.revision == revision


def test_every_problem_is_reported_at_once(application, enterprise_user):
    bad = edited(
        build_self_evaluation_workbook(application),
        lambda workbook, rows: [
            set_cell("1.1.1", "score", 9)(workbook, rows),
            set_cell("0.1", "met", "也许")(workbook, rows),
            set_cell("1.1.2", "score", 1)(workbook, rows),  # valid, but nothing is saved
        ],
    )
    before = answers_of(application)
    with pytest.raises(WorkbookErrors) as raised:
        import_self_evaluation(application, upload(bad), actor=enterprise_user)
    assert [(e.row, e.column_letter, e.code) for e in raised.value.errors] == [
        (row_of(bad, "0.1"), "H", "yes_no"),
        (row_of(bad, "1.1.1"), "I", "above_max"),
    ]
    assert raised.value.messages == [str(e) for e in raised.value.errors]
    assert answers_of(application) == before


def _without_sheet(name):
    def change(workbook, rows):
        workbook[name].title = "Sheet1"

    return change


def test_missing_sheets_are_refused(application, enterprise_user):
    content = build_self_evaluation_workbook(application)
    for name in ("自评表", "meta"):
        before = answers_of(application)
        with pytest.raises(WorkbookErrors) as raised:
            import_self_evaluation(
                application, upload(edited(content, _without_sheet(name))), actor=enterprise_user
            )
        assert [(e.sheet, e.code) for e in raised.value.errors] == [(name, "sheet")]
        assert answers_of(application) == before


def test_a_file_of_another_application_is_refused(
    application, enterprise_user, other_enterprise_user
):
    other = _another_application(application, other_enterprise_user)
    content = build_self_evaluation_workbook(other)
    before = answers_of(application)
    with translation.override("en"), pytest.raises(WorkbookErrors) as raised:
        import_self_evaluation(application, upload(content), actor=enterprise_user)
    assert [(e.sheet, e.code, e.message) for e in raised.value.errors] == [
        (
            "meta",
            "other_application",
            f"This file is the 自评表 of another application ({other.code}).",
        )
    ]
    assert answers_of(application) == before


def test_a_file_of_another_system_version_is_refused(application, enterprise_user):
    def older(workbook, rows):
        workbook["meta"]["B4"] = 2

    with pytest.raises(WorkbookErrors) as raised:
        parse_self_evaluation_workbook(
            application, upload(edited(build_self_evaluation_workbook(application), older))
        )
    assert [e.code for e in raised.value.errors] == ["other_system"]


def test_changed_columns_are_refused(application):
    def insert_column(workbook, rows):
        workbook[excel_layout.SHEET].insert_cols(3)

    with pytest.raises(WorkbookErrors) as raised:
        parse_self_evaluation_workbook(
            application,
            upload(edited(build_self_evaluation_workbook(application), insert_column)),
        )
    assert [(e.row, e.code) for e in raised.value.errors] == [(excel_layout.HEADER_ROW, "columns")]


@pytest.mark.parametrize(
    ("content", "error_code"),
    [
        (b"%PDF-1.7\n" + b"x" * 200, "type"),
        ("指标编码,指标名称\n1.1.1,建筑".encode(), "type"),
        (b"", "empty"),
    ],
    ids=["pdf renamed", "csv renamed", "empty"],
)
def test_files_that_are_not_workbooks_are_refused(
    application, enterprise_user, content, error_code
):
    before = answers_of(application)
    with pytest.raises(WorkbookErrors) as raised:
        import_self_evaluation(application, upload(content), actor=enterprise_user)
    assert [(e.sheet, e.row, e.code) for e in raised.value.errors] == [(None, None, error_code)]
    assert answers_of(application) == before


def test_a_truncated_workbook_is_refused(application, enterprise_user):
    content = build_self_evaluation_workbook(application)
    before = answers_of(application)
    with translation.override("en"), pytest.raises(WorkbookErrors) as raised:
        import_self_evaluation(
            application, upload(content[: len(content) // 2]), actor=enterprise_user
        )
    assert [(e.code, e.message) for e in raised.value.errors] == [
        ("damaged", "The file is damaged or incomplete.")
    ]
    assert answers_of(application) == before


def test_a_workbook_with_broken_xml_is_refused(application):
    content = build_self_evaluation_workbook(application)
    source, target = io.BytesIO(content), io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for entry in old.infolist():
            data = old.read(entry.filename)
            if entry.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            new.writestr(entry, data)
    with pytest.raises(WorkbookErrors) as raised:
        parse_self_evaluation_workbook(application, upload(target.getvalue()))
    assert [e.code for e in raised.value.errors] == ["damaged"]


def test_import_is_refused_when_the_application_cannot_change(application, enterprise_user):
    from greenfactory.applications.domain.transitions import TransitionRefused

    content = build_self_evaluation_workbook(application)
    Application.objects.filter(pk=application.pk).update(state="submitted")
    application.refresh_from_db()
    with pytest.raises(TransitionRefused):
        import_self_evaluation(application, upload(content), actor=enterprise_user)


def test_excel_export_runs_in_the_background(
    application, enterprise_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = request_export(
            "self_evaluation_xlsx",
            actor=enterprise_user,
            params={"application": application.code},
        )
    job.refresh_from_db()
    assert (job.status, job.filename) == (ExportJob.Status.DONE, f"自评表-{NAME}.xlsx")
    with job.file.open("rb") as stored:
        parsed = parse_self_evaluation_workbook(application, upload(stored.read()))
    indicators = application.batch.indicator_system.indicators.exclude(kind="group")
    assert set(parsed) == set(indicators)
