"""The stored files handed out by ``core.downloads.stored_attachment``, page and API alike: who
gets the certificate, the audit record and an audit photo, who gets 404, and the audit entry a
traced download leaves (an untraced one leaves none)."""

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


def fetch(client, bearer, where, page_name, api_name, user, **kwargs):
    if where == "page":
        return page_get(client, page_name, user, **kwargs)
    return api_get(client, api_name, user, bearer, **kwargs)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("where", ["page", "api"])
@pytest.mark.parametrize("persona", ["city_officer", "enterprise_user"])
def test_the_certificate_is_handed_over_and_traced(request, client, bearer, title, where, persona):
    user = request.getfixturevalue(persona)
    response = fetch(
        client, bearer, where, "titles:certificate", "title_certificate", user, code=title.code
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert body(response).startswith(b"%PDF")
    event = AuditEvent.objects.get(action="titles.certificate.downloaded")
    assert (event.actor, event.object_type, event.object_id) == (user, "titles.title", title.code)
    assert event.changes == {"file": certificate_filename(title)}


@pytest.mark.parametrize("where", ["page", "api"])
@pytest.mark.parametrize("persona", ["other_enterprise_user", "district_officer", "agency_user"])
def test_others_get_no_certificate_and_leave_no_trace(
    request, client, bearer, title, where, persona
):
    user = request.getfixturevalue(persona)
    response = fetch(
        client, bearer, where, "titles:certificate", "title_certificate", user, code=title.code
    )
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="titles.certificate.downloaded").exists()


@pytest.mark.parametrize("where", ["page", "api"])
def test_no_certificate_before_it_is_generated(client, bearer, title, city_officer, where):
    title.certificate.delete(save=True)
    response = fetch(
        client,
        bearer,
        where,
        "titles:certificate",
        "title_certificate",
        city_officer,
        code=title.code,
    )
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="titles.certificate.downloaded").exists()


@pytest.mark.parametrize("where", ["page", "api"])
@pytest.mark.parametrize("persona", ["enterprise_user", "city_officer", "district_officer"])
def test_the_audit_record_is_handed_over_and_traced(request, client, bearer, audit, where, persona):
    user = request.getfixturevalue(persona)
    response = fetch(
        client, bearer, where, "reviews:audit_record", "audit_record", user, code=audit.code
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body(response).startswith(b"%PDF")
    event = AuditEvent.objects.get(action="reviews.audit_record.downloaded")
    assert (event.actor, event.object_type, event.object_id) == (
        user,
        "reviews.siteaudit",
        audit.code,
    )
    name = f"现场审核记录-{audit.application.enterprise.name}.pdf"
    assert event.changes == {"file": name}


@pytest.mark.parametrize("where", ["page", "api"])
def test_outsiders_get_no_audit_record_and_leave_no_trace(
    client, bearer, audit, other_enterprise_user, where
):
    for user in (other_enterprise_user, officer_of_another_city()):
        response = fetch(
            client, bearer, where, "reviews:audit_record", "audit_record", user, code=audit.code
        )
        assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="reviews.audit_record.downloaded").exists()


@pytest.mark.parametrize("where", ["page", "api"])
def test_no_audit_record_before_it_is_produced(client, bearer, audit, enterprise_user, where):
    audit.record.delete(save=True)
    response = fetch(
        client,
        bearer,
        where,
        "reviews:audit_record",
        "audit_record",
        enterprise_user,
        code=audit.code,
    )
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="reviews.audit_record.downloaded").exists()


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
