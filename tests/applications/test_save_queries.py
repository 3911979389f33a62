"""What a section save and an evidence upload cost the database's writers (decisions §81): the
queries of the request, the statements run while the application's write lock is held, and
the file stored before that lock is taken. The requests are sent as the deadline bench sends
them: the page's own form, read from the page, posted back with one entry changed."""

from urllib.parse import urlencode

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from greenfactory.applications.models import EvidenceFile, SelfEvaluation
from greenfactory.bench.benchmarks.deadline_users import FormFields
from greenfactory.core.models import AuditEvent
from greenfactory.demo.applications import sample_pdf
from tests.factories import BatchFactory, DraftApplicationFactory, shipped_system

pytestmark = [pytest.mark.django_db, pytest.mark.queries]


@pytest.fixture
def application(enterprise_user):
    batch = BatchFactory(indicator_system=shipped_system(2018))
    return DraftApplicationFactory(batch=batch, enterprise=enterprise_user.enterprise)


def url(name, application):
    return reverse(f"applications:{name}", kwargs={"code": application.code})


def page_fields(client, path) -> list[tuple[str, str]]:
    response = client.get(path)
    assert response.status_code == 200
    parser = FormFields()
    parser.feed(response.content.decode())
    return parser.fields


def post_page(client, path, fields):
    return client.generic(
        "POST", path, urlencode(fields).encode(), content_type="application/x-www-form-urlencoded"
    )


def locked(queries) -> list[str]:
    """The statements of the domain function's transaction: in a test, the outermost
    ``transaction.atomic`` of the save is the first savepoint (BEGIN IMMEDIATE in production),
    held until its release."""
    sql = [q["sql"] for q in queries]
    start = next(i for i, s in enumerate(sql) if s.startswith("SAVEPOINT"))
    name = sql[start].split()[1]
    end = sql.index(f"RELEASE SAVEPOINT {name}")
    return sql[start + 1 : end]


def test_a_form_save_as_the_bench_sends_it(client, enterprise_user, application):
    client.force_login(enterprise_user)
    path = url("application_form", application)
    fields = [(k, "绿色产品 1" if k == "products" else v) for k, v in page_fields(client, path)]
    post_page(client, path, fields)  # the accident rule's answer is written once
    fields = [(k, "绿色产品 2" if k == "products" else v) for k, v in page_fields(client, path)]
    with CaptureQueriesContext(connection) as queries:
        response = post_page(client, path, fields)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.products == "绿色产品 2"
    assert AuditEvent.objects.filter(action="applications.application.form_saved").count() == 2
    # The session with its user, the application, then the transaction and its statements:
    # a valid save never shows the certifications it replaces, so the form does not read
    # them (§105). The batch's accident rule comes from its kept indicators (its system is
    # frozen), not from a query. The audit entry takes no savepoint of its own (§102).
    assert len(queries) == 11
    assert [
        q["sql"].split()[0]
        for q in queries.captured_queries
        if '"applications_certification"' in q["sql"]
    ] == ["DELETE"]
    assert not [q for q in queries.captured_queries if 'FROM "programme_indicator"' in q["sql"]]
    # Under the lock: the application read again, written once (with its revision), the
    # accident rule's answer read (unchanged: not written), the certifications no longer
    # listed removed, then the audit entry: the chain's head read, the entry written, the head
    # moved.
    assert [s.split()[0] for s in locked(queries.captured_queries)] == [
        "SELECT",
        "UPDATE",
        "SELECT",
        "DELETE",
        "SELECT",
        "INSERT",
        "UPDATE",
    ]


def test_the_locked_read_joins_nothing(client, enterprise_user, application):
    client.force_login(enterprise_user)
    path = url("application_form", application)
    fields = [(k, "A" if k == "products" else v) for k, v in page_fields(client, path)]
    with CaptureQueriesContext(connection) as queries:
        post_page(client, path, fields)
    first = locked(queries.captured_queries)[0]
    assert first.startswith('SELECT "applications_application"')
    assert " JOIN " not in first


def test_a_stale_form_save_is_still_refused(client, enterprise_user, application):
    client.force_login(enterprise_user)
    path = url("application_form", application)
    fields = page_fields(client, path)
    post_page(client, path, [(k, "A" if k == "products" else v) for k, v in fields])
    response = post_page(client, path, [(k, "B" if k == "products" else v) for k, v in fields])
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.products == "A"


