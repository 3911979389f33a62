import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from greenfactory.core.domain.audit import record_event
from greenfactory.core.domain.exports import safe_cell
from greenfactory.core.models import ExportJob
from tests.sheets import assert_print_ready, table, totals

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("常州", "常州"),
        (12, 12),
        (None, None),
    ],
)
def test_formula_injection_is_escaped(value, expected):
    assert safe_cell(value) == expected


def test_audit_export_runs_in_the_background_and_downloads(
    client, audit_admin, enterprise_user, django_capture_on_commit_callbacks
):
    record_event("tests.first", actor=enterprise_user, obj=enterprise_user.enterprise)
    record_event("other.second", actor=enterprise_user)
    forged = record_event("tests.third", username='=HYPERLINK("x")')
    client.force_login(audit_admin)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("core:audit_export"), {"action": "tests."})
    assert response.status_code == 302
    assert len(callbacks) == 1
    job = ExportJob.objects.get()
    assert (job.status, job.row_count) == (ExportJob.Status.DONE, 2)
    download = client.get(reverse("core:export_download", args=[job.code]))
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert (
        "filename*=utf-8''%E5%AE%A1%E8%AE%A1%E6%97%A5%E5%BF%97-"
        in (download["Content-Disposition"])
    )  # 审计日志-…
    assert job.filename.startswith("审计日志-")
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.title == "审计日志"
    assert_print_ready(
        sheet, title="平台审计日志", issuer="常州市工业和信息化局", filters="操作 tests."
    )
    rows = table(sheet)
    assert rows[0][:6] == ("序号", "时间", "用户名", "角色", "IP地址", "操作")
    assert [row[5] for row in rows[1:]] == ["tests.third", "tests.first"]
    assert rows[1][2] == "'" + forged.actor_username
    assert totals(sheet) is None


def test_another_user_cannot_download_an_export(client, audit_admin, security_admin):
    job = ExportJob.objects.create(
        kind="audit_log", requested_by=audit_admin, status=ExportJob.Status.DONE
    )
    client.force_login(security_admin)
    assert client.get(reverse("core:export_download", args=[job.code])).status_code == 404


def test_audit_list_filters(client, audit_admin, enterprise_user):
    record_event("accounts.login", actor=enterprise_user)
    record_event("accounts.enterprise.updated", actor=enterprise_user)
    client.force_login(audit_admin)
    response = client.get(reverse("core:audit_list"), {"action": "accounts.enterprise"})
    assert [event.action for event in response.context["page"]] == ["accounts.enterprise.updated"]
    response = client.get(reverse("core:audit_list"), {"date_from": "not-a-date"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_audit_list_shows_role_labels_and_changes(client, audit_admin, district_officer):
    record_event(
        "accounts.enterprise.confirmed",
        actor=district_officer,
        changes={"status": ["pending", "confirmed"]},
    )
    client.force_login(audit_admin)
    html = client.get(reverse("core:audit_list")).content.decode()
    assert "辖市区工信局工作人员" in html
    assert "status: pending → confirmed" in html
