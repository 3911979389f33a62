import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from greenfactory.core.models import ExportJob
from tests.factories import BatchFactory, DraftApplicationFactory, shipped_system

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(enterprise_user):
    batch = BatchFactory(indicator_system=shipped_system(2018))
    return DraftApplicationFactory(batch=batch, enterprise=enterprise_user.enterprise, filled=True)


@pytest.mark.parametrize(
    ("kind", "magic"),
    [("self_report_pdf", b"%PDF"), ("self_report_docx", b"PK"), ("self_evaluation_xlsx", b"PK")],
)
def test_documents_are_built_in_the_background_and_downloaded(
    client, application, enterprise_user, django_capture_on_commit_callbacks, kind, magic
):
    client.force_login(enterprise_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("applications:document_request", args=[application.code, kind])
        )
    assert response.status_code == 302
    job = ExportJob.objects.get(kind=kind)
    assert job.status == ExportJob.Status.DONE
    page = client.get(response["Location"])
    assert job.filename in page.content.decode()
    download = client.get(reverse("core:export_download", args=[job.code]))
    assert b"".join(download.streaming_content).startswith(magic)


def test_unknown_document_kind_is_404(client, application, enterprise_user):
    client.force_login(enterprise_user)
    response = client.post(
        reverse("applications:document_request", args=[application.code, "audit_log"])
    )
    assert response.status_code == 404


def test_import_reports_every_bad_cell_and_saves_nothing(client, application, enterprise_user):
    from greenfactory.applications.domain.excel import build_self_evaluation_workbook

    workbook = load_workbook(io.BytesIO(build_self_evaluation_workbook(application)))
    sheet = workbook["自评表"]
    # find the first row with a numeric self score and break it twice
    header_row = next(
        row[0].row for row in sheet.iter_rows() if any(c.value == "自评得分" for c in row)
    )
    score_col = next(c.column for c in sheet[header_row] if c.value == "自评得分")
    rows = [
        r
        for r in range(header_row + 1, sheet.max_row + 1)
        if isinstance(sheet.cell(r, score_col).value, (int, float))
    ]
    sheet.cell(rows[0], score_col).value = "很多"
    sheet.cell(rows[1], score_col).value = 999
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = list(application.self_evaluations.order_by("pk").values_list("score", flat=True))
    client.force_login(enterprise_user)
    response = client.post(
        reverse("applications:self_evaluation_import", args=[application.code]),
        {"workbook": SimpleUploadedFile("自评表.xlsx", buffer.getvalue())},
    )
    assert response.status_code == 400
    assert len(response.context["errors"]) == 2
    after = list(application.self_evaluations.order_by("pk").values_list("score", flat=True))
    assert after == before


def test_import_without_a_file_says_so(client, application, enterprise_user):
    client.force_login(enterprise_user)
    response = client.post(
        reverse("applications:self_evaluation_import", args=[application.code]), follow=True
    )
    assert response.status_code == 200
    assert len(list(response.context["messages"])) == 1
