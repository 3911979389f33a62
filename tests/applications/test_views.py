"""The application pages, per role, with bad input and autosave."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from greenfactory.applications.domain.drafts import add_evidence, start_application
from greenfactory.applications.enums import ApplicationState
from greenfactory.applications.models import EvidenceFile
from greenfactory.demo.applications import sample_pdf
from greenfactory.programme.enums import IndicatorKind
from tests.factories import (
    BatchFactory,
    DraftApplicationFactory,
    SubmittedApplicationFactory,
    fill_rows,
    shipped_system,
)
from tests.factories.applications import TINY_PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch():
    return BatchFactory(indicator_system=shipped_system(2018))


@pytest.fixture
def application(batch, enterprise_user):
    return DraftApplicationFactory(batch=batch, enterprise=enterprise_user.enterprise)


def url(name, application, **kwargs):
    return reverse(f"applications:{name}", kwargs={"code": application.code, **kwargs})


def test_enterprise_starts_from_the_list(client, batch, enterprise_user):
    client.force_login(enterprise_user)
    page = client.get(reverse("applications:application_list"))
    assert batch.title in page.content.decode()
    response = client.post(reverse("applications:application_start", args=[batch.code]))
    assert response.status_code == 302
    again = client.post(reverse("applications:application_start", args=[batch.code]), follow=True)
    assert "已有" in again.content.decode() or "already" in again.content.decode()


def test_self_evaluation_autosave_returns_running_totals(client, application, enterprise_user):
    client.force_login(enterprise_user)
    indicator = application.batch.indicator_system.indicators.filter(
        kind=IndicatorKind.QUALITATIVE
    ).first()
    data = {
        "revision": application.revision,
        f"score_{indicator.pk}": "1.5",
        f"explanation_{indicator.pk}": "说明",
    }
    if indicator.is_required:
        data[f"met_{indicator.pk}"] = "yes"
    response = client.post(url("self_evaluation", application), data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="score-totals"' in html
    assert 'hx-swap-oob="true"' in html
    assert "1.50" in html
    row = application.self_evaluations.get(indicator=indicator)
    assert row.score == 1.5


def test_score_above_maximum_is_refused_and_nothing_saved(client, application, enterprise_user):
    client.force_login(enterprise_user)
    indicator = application.batch.indicator_system.indicators.filter(
        kind=IndicatorKind.QUALITATIVE
    ).first()
    for bad in [str(indicator.max_points + 1), "-1", "abc"]:
        response = client.post(
            url("self_evaluation", application),
            {"revision": application.revision, f"score_{indicator.pk}": bad},
        )
        assert response.status_code == 200
        assert response.context["form"].errors
    assert not application.self_evaluations.exists()


def test_a_stale_autosave_is_refused_with_a_message(client, application, enterprise_user):
    client.force_login(enterprise_user)
    old = application.revision
    client.post(url("application_form", application), {"revision": old, "products": "A"})
    response = client.post(
        url("application_form", application),
        {"revision": old, "products": "B"},
        HTTP_HX_REQUEST="true",
    )
    application.refresh_from_db()
    assert application.products == "A"
    assert "保存" in response.content.decode() or "saved" in response.content.decode()


def test_computed_values_cannot_be_typed(client, enterprise_user):
    batch = BatchFactory(indicator_system=shipped_system(2025))
    application = start_application(batch, actor=enterprise_user)
    computed = batch.indicator_system.indicators.exclude(formula="").first()
    client.force_login(enterprise_user)
    client.post(
        url("self_evaluation", application),
        {"revision": application.revision, f"value_{computed.pk}": "0.0001"},
    )
    assert not application.self_evaluations.filter(indicator=computed, value=0.0001).exists()


def test_performance_page_computes_and_warns(client, application, enterprise_user):
    client.force_login(enterprise_user)
    year = application.batch.year - 1
    response = client.post(
        url("performance_year", application, year=year),
        {
            "revision": application.revision,
            "energy_electricity": "1000000",
            "output_quantity": "0.001",
            "output_unit": "t",
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "122.9000" in html  # tce
    assert "implausible" in html or "不合理" in html or "核对" in html


def test_performance_rejects_text_and_negative_numbers(client, application, enterprise_user):
    client.force_login(enterprise_user)
    year = application.batch.year - 1
    response = client.post(
        url("performance_year", application, year=year),
        {"revision": application.revision, "energy_electricity": "-5", "water_intake_m3": "abc"},
    )
    errors = response.context["form"].errors
    assert set(errors) == {"energy_electricity", "water_intake_m3"}
    assert not application.performance_years.exists()


def test_year_outside_the_three_years_is_404(client, application, enterprise_user):
    client.force_login(enterprise_user)
    response = client.get(url("performance_year", application, year=application.batch.year))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"MZ\x90\x00 an executable", "不支持该文件类型"),
        ("empty.pdf", b"", "空"),
        ("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "PNG"),
        ("../../etc/passwd.pdf", b"%PDF-1.4 x\n%%EOF\n", None),
        ("bad\x00name\x07.pdf", b"%PDF-1.4 x\n%%EOF\n", None),
        ("cut.pdf", b"%PDF-1.4 half of a document", "不完整"),
    ],
)
def test_evidence_upload_checks_content(
    client, application, enterprise_user, name, content, message
):
    client.force_login(enterprise_user)
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = client.post(url("evidence", application), {"file": upload, "kind": "evidence"})
    if message is None:
        assert response.status_code == 302
        stored = EvidenceFile.objects.get()
        assert "/" not in stored.original_name and "\x00" not in stored.original_name
        assert stored.file.name.startswith(f"evidence/{application.code}/")
        assert stored.original_name not in stored.file.name
    else:
        assert response.status_code == 400
        assert message in response.content.decode()
        assert not EvidenceFile.objects.exists()


def test_oversized_file_is_refused(client, application, enterprise_user, settings):
    settings.UPLOAD_MAX_FILE_BYTES = 1000
    client.force_login(enterprise_user)
    upload = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 2000)
    response = client.post(url("evidence", application), {"file": upload, "kind": "evidence"})
    assert response.status_code == 400
    assert not EvidenceFile.objects.exists()


def test_zip_bomb_docx_is_refused(client, application, enterprise_user, settings):
    import io
    import zipfile

    settings.UPLOAD_MAX_UNPACKED_BYTES = 10_000_000
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "0" * 50_000_000)
    client.force_login(enterprise_user)
    upload = SimpleUploadedFile("bomb.docx", buffer.getvalue())
    response = client.post(url("evidence", application), {"file": upload, "kind": "evidence"})
    assert response.status_code == 400
    assert not EvidenceFile.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("enterprise_user", 200),
        ("agency_user", 200),
        ("district_officer", 200),
        ("city_officer", 200),
        ("other_enterprise_user", 404),
        ("other_district_officer", 404),
        ("unassigned_expert", 404),
        ("audit_admin", 404),
    ],
)
def test_evidence_download_per_role(request, client, enterprise_user, persona, status):
    application = SubmittedApplicationFactory(enterprise=enterprise_user.enterprise)
    item = application.evidence_files.first()
    client.force_login(request.getfixturevalue(persona))
    response = client.get(url("evidence_download", application, file_code=item.code))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == TINY_PDF
    response.close()


def test_officers_do_not_see_unsubmitted_drafts(client, application, district_officer):
    client.force_login(district_officer)
    assert client.get(url("application_detail", application)).status_code == 404


def test_submit_from_the_page_lists_reasons(client, application, enterprise_user):
    client.force_login(enterprise_user)
    response = client.post(url("application_submit", application), follow=True)
    assert len(list(response.context["messages"])) > 5
    application.refresh_from_db()
    assert application.state == ApplicationState.DRAFT


def test_complete_application_submits_from_the_page(client, application, enterprise_user):
    fill_rows(application)
    client.force_login(enterprise_user)
    client.post(url("application_submit", application))
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    # A submitted application is closed: the enterprise is told so, not refused with 403.
    response = client.post(url("application_form", application), {"revision": 0}, follow=True)
    assert [str(m) for m in response.context["messages"]][-1] == (
        gettext("The application is “%(state)s” and can no longer be changed.")
        % {"state": application.get_state_display()}
    )


@pytest.mark.queries
def test_self_evaluation_page_query_count_does_not_grow(client, application, enterprise_user):
    client.force_login(enterprise_user)
    page = url("self_evaluation", application)
    client.get(page)  # the batch's indicators are read once and kept
    with CaptureQueriesContext(connection) as empty:
        client.get(page)
    fill_rows(application)
    with CaptureQueriesContext(connection) as full:
        client.get(page)
    assert len(full) == len(empty)


@pytest.mark.queries
def test_evidence_page_query_count_does_not_grow(client, application, enterprise_user):
    client.force_login(enterprise_user)
    page = url("evidence", application)
    add_evidence(
        application, actor=enterprise_user, upload=SimpleUploadedFile("a.pdf", sample_pdf())
    )
    client.get(page)  # the batch's indicators are read once and kept
    with CaptureQueriesContext(connection) as one:
        client.get(page)
    fill_rows(application)
    with CaptureQueriesContext(connection) as many:
        shown = client.get(page).content.decode()
    assert application.evidence_files.count() > 5
    for file in application.evidence_files.all():  # each row's links, reversed once per page
        args = [application.code, file.code]
        assert f'<a href="{reverse("applications:evidence_download", args=args)}">' in shown
        assert f'action="{reverse("applications:evidence_remove", args=args)}"' in shown
    assert len(many) == len(one)
    # The upload form's indicator options come from the kept list, not from a query.
    assert not [q for q in one.captured_queries if 'FROM "programme_indicator"' in q["sql"]]
    # The list reads the columns it shows: not the uploader's account nor the indicator's texts.
    (files,) = [
        q["sql"] for q in many.captured_queries if 'FROM "applications_evidencefile"' in q["sql"]
    ]
    assert '"accounts_user"."password"' not in files and '"accounts_user"."username"' in files
    assert (
        '"programme_indicator"."guidance"' not in files and '"programme_indicator"."code"' in files
    )
    assert '"applications_evidencefile"."sha256"' not in files


def test_officers_do_not_see_withdrawn_drafts(
    client, application, enterprise_user, district_officer
):
    from greenfactory.applications.domain.submission import withdraw_application

    withdraw_application(application, actor=enterprise_user)
    client.force_login(district_officer)
    assert client.get(url("application_detail", application)).status_code == 404


@pytest.mark.queries
def test_overview_query_count_does_not_grow_with_its_history(
    client, application, enterprise_user, city_officer
):
    from greenfactory.applications.models import StatusChange

    client.force_login(enterprise_user)
    page = url("application_detail", application)
    client.get(page)  # what the page keeps is kept
    with CaptureQueriesContext(connection) as short:
        client.get(page)
    StatusChange.objects.bulk_create(
        StatusChange(
            application=application,
            from_state="draft",
            to_state="draft",
            actor=actor,
            reason=f"第{n}次",
        )
        for n, actor in enumerate([enterprise_user, city_officer, None, enterprise_user])
    )
    with CaptureQueriesContext(connection) as long:
        response = client.get(page)
    assert all(f"第{n}次" in response.content.decode() for n in range(4))
    assert len(long) == len(short)