def test_an_upload_as_the_bench_sends_it(client, enterprise_user, application):
    client.force_login(enterprise_user)
    path = url("evidence", application)
    page_fields(client, path)
    upload = SimpleUploadedFile("evidence.pdf", sample_pdf(), content_type="application/pdf")
    with CaptureQueriesContext(connection) as queries:
        response = client.post(path, {"file": upload, "kind": "evidence", "indicator": ""})
    assert response.status_code == 302
    stored = EvidenceFile.objects.get()
    assert stored.version == application.version
    assert default_storage.exists(stored.file.name)
    # The session with its user, the application, then the transaction and its statements
    # (the audit entry without a savepoint of its own, decisions §102).
    assert len(queries) == 11
    assert [s.split()[0] for s in locked(queries.captured_queries)] == [
        "SELECT",
        "SELECT",
        "INSERT",
        "UPDATE",
        "SELECT",
        "INSERT",
        "UPDATE",
    ]


def test_the_file_is_stored_before_the_lock(client, enterprise_user, application, monkeypatch):
    client.force_login(enterprise_user)
    depth = []
    save = default_storage._save

    def watched(name, content):
        # In a test the outermost atomic is the test's own; the save's transaction would be
        # a savepoint on top of it.
        depth.append(len(connection.savepoint_ids))
        return save(name, content)

    monkeypatch.setattr(default_storage, "_save", watched)
    upload = SimpleUploadedFile("evidence.pdf", sample_pdf(), content_type="application/pdf")
    response = client.post(url("evidence", application), {"file": upload, "kind": "evidence"})
    assert response.status_code == 302
    assert depth == [0]


@pytest.fixture
def built_labels(monkeypatch):
    """The indicators whose option label the evidence form builds, in order."""
    from greenfactory.applications import forms

    built = []
    label = forms._indicator_label
    monkeypatch.setattr(forms, "_indicator_label", lambda i: built.append(i) or label(i))
    return built


def test_an_upload_builds_the_indicator_options_only_to_show_them(
    client, enterprise_user, application, built_labels
):
    client.force_login(enterprise_user)
    path = url("evidence", application)
    built = built_labels
    indicator = application.batch.indicator_system.indicators.exclude(kind="group").first()
    upload = SimpleUploadedFile("evidence.pdf", sample_pdf(), content_type="application/pdf")
    response = client.post(path, {"file": upload, "kind": "evidence", "indicator": indicator.pk})
    assert response.status_code == 302
    assert EvidenceFile.objects.get().indicator == indicator
    assert built == []  # the upload succeeded: nothing shown, no option built
    page = client.get(path).content.decode()
    assert f'<option value="{indicator.pk}">{indicator.code} ' in page
    assert len(built) == application.batch.indicator_system.indicators.exclude(kind="group").count()
    # A foreign indicator is still refused, and the page shown again lists the options.
    built.clear()
    upload = SimpleUploadedFile("evidence.pdf", sample_pdf(), content_type="application/pdf")
    response = client.post(path, {"file": upload, "kind": "evidence", "indicator": 10**9})
    assert response.status_code == 400
    assert built


def test_a_refused_upload_leaves_no_file(client, enterprise_user, application, settings):
    settings.UPLOAD_MAX_APPLICATION_BYTES = 100
    client.force_login(enterprise_user)
    upload = SimpleUploadedFile("evidence.pdf", sample_pdf(), content_type="application/pdf")
    response = client.post(url("evidence", application), {"file": upload, "kind": "evidence"})
    assert response.status_code == 400
    assert not EvidenceFile.objects.exists()
    folder = f"evidence/{application.code}"
    assert not default_storage.exists(folder) or default_storage.listdir(folder)[1] == []


def _rows_written(queries) -> int:
    return sum(
        1
        for q in queries.captured_queries
        if q["sql"].startswith(
            ('UPDATE "applications_selfevaluation"', 'INSERT INTO "applications_selfevaluation"')
        )
    )


