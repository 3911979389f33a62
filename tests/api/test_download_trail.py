"""The stored files handed out by ``core.downloads.stored_attachment``, page and API alike: who
gets the certificate, the audit record and an audit photo, who gets 404, and the audit entry a
traced download leaves (an untraced one leaves none)."""

from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from greenfactory.core.models import AuditEvent
from greenfactory.reviews.models import AuditPhoto, SiteAudit
from greenfactory.titles.domain.titles import certificate_filename
from greenfactory.titles.models import Title

from .conftest import officer_of_another_city

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def title(api_objects):
    return Title.objects.get(code=api_objects["kwargs"]["title"]["code"])


@pytest.fixture
def audit(api_objects):
    return SiteAudit.objects.get(code=api_objects["kwargs"]["audit"]["code"])


def page_get(client, url_name, user, **kwargs):
    client.force_login(user)
    return client.get(reverse(url_name, kwargs=kwargs))


def api_get(client, url_name, user, bearer, **kwargs):
    return client.get(reverse(f"api:{url_name}", kwargs=kwargs), **bearer(user))


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@dataclass(frozen=True)
class Traced:
    """A traced download: its page and API URL names, the row it hands out (a fixture), the
    field holding the file, the audit action, and who gets it / who gets 404."""

    page: str
    api: str
    row: str
    field: str
    action: str
    object_type: str
    readers: tuple
    outsiders: tuple
    name: object


TRACED = {
    "certificate": Traced(
        "titles:certificate",
        "title_certificate",
        "title",
        "certificate",
        "titles.certificate.downloaded",
        "titles.title",
        ("city_officer", "enterprise_user"),
        ("other_enterprise_user", "district_officer", "agency_user"),
        certificate_filename,
    ),
    "audit record": Traced(
        "reviews:audit_record",
        "audit_record",
        "audit",
        "record",
        "reviews.audit_record.downloaded",
        "reviews.siteaudit",
        ("enterprise_user", "city_officer", "district_officer"),
        ("other_enterprise_user", "agency_user"),
        lambda audit: f"现场审核记录-{audit.application.enterprise.name}.pdf",
    ),
}
CASES = [
    pytest.param(kind, where, id=f"{kind}-{where}") for kind in TRACED for where in ("page", "api")
]


def get_traced(request, client, bearer, kind, where, user):
    traced = TRACED[kind]
    row = request.getfixturevalue(traced.row)
    if where == "page":
        return row, page_get(client, traced.page, user, code=row.code)
    return row, api_get(client, traced.api, user, bearer, code=row.code)


@pytest.mark.parametrize(("kind", "where"), CASES)
def test_a_traced_file_goes_to_its_readers_with_an_entry(request, client, bearer, kind, where):
    traced = TRACED[kind]
    for persona in traced.readers:
        user = request.getfixturevalue(persona)
        row, response = get_traced(request, client, bearer, kind, where, user)
        assert response.status_code == 200, persona
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment;")
        assert body(response).startswith(b"%PDF")
        event = AuditEvent.objects.filter(action=traced.action).first()
        assert (event.actor, event.object_type, event.object_id) == (
            user,
            traced.object_type,
            row.code,
        )
        assert event.changes == {"file": traced.name(row)}
    assert AuditEvent.objects.filter(action=traced.action).count() == len(traced.readers)


@pytest.mark.parametrize(("kind", "where"), CASES)
def test_others_get_404_and_leave_no_entry(request, client, bearer, kind, where):
    traced = TRACED[kind]
    for user in [request.getfixturevalue(p) for p in traced.outsiders] + [
        officer_of_another_city()
    ]:
        _, response = get_traced(request, client, bearer, kind, where, user)
        assert response.status_code == 404, user.username
    assert not AuditEvent.objects.filter(action=traced.action).exists()


@pytest.mark.parametrize(("kind", "where"), CASES)
def test_no_file_yet_is_404_and_no_entry(request, client, bearer, kind, where):
    traced = TRACED[kind]
    row = request.getfixturevalue(traced.row)
    getattr(row, traced.field).delete(save=True)
    user = request.getfixturevalue(traced.readers[0])
    _, response = get_traced(request, client, bearer, kind, where, user)
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=traced.action).exists()


@pytest.fixture
def photo(audit, city_officer):
    item = AuditPhoto(
        audit=audit,
        original_name="车间照片.png",
        content_type="image/png",
        sha256="0" * 64,
        uploaded_by=city_officer,
    )
    item.file.save("photo.png", ContentFile(PNG), save=True)
    return item


@pytest.mark.parametrize("persona", ["enterprise_user", "city_officer", "assigned_expert"])
def test_an_audit_photo_goes_to_who_sees_the_audit_untraced(request, client, audit, photo, persona):
    response = page_get(
        client,
        "reviews:audit_photo_download",
        request.getfixturevalue(persona),
        code=audit.code,
        photo_code=photo.code,
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment;" in response["Content-Disposition"]
    assert body(response) == PNG
    assert not AuditEvent.objects.filter(action__endswith="downloaded").exists()


def test_an_audit_photo_is_not_found_outside_the_audit(client, audit, photo, other_enterprise_user):
    response = page_get(
        client,
        "reviews:audit_photo_download",
        other_enterprise_user,
        code=audit.code,
        photo_code=photo.code,
    )
    assert response.status_code == 404
