"""Evidence through the API: the evidence page's form, upload checks and domain functions."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from greenfactory.applications.models import EvidenceFile
from greenfactory.core.models import AuditEvent
from greenfactory.programme.enums import IndicatorKind

from .conftest import PDF, evidence_of
from .test_queries import one_and_many

pytestmark = pytest.mark.django_db


def upload(client, application, headers, **fields):
    url = reverse("api:evidence_list", kwargs={"code": application.code})
    return client.post(url, fields, **headers)


def test_an_upload_is_checked_stored_and_audited(client, api_objects, enterprise_user, bearer):
    draft = api_objects["draft"]
    gate = draft.batch.indicator_system.indicators.filter(kind=IndicatorKind.GATE).first()
    response = upload(
        client,
        draft,
        bearer(enterprise_user),
        file=SimpleUploadedFile("能源计量器具台账.pdf", PDF),
        kind="evidence",
        indicator=gate.code,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    stored = EvidenceFile.objects.get(code=body["code"])
    assert body | {"uploaded_at": None} == {
        "code": stored.code,
        "indicator": gate.code,
        "kind": "evidence",
        "name": "能源计量器具台账.pdf",
        "content_type": "application/pdf",
        "size": len(PDF),
        "sha256": stored.sha256,
        "uploaded_at": None,
        "version": 1,
    }
    assert len(stored.sha256) == 64 and stored.uploaded_by == enterprise_user
    event = AuditEvent.objects.get(action="applications.evidence.added")
    assert event.actor == enterprise_user and event.changes["sha256"] == stored.sha256
    download = client.get(
        reverse("api:evidence_item", kwargs={"code": draft.code, "file_code": stored.code}),
        **bearer(enterprise_user),
    )
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"MZ\x90\x00 an executable", "不支持该文件类型"),
        ("empty.pdf", b"", "空"),
        ("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "PNG"),
        ("cut.pdf", b"%PDF-1.4 half of a document", "不完整"),
    ],
)
def test_a_file_the_page_refuses_is_refused_with_its_message(
    client, api_objects, enterprise_user, bearer, name, content, message
):
    draft = api_objects["draft"]
    before = EvidenceFile.objects.count()
    response = upload(
        client,
        draft,
        bearer(enterprise_user),
        file=SimpleUploadedFile(name, content),
        kind="evidence",
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid" and list(body["detail"]) == ["file"]
    assert message in "".join(body["detail"]["file"])
    assert EvidenceFile.objects.count() == before


def test_a_file_above_the_size_limit_is_refused(
    client, api_objects, enterprise_user, bearer, settings
):
    settings.UPLOAD_MAX_FILE_BYTES = 100
    response = upload(
        client,
        api_objects["draft"],
        bearer(enterprise_user),
        file=SimpleUploadedFile("big.pdf", PDF * 3),
        kind="evidence",
    )
    assert response.status_code == 400
    assert "不能超过100" in response.json()["detail"]["file"][0]


@pytest.mark.parametrize(
    ("fields", "code", "detail"),
    [
        ({"kind": "evidence", "colour": "red"}, "unknown_field", {"fields": ["colour"]}),
        ({"kind": "poem"}, "invalid", ["kind"]),
        ({"kind": "evidence", "indicator": "Z9.9"}, "invalid", ["indicator"]),
        ({}, "invalid", ["kind"]),
    ],
)
def test_bad_fields_are_refused_with_the_documented_code(
    client, api_objects, enterprise_user, bearer, fields, code, detail
):
    draft = api_objects["draft"]
    before = EvidenceFile.objects.count()
    response = upload(
        client, draft, bearer(enterprise_user), file=SimpleUploadedFile("a.pdf", PDF), **fields
    )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == code
    got = response.json()["detail"]
    assert got == detail if isinstance(detail, dict) else list(got) == detail
    assert EvidenceFile.objects.count() == before


def test_an_empty_indicator_means_none(client, api_objects, enterprise_user, bearer):
    response = upload(
        client,
        api_objects["draft"],
        bearer(enterprise_user),
        file=SimpleUploadedFile("a.pdf", PDF),
        kind="evidence",
        indicator="",
    )
    assert response.status_code == 201 and response.json()["indicator"] is None


def test_a_json_body_is_not_an_upload(client, api_objects, enterprise_user, bearer):
    url = reverse("api:evidence_list", kwargs={"code": api_objects["draft"].code})
    response = client.post(
        url, {"kind": "evidence"}, content_type="application/json", **bearer(enterprise_user)
    )
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_a_submitted_applications_files_stay(client, api_objects, enterprise_user, bearer):
    submitted = api_objects["submitted"]
    kwargs = api_objects["kwargs"]["submitted_file"]
    headers = bearer(enterprise_user)
    delete = client.delete(reverse("api:evidence_item", kwargs=kwargs), **headers)
    # The enterprise prepares it (who); a submitted one is closed (when): 409, with the reason.
    assert (delete.status_code, delete.json()["code"]) == (409, "refused")
    added = upload(
        client, submitted, headers, file=SimpleUploadedFile("a.pdf", PDF), kind="evidence"
    )
    assert (added.status_code, added.json()["code"]) == (409, "refused")
    assert submitted.evidence_files.count() == 1


def test_a_file_is_removed_through_the_pages_function(client, api_objects, agency_user, bearer):
    kwargs = api_objects["kwargs"]["draft_file"]
    response = client.delete(reverse("api:evidence_item", kwargs=kwargs), **bearer(agency_user))
    assert response.status_code == 204
    assert not EvidenceFile.objects.filter(code=kwargs["file_code"]).exists()
    event = AuditEvent.objects.get(action="applications.evidence.removed")
    assert event.actor == agency_user


def test_another_enterprises_files_are_not_found(
    client, api_objects, other_enterprise_user, district_officer, bearer
):
    draft_file = api_objects["kwargs"]["draft_file"]
    submitted_file = api_objects["kwargs"]["submitted_file"]
    for user, kwargs in (
        (other_enterprise_user, submitted_file),
        (other_enterprise_user, draft_file),
        (district_officer, draft_file),
    ):
        headers = bearer(user)
        url = reverse("api:evidence_item", kwargs=kwargs)
        assert client.get(url, **headers).status_code == 404
        assert client.delete(url, **headers).status_code == 404
    # A file's code under another application is not found either.
    crossed = {"code": submitted_file["code"], "file_code": draft_file["file_code"]}
    response = client.get(reverse("api:evidence_item", kwargs=crossed), **bearer(district_officer))
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert EvidenceFile.objects.count() == 2


@pytest.mark.queries
def test_the_list_costs_the_same_for_one_file_and_many(
    client, api_objects, city_officer, django_assert_num_queries
):
    submitted = api_objects["submitted"]
    submitted.evidence_files.all().delete()
    client.force_login(city_officer)
    url = reverse("api:evidence_list", kwargs={"code": submitted.code})
    gate = submitted.batch.indicator_system.indicators.filter(kind=IndicatorKind.GATE).first()

    def add(n):
        item = evidence_of(submitted, f"材料{n}.pdf")
        EvidenceFile.objects.filter(pk=item.pk).update(indicator=gate)

    client.get(url)  # the session's first request writes its start
    one_and_many(client, url, add, django_assert_num_queries)