def test_a_self_evaluation_save_writes_only_the_changed_row(client, enterprise_user, application):
    client.force_login(enterprise_user)
    path = url("self_evaluation", application)
    post_page(client, path, page_fields(client, path))  # every row exists from here on
    fields = page_fields(client, path)
    explanation = next(k for k, _v in fields if k.startswith("explanation_"))
    changed = [(k, "说明" if k == explanation else v) for k, v in fields]
    with CaptureQueriesContext(connection) as queries:
        response = post_page(client, path, changed)
    assert response.status_code == 302
    assert _rows_written(queries) == 1
    indicator = int(explanation.removeprefix("explanation_"))
    assert (
        SelfEvaluation.objects.get(application=application, indicator_id=indicator).explanation
        == "说明"
    )
    entry = AuditEvent.objects.filter(action="applications.self_evaluation.saved").last()
    assert list(entry.changes) == [
        SelfEvaluation.objects.get(application=application, indicator_id=indicator).indicator.code
    ]


def test_a_performance_save_rewrites_no_unchanged_computed_value(
    client, enterprise_user, application
):
    client.force_login(enterprise_user)
    path = url("performance", application)
    fields = [(k, "120" if k == "employees" else v) for k, v in page_fields(client, path)]
    post_page(client, path, fields)
    computed = dict(
        SelfEvaluation.objects.filter(application=application, value_is_computed=True).values_list(
            "indicator_id", "value"
        )
    )
    assert computed
    with CaptureQueriesContext(connection) as queries:
        response = post_page(client, path, page_fields(client, path))
    assert response.status_code == 302
    assert _rows_written(queries) == 0
    assert computed == dict(
        SelfEvaluation.objects.filter(application=application, value_is_computed=True).values_list(
            "indicator_id", "value"
        )
    )


def _upload_form(page: str) -> str:
    """The upload form's fields (its token, masked afresh for each page, left out)."""
    start = page.index('<form method="post" enctype="multipart/form-data">')
    start = page.index(">", page.index('name="csrfmiddlewaretoken"', start)) + 1
    return page[start : page.index("</form>", start)]


def test_the_empty_upload_form_is_kept_per_batch_wording_and_language(
    client, enterprise_user, application, built_labels
):
    from django.core.cache import cache

    from greenfactory.programme.models import Batch

    client.force_login(enterprise_user)
    path = url("evidence", application)
    built = built_labels
    first = client.get(path).content.decode()
    assert built
    built.clear()
    again = client.get(path).content.decode()
    assert built == []  # kept: no option built again
    assert _upload_form(again) == _upload_form(first)
    cache.clear()
    assert _upload_form(client.get(path).content.decode()) == _upload_form(first)
    # Another wording of the batch's accident rule, or another language, is another entry.
    Batch.objects.filter(pk=application.batch_id).update(
        accident_gate="0.2", accident_grade="serious"
    )
    built.clear()
    client.get(path)
    assert built
    built.clear()
    english = client.get(path, headers={"accept-language": "en"}).content.decode()
    assert built and 'name="indicator"' in _upload_form(english)
    # A refused upload shows its own form with its errors, never the kept one.
    upload = SimpleUploadedFile("evidence.pdf", b"not a pdf", content_type="application/pdf")
    refused = client.post(path, {"file": upload, "kind": "evidence"})
    assert refused.status_code == 400
    assert 'class="error"' in _upload_form(refused.content.decode())


def test_the_form_shows_the_stored_certifications_and_a_save_keeps_what_was_posted(
    client, enterprise_user, application
):
    import datetime

    from greenfactory.applications.models import Certification

    Certification.objects.create(
        application=application,
        kind="qms",
        certificate_no="QMS-1",
        issuer="某认证中心",
        expires_on=datetime.date(2028, 5, 31),
    )
    client.force_login(enterprise_user)
    path = url("application_form", application)
    fields = dict(page_fields(client, path))
    assert (fields["cert_qms_no"], fields["cert_qms_issuer"]) == ("QMS-1", "某认证中心")
    assert fields["cert_qms_expires"] == "2028-05-31"
    assert fields["cert_ems_no"] == "" and fields["cert_ems_expires"] == ""
    # A refused save shows the page again with what was posted.
    posted = {**fields, "cert_ems_no": "EMS-9", "employees": "-5"}
    refused = post_page(client, path, list(posted.items()))
    assert refused.status_code == 200
    shown = FormFields()
    shown.feed(refused.content.decode())
    assert dict(shown.fields)["cert_ems_no"] == "EMS-9"
    assert dict(shown.fields)["cert_qms_no"] == "QMS-1"
    # A valid save writes what was posted.
    posted["employees"] = "120"
    assert post_page(client, path, list(posted.items())).status_code == 302
    assert dict(application.certifications.values_list("kind", "certificate_no")) == {
        "qms": "QMS-1",
        "ems": "EMS-9",
    }
