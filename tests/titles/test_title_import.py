"""Importing a provincial or national list: the template, the preview with its matching report
and its errors (sheet, row, column), all-or-nothing, the confirmation that reads the server's
copy again, certificate numbers, the rewards signal, and the cost of a preview."""

import io
from datetime import date, timedelta

import pytest
import time_machine
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import Workbook, load_workbook

from greenfactory.accounts.models import EnterpriseNameChange
from greenfactory.core.models import AuditEvent
from greenfactory.titles.certificates import format_number
from greenfactory.titles.domain.title_import import (
    COLUMNS,
    PREVIEW_SALT,
    STORE_DIR,
    TitleImportRefused,
    import_titles,
    preview_title_import,
)
from greenfactory.titles.enums import TitleLevel, TitleSource, TitleStatus
from greenfactory.titles.models import Title, TitleStatusChange
from greenfactory.titles.signals import title_granted
from tests.factories import EnterpriseFactory, region, valid_uscc

pytestmark = pytest.mark.django_db

HEADER = [
    "统一社会信用代码",
    "企业名称",
    "级别",
    "年份",
    "证书编号/文号",
    "批次/文件名称",
    "发证日期",
    "称号",
]
LIST = "江苏省2024年度绿色工厂名单"


def xlsx(*rows, header=HEADER, more_sheets=(), name="江苏省绿色工厂名单.xlsx"):
    """An upload of a workbook: the first sheet 名单 with ``rows``; ``more_sheets`` as
    ``(title, rows)`` pairs, each with the same header."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "名单"
    for title, sheet_rows in (("名单", rows), *more_sheets):
        if title != "名单":
            sheet = workbook.create_sheet(title)
        sheet.append(header)
        for row in sheet_rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def said(message, **params) -> str:
    """A message as the platform words it (in Chinese, the default language)."""
    with translation.override("zh-hans"):
        params = {key: str(value) for key, value in params.items()}
        return gettext(message) % params if params else gettext(message)


EXPIRED = "This preview has expired or was already imported: upload the file again."


def stored_files():
    try:
        return default_storage.listdir(STORE_DIR)[1]
    except FileNotFoundError:
        return []


def problems(report):
    return [(e.sheet, e.row, e.column_letter, e.code) for e in report.errors]


@pytest.fixture
def registered(db):
    """Three confirmed enterprises of Changzhou, one pending registration."""
    return {
        "wujin": EnterpriseFactory(name="常州武进绿色材料有限公司", district=region("320412")),
        "xinbei": EnterpriseFactory(name="常州新北光伏科技有限公司", district=region("320411")),
        "tianning": EnterpriseFactory(name="常州天宁纺织有限公司", district=region("320402")),
        "pending": EnterpriseFactory(name="常州待确认机械有限公司", status="pending"),
    }


# ---- the template ---------------------------------------------------------------------------


def test_the_template_has_the_columns_and_imports_once_filled(client, city_officer, registered):
    client.force_login(city_officer)
    response = client.get(reverse("titles:title_import_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["名单", "说明"]
    sheet = workbook["名单"]
    assert [cell.value for cell in sheet[1]] == [column.header for column in COLUMNS] == HEADER
    assert sheet["A2"].number_format == "@"
    for column, value in enumerate(
        [registered["wujin"].uscc, registered["wujin"].name, "省级", 2024]
    ):
        sheet.cell(row=2, column=column + 1, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = preview_title_import(
        SimpleUploadedFile("模板.xlsx", buffer.getvalue()), actor=city_officer
    )
    assert report.ok, report.errors
    assert [(row.sheet, row.row, row.enterprise) for row in report.matched] == [
        ("名单", 2, registered["wujin"])
    ]


# ---- the preview ----------------------------------------------------------------------------


def test_the_preview_matches_lists_unmatched_rows_and_imports_nothing(
    client, city_officer, registered
):
    stranger = valid_uscc("320585")
    EnterpriseNameChange.objects.create(
        enterprise=registered["tianning"],
        old_name="常州天宁纺织厂",
        new_name="常州天宁纺织有限公司",
    )
    upload = xlsx(
        [registered["wujin"].uscc, "常州武进绿色材料有限公司", "省级", 2024, "", LIST],
        [registered["xinbei"].uscc.lower(), "常州新北光伏科技（集团）有限公司", "国家级", "2023年"],
        [stranger, "太仓某某有限公司", "省级", 2024],
        [registered["pending"].uscc, registered["pending"].name, "N", 2024],
        [registered["tianning"].uscc, "常州天宁纺织厂", "provincial", 2022.0],
    )
    client.force_login(city_officer)
    response = client.post(reverse("titles:title_import"), {"workbook": upload})
    assert response.status_code == 200
    report = response.context["report"]
    assert report.errors == []
    assert [(r.row, r.enterprise, r.level, r.year) for r in report.matched] == [
        (2, registered["wujin"], "provincial", 2024),
        (3, registered["xinbei"], "national", 2023),
        (6, registered["tianning"], "provincial", 2022),
    ]
    assert [row.warnings for row in report.matched] == [
        [],
        [
            said(
                "The name in the file differs from the registered name %(name)s.",
                name=registered["xinbei"].name,
            )
        ],
        [said("The name in the file is a former name of %(name)s.", name="常州天宁纺织有限公司")],
    ]
    assert [(r.row, r.uscc, r.unmatched_reason) for r in report.unmatched] == [
        (4, stranger, said("Not registered on the platform.")),
        (5, registered["pending"].uscc, said("Registered but not confirmed by its district.")),
    ]
    content = response.content.decode()
    assert stranger in content and "太仓某某有限公司" in content
    assert report.token
    assert not Title.objects.exists()
    assert len(stored_files()) == 1
    # the confirmation form carries the reference to the server's copy, nothing else
    assert list(response.context["confirm_form"].fields) == ["token", "confirmed"]


def test_the_error_report_names_sheet_row_and_column(client, city_officer, registered):
    wujin, xinbei = registered["wujin"], registered["xinbei"]
    bad_check = wujin.uscc[:17] + ("0" if wujin.uscc[17] != "0" else "1")
    Title.objects.create(
        enterprise=xinbei,
        level="national",
        year=2023,
        source=TitleSource.IMPORTED,
        issued_on=date(2023, 1, 1),
        valid_until=date(2025, 12, 31),
    )
    upload = xlsx(
        [wujin.uscc, wujin.name, "省级", 2024],
        [bad_check, wujin.name, "省级", 2024],
        [wujin.uscc, wujin.name, "省级", 2024],
        [registered["tianning"].uscc, "常州天宁纺织有限公司", "区级", 2024],
        [registered["tianning"].uscc, "常州天宁纺织有限公司", "市级", 2024],
        [xinbei.uscc, xinbei.name, "国家级", 2015],
        [xinbei.uscc, xinbei.name, "国家级", 2023],
        [913204121234567890, "数字格式的代码", "省级", 2024],
        [xinbei.uscc, xinbei.name, "省级", 2024, "", "", "2023-05-01"],
        more_sheets=[("第二批", [["", "", "省级", 2024]])],
    )
    client.force_login(city_officer)
    response = client.post(reverse("titles:title_import"), {"workbook": upload})
    assert response.status_code == 400
    report = response.context["report"]
    assert problems(report) == [
        ("名单", 3, "A", "uscc_invalid"),
        ("名单", 5, "C", "level_unknown"),
        ("名单", 6, "C", "level_city"),
        ("名单", 7, "D", "year_range"),
        ("名单", 9, "A", "uscc_number"),
        ("名单", 10, "G", "date_range"),
        ("第二批", 2, "B", "uscc_missing"),
        ("名单", 4, "A", "duplicate"),
    ]
    # lists are cumulative: a title already held is set aside, not an error
    assert [(row.row, row.held) for row in report.held] == [
        (8, said("Already held (%(status)s).", status=TitleStatus.VALID.label))
    ]
    messages = {e.code: e.message for e in report.errors}
    assert messages["uscc_invalid"] == said(
        "“%(code)s” is not a valid credit code: %(problem)s",
        code=bad_check,
        problem=said(
            "The check character is wrong: please compare the code with the business licence."
        ),
    )
    assert messages["duplicate"] == said(
        "%(code)s is listed twice for the %(level)s title of %(year)s (also in %(sheet)s row "
        "%(row)s).",
        code=wujin.uscc,
        level=TitleLevel.PROVINCIAL.label,
        year=2024,
        sheet="名单",
        row=2,
    )
    assert report.token == ""
    assert stored_files() == []
    content = response.content.decode()
    assert said("Nothing has been imported. Correct these cells and upload the file again:") in (
        content
    )
    assert reverse("titles:title_import_confirm") not in content
    assert not Title.objects.filter(source=TitleSource.IMPORTED, year=2024).exists()


def test_one_bad_row_keeps_every_good_row_out(city_officer, registered):
    report = preview_title_import(
        xlsx(
            [registered["wujin"].uscc, registered["wujin"].name, "省级", 2024],
            [registered["xinbei"].uscc, registered["xinbei"].name, "省部级", 2024],
        ),
        actor=city_officer,
    )
    assert problems(report) == [("名单", 3, "C", "level_unknown")]
    assert len(report.matched) == 1 and report.token == ""
    assert not Title.objects.exists()


def test_the_same_enterprise_may_hold_levels_and_years_in_one_file(city_officer, registered):
    code = registered["wujin"].uscc
    report = preview_title_import(
        xlsx(
            [code, registered["wujin"].name, "省级", 2019],
            [code, registered["wujin"].name, "国家级", 2021],
            [code, registered["wujin"].name, "省级", 2023],
        ),
        actor=city_officer,
    )
    assert report.ok and len(report.matched) == 3


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (b"%PDF-1.4\n%%EOF\n", "名单.xlsx", "type"),
        (b"PK\x03\x04 not really a zip", "名单.xlsx", "damaged"),
        (b"", "名单.xlsx", "empty"),
    ],
)
def test_a_file_that_is_no_workbook_is_refused_clearly(city_officer, content, name, code):
    report = preview_title_import(SimpleUploadedFile(name, content), actor=city_officer)
    assert [(e.sheet, e.row, e.code) for e in report.errors] == [(None, None, code)]
    assert stored_files() == []


def test_a_workbook_without_the_columns_is_refused(city_officer):
    report = preview_title_import(xlsx(["x", "y"], header=["编号", "名称"]), actor=city_officer)
    assert [e.code for e in report.errors] == ["header"]
    missing = preview_title_import(
        xlsx([valid_uscc(), "某公司"], header=["统一社会信用代码", "企业名称"]), actor=city_officer
    )
    assert problems(missing) == [("名单", 1, None, "header")]
    assert "级别" in missing.errors[0].message and "年份" in missing.errors[0].message


def test_formulas_are_refused(city_officer, registered):
    report = preview_title_import(
        xlsx([registered["wujin"].uscc, "=A1", "省级", "=2020+4"]), actor=city_officer
    )
    assert problems(report) == [("名单", 2, "B", "formula"), ("名单", 2, "D", "formula")]


def test_the_year_range_ends_this_year(city_officer, registered):
    with time_machine.travel(date(2026, 3, 1)):
        report = preview_title_import(
            xlsx(
                [registered["wujin"].uscc, registered["wujin"].name, "省级", 2026],
                [registered["xinbei"].uscc, registered["xinbei"].name, "省级", 2027],
                [registered["tianning"].uscc, registered["tianning"].name, "省级", 2016],
            ),
            actor=city_officer,
        )
    assert problems(report) == [("名单", 3, "D", "year_range")]
    assert report.errors[0].message == said(
        "The year %(year)s is out of range: %(first)s to %(last)s.",
        year=2027,
        first=2016,
        last=2026,
    )


def test_only_city_officers_preview_and_import(district_officer, enterprise_user, registered):
    for actor in (district_officer, enterprise_user):
        with pytest.raises(PermissionDenied):
            preview_title_import(xlsx([registered["wujin"].uscc, "x", "省级", 2024]), actor=actor)
        with pytest.raises(PermissionDenied):
            import_titles("anything", actor=actor)


# ---- confirming -----------------------------------------------------------------------------


@pytest.fixture
def granted():
    """What the rewards app would receive."""
    received = []

    def receiver(sender, title, actor, **kwargs):
        received.append((sender, title.pk, title.level, actor))

    title_granted.connect(receiver, weak=False)
    yield received
    title_granted.disconnect(receiver)


def test_confirming_imports_the_matched_rows_with_history_audit_and_signal(
    client, city_officer, registered, granted, django_capture_on_commit_callbacks
):
    wujin, xinbei = registered["wujin"], registered["xinbei"]
    client.force_login(city_officer)
    preview = client.post(
        reverse("titles:title_import"),
        {
            "workbook": xlsx(
                [wujin.uscc, wujin.name, "省级", 2024, "苏GF2024-0031", LIST],
                [xinbei.uscc, xinbei.name, "国家级", 2023, "", "", date(2023, 12, 20)],
                [valid_uscc("320585"), "太仓某某有限公司", "省级", 2024],
            )
        },
    )
    token = preview.context["report"].token
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("titles:title_import_confirm"), {"token": token})
    assert response.status_code == 302
    assert response["Location"] == reverse("titles:titles")
    titles = {t.enterprise: t for t in Title.objects.all()}
    assert set(titles) == {wujin, xinbei}
    provincial = titles[wujin]
    assert (
        provincial.level,
        provincial.year,
        provincial.source,
        provincial.status,
        provincial.certificate_number,
        provincial.issued_on,
        provincial.valid_until,
        provincial.batch,
        provincial.created_by,
    ) == (
        "provincial",
        2024,
        TitleSource.IMPORTED,
        TitleStatus.VALID,
        "苏GF2024-0031",
        date(2024, 1, 1),
        None,  # no level sets a re-evaluation period: the title stands until revoked
        None,
        city_officer,
    )
    national = titles[xinbei]
    assert (national.issued_on, national.valid_until, national.certificate_number) == (
        date(2023, 12, 20),
        None,
        None,
    )
    [change] = TitleStatusChange.objects.filter(title=provincial)
    assert (change.from_status, change.to_status, change.reason, change.actor) == (
        "",
        TitleStatus.VALID,
        f"{LIST}；苏GF2024-0031",
        city_officer,
    )
    events = AuditEvent.objects.filter(action="recognition.title.imported")
    assert {e.object_id for e in events} == {provincial.code, national.code}
    summary = AuditEvent.objects.get(action="recognition.titles.imported")
    assert set(summary.changes["titles"]) == {provincial.code, national.code}
    assert len(summary.changes["unmatched"]) == 1
    assert sorted(granted) == sorted(
        [
            (Title, provincial.pk, "provincial", city_officer),
            (Title, national.pk, "national", city_officer),
        ]
    )
    assert stored_files() == []  # the server's copy is gone after the import
    again = client.post(reverse("titles:title_import_confirm"), {"token": token})
    assert again.status_code == 302 and again["Location"] == reverse("titles:title_import")
    assert Title.objects.count() == 2


def test_imported_titles_are_public_and_revocable(client, city_officer, registered):
    wujin = registered["wujin"]
    report = preview_title_import(
        xlsx([wujin.uscc, wujin.name, "国家级", 2024]), actor=city_officer
    )
    [title] = import_titles(report.token, actor=city_officer)
    listed = client.get(reverse("titles:factories"))
    assert [e.pk for e in listed.context["page"].object_list] == [wujin.pk]
    from greenfactory.titles.domain.title_status import revoke_title

    revoke_title(title, actor=city_officer, reason="国家级名单撤销")
    assert list(client.get(reverse("titles:factories")).context["page"].object_list) == []


def test_a_failing_receiver_undoes_the_whole_import(city_officer, registered):
    report = preview_title_import(
        xlsx(
            [registered["wujin"].uscc, registered["wujin"].name, "省级", 2024],
            [registered["xinbei"].uscc, registered["xinbei"].name, "省级", 2024],
        ),
        actor=city_officer,
    )

    def broken(sender, title, actor, **kwargs):
        if title.enterprise == registered["xinbei"]:
            raise RuntimeError("ledger unavailable")

    title_granted.connect(broken, weak=False)
    try:
        with pytest.raises(RuntimeError):
            import_titles(report.token, actor=city_officer)
    finally:
        title_granted.disconnect(broken)
    assert not Title.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="recognition.title").exists()
    assert len(import_titles(report.token, actor=city_officer)) == 2


def test_confirming_checks_the_registry_again(client, city_officer, registered):
    wujin = registered["wujin"]
    report = preview_title_import(xlsx([wujin.uscc, wujin.name, "省级", 2024]), actor=city_officer)
    Title.objects.create(
        enterprise=wujin,
        level="provincial",
        year=2024,
        source=TitleSource.IMPORTED,
        issued_on=date(2024, 1, 1),
        valid_until=date(2026, 12, 31),
    )
    held = "Every title of this file that is on the platform is already held: nothing to import."
    with pytest.raises(TitleImportRefused) as refused:
        import_titles(report.token, actor=city_officer)
    assert str(refused.value) == said(held)
    client.force_login(city_officer)
    response = client.post(
        reverse("titles:title_import_confirm"), {"token": report.token}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [said(held)]
    assert Title.objects.count() == 1


def test_the_browser_cannot_substitute_the_file(city_officer, registered, settings):
    wujin = registered["wujin"]
    report = preview_title_import(xlsx([wujin.uscc, wujin.name, "省级", 2024]), actor=city_officer)
    payload = signing.loads(report.token, salt=PREVIEW_SALT)
    forged = signing.dumps({**payload, "file": "evidence/other.xlsx"}, salt=PREVIEW_SALT)
    for token in ("", "garbage", report.token[:-2] + "xx", forged):
        with pytest.raises(TitleImportRefused) as refused:
            import_titles(token, actor=city_officer)
        assert str(refused.value) == said(EXPIRED)
    with default_storage.open(payload["file"], "wb") as stored:  # changed on the server
        stored.write(xlsx([wujin.uscc, wujin.name, "国家级", 2024]).read())
    with pytest.raises(TitleImportRefused) as refused:
        import_titles(report.token, actor=city_officer)
    assert str(refused.value) == said(EXPIRED)
    assert not Title.objects.exists()


def test_a_preview_belongs_to_its_officer_and_expires(city_officer, registered):
    from tests.factories import UserFactory

    wujin = registered["wujin"]
    colleague = UserFactory(username="city2", role="city_officer", region=region("320400"))
    with time_machine.travel(date(2026, 5, 1)):
        report = preview_title_import(
            xlsx([wujin.uscc, wujin.name, "省级", 2024]), actor=city_officer
        )
        with pytest.raises(TitleImportRefused):
            import_titles(report.token, actor=colleague)
    with time_machine.travel(date(2026, 5, 2)), pytest.raises(TitleImportRefused):
        import_titles(report.token, actor=city_officer)
    assert not Title.objects.exists()


def test_external_numbers_become_certificate_numbers_only_when_they_cannot_collide(
    city_officer, registered
):
    wujin, xinbei, tianning = registered["wujin"], registered["xinbei"], registered["tianning"]
    ours = format_number("320400", 2024, "provincial", 9)
    Title.objects.create(
        enterprise=EnterpriseFactory(),
        level="national",
        year=2022,
        source=TitleSource.IMPORTED,
        certificate_number="工信部2022-001",
        issued_on=date(2022, 1, 1),
        valid_until=date(2024, 12, 31),
    )
    shared = "苏工信节能〔2024〕88号"
    others = [EnterpriseFactory() for _ in range(2)]
    report = preview_title_import(
        xlsx(
            [wujin.uscc, wujin.name, "省级", 2024, shared],
            [xinbei.uscc, xinbei.name, "省级", 2024, shared],
            [tianning.uscc, tianning.name, "省级", 2024, ours],
            [others[0].uscc, others[0].name, "国家级", 2022, "工信部2022-001"],
            [others[1].uscc, others[1].name, "国家级", 2022, "  工信部2022-002 "],
        ),
        actor=city_officer,
    )
    assert report.ok
    numbers = {row.enterprise: (row.certificate_number, row.warnings) for row in report.matched}
    shared_warning = said(
        "“%(number)s” is on %(n)s rows: kept as the list's document number, not as a "
        "certificate number.",
        number=shared,
        n=2,
    )
    assert numbers[wujin] == numbers[xinbei] == (None, [shared_warning])
    assert numbers[tianning] == (
        None,
        [
            said(
                "“%(number)s” has the form of this platform's own certificate numbers: kept "
                "with the history only.",
                number=ours,
            )
        ],
    )
    assert numbers[others[0]] == (
        None,
        [
            said(
                "Another title already has the certificate number “%(number)s”: kept with "
                "the history only.",
                number="工信部2022-001",
            )
        ],
    )
    assert numbers[others[1]] == ("工信部2022-002", [])
    titles = import_titles(report.token, actor=city_officer)
    assert sorted(t.certificate_number or "" for t in titles) == ["", "", "", "", "工信部2022-002"]
    kept = TitleStatusChange.objects.get(title__enterprise=wujin).reason
    assert kept == shared


def test_an_unmatched_only_file_has_nothing_to_confirm(client, city_officer):
    client.force_login(city_officer)
    response = client.post(
        reverse("titles:title_import"),
        {"workbook": xlsx([valid_uscc("320585"), "太仓某某有限公司", "省级", 2024])},
    )
    assert response.status_code == 200
    report = response.context["report"]
    assert report.ok and report.matched == [] and len(report.unmatched) == 1
    assert report.token == ""
    assert reverse("titles:title_import_confirm") not in response.content.decode()


def test_the_upload_form_asks_for_a_file(client, city_officer):
    client.force_login(city_officer)
    response = client.post(reverse("titles:title_import"), {})
    assert response.status_code == 400
    assert response.context["form"].errors["workbook"]


# ---- cost -----------------------------------------------------------------------------------


@pytest.mark.queries
def test_a_preview_costs_the_same_for_1_and_many_rows(client, city_officer):
    client.force_login(city_officer)
    url = reverse("titles:title_import")
    first = EnterpriseFactory()
    with CaptureQueriesContext(connection) as one:
        response = client.post(url, {"workbook": xlsx([first.uscc, first.name, "省级", 2024])})
    assert len(response.context["report"].matched) == 1
    rows = [[e.uscc, e.name, "国家级", 2024] for e in (EnterpriseFactory() for _ in range(30))]
    rows += [[valid_uscc("320585"), "外地企业", "省级", 2024] for _ in range(5)]
    with CaptureQueriesContext(connection) as many:
        response = client.post(url, {"workbook": xlsx(*rows)})
    report = response.context["report"]
    assert (len(report.matched), len(report.unmatched)) == (30, 5)
    assert len(many) == len(one)


def test_a_list_with_only_its_header_is_refused(city_officer):
    report = preview_title_import(xlsx(), actor=city_officer)
    assert [(e.code, e.message) for e in report.errors] == [
        ("empty", said("The list has no rows."))
    ]


def test_abandoned_previews_are_swept_when_the_next_is_stored(city_officer, registered):
    wujin = registered["wujin"]
    preview_title_import(xlsx([wujin.uscc, wujin.name, "省级", 2024]), actor=city_officer)
    [old] = stored_files()  # its time is the file system's, which the test cannot move back
    with time_machine.travel(timezone.now() + timedelta(hours=2, minutes=1)):
        preview_title_import(xlsx([wujin.uscc, wujin.name, "国家级", 2024]), actor=city_officer)
    [new] = stored_files()
    assert new != old
