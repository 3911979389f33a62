"""Files attached to the bureau's announcements: uploaded and removed by a city officer while the
announcement is a draft, checked by content, size, count and the virus scanner, listed on the
public page and downloadable by anyone once it is published (rows for the global matrix)."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from greenfactory.accounts.enums import Role
from greenfactory.accounts.models import Region
from greenfactory.core.models import AuditEvent
from greenfactory.outreach.domain.announcements import (
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    AnnouncementRefused,
    add_announcement_attachment,
    create_announcement,
    publish_announcement,
    remove_announcement_attachment,
)
from greenfactory.outreach.models import Announcement, AnnouncementAttachment
from tests.core.test_scanning import EICAR, fake_clamav  # noqa: F401  (the fixture)
from tests.factories import UserFactory, region

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def pdf(name="申报通知.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx(name="申报书模板.docx"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/msword")


def draft_of(officer, title="关于组织申报2026年度绿色工厂的通知"):
    return create_announcement(actor=officer, title=title, body="各辖市区工业和信息化主管部门：……")


def other_city_officer():
    suzhou = Region.objects.create(
        code="320500", name="苏州市", level="city", parent=region("320000")
    )
    return UserFactory(username="suzhou", role=Role.CITY_OFFICER, region=suzhou)


# ---- the domain functions -----------------------------------------------------------------


def test_files_are_attached_to_a_draft_and_removed_with_audit_entries(
    city_officer, django_capture_on_commit_callbacks
):
    draft = draft_of(city_officer)
    first = add_announcement_attachment(draft, actor=city_officer, upload=pdf())
    second = add_announcement_attachment(draft, actor=city_officer, upload=docx())
    assert [(f.original_name, f.content_type) for f in draft.attachments.all()] == [
        ("申报通知.pdf", "application/pdf"),
        (
            "申报书模板.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ]
    assert first.uploaded_by == city_officer and first.size == len(PDF_BYTES)
    stored = first.file.name
    assert stored.startswith(f"announcements/{draft.code}/")
    assert "申报通知" not in stored and not stored.endswith(".pdf")
    assert first.file.read() == PDF_BYTES
    first.file.close()

    with pytest.raises(PermissionDenied):
        remove_announcement_attachment(second, actor=other_city_officer())
    with django_capture_on_commit_callbacks(execute=True):
        remove_announcement_attachment(first, actor=city_officer)
    assert list(draft.attachments.all()) == [second]
    assert not default_storage.exists(stored)
    events = AuditEvent.objects.filter(action__startswith="recognition.announcement.file")
    assert [(e.action, e.changes["file"]) for e in events.order_by("seq")] == [
        ("recognition.announcement.file_added", "申报通知.pdf"),
        ("recognition.announcement.file_added", "申报书模板.docx"),
        ("recognition.announcement.file_removed", "申报通知.pdf"),
    ]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (pdf("通知.pdf", b"just some text, not a PDF"), "不支持该文件类型"),
        (
            SimpleUploadedFile("通知.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 40 + b"IEND"),
            "但实际文件类型为PNG",
        ),
        (pdf("通知.pdf", b"%PDF-1.4\n" + b"0" * 100), "文件不完整"),
        (SimpleUploadedFile("宣传片.mp4", b"\x00\x00\x00\x18ftypmp42"), "不支持该文件类型"),
    ],
)
def test_a_file_of_the_wrong_content_is_refused(city_officer, upload, message):
    draft = draft_of(city_officer)
    with pytest.raises(ValidationError, match=message):
        add_announcement_attachment(draft, actor=city_officer, upload=upload)
    assert not AnnouncementAttachment.objects.exists()


def test_an_infected_file_is_refused_by_the_scanner(city_officer, fake_clamav):  # noqa: F811
    draft = draft_of(city_officer)
    infected = pdf("名单.pdf", b"%PDF-1.4\n% " + EICAR + b"\n%%EOF\n")
    with pytest.raises(ValidationError) as refused:
        add_announcement_attachment(draft, actor=city_officer, upload=infected)
    assert refused.value.code == "infected"
    assert not AnnouncementAttachment.objects.exists()
    assert AuditEvent.objects.filter(action="core.upload.infected", actor=city_officer).exists()
    add_announcement_attachment(draft, actor=city_officer, upload=pdf())
    assert draft.attachments.count() == 1


def test_the_count_is_limited_and_a_published_announcement_keeps_its_files(city_officer):
    draft = draft_of(city_officer)
    for n in range(MAX_ATTACHMENTS):
        add_announcement_attachment(draft, actor=city_officer, upload=pdf(f"附件{n}.pdf"))
    with translation.override("en"), pytest.raises(AnnouncementRefused, match="at most 10 files"):
        add_announcement_attachment(draft, actor=city_officer, upload=pdf("多余.pdf"))
    assert draft.attachments.count() == MAX_ATTACHMENTS
    publish_announcement(draft, actor=city_officer)
    with translation.override("en"):
        with pytest.raises(AnnouncementRefused, match="has been published"):
            add_announcement_attachment(draft, actor=city_officer, upload=pdf())
        with pytest.raises(AnnouncementRefused, match="has been published"):
            remove_announcement_attachment(draft.attachments.first(), actor=city_officer)
    assert draft.attachments.count() == MAX_ATTACHMENTS


def test_only_city_officers_of_the_region_attach_files(city_officer, district_officer):
    draft = draft_of(city_officer)
    for outsider in (district_officer, other_city_officer()):
        with pytest.raises(PermissionDenied):
            add_announcement_attachment(draft, actor=outsider, upload=pdf())
    assert not AnnouncementAttachment.objects.exists()


# ---- the pages ----------------------------------------------------------------------------


def test_the_officer_uploads_on_the_announcement_page(client, city_officer):
    client.force_login(city_officer)
    response = client.post(
        reverse("outreach:announcements"),
        {"title": "关于公布2025年度绿色工厂名单的通知", "body": "经企业申报、……现予公布。"},
    )
    draft = Announcement.objects.get()
    page = reverse("outreach:announcement_manage", args=[draft.code])
    assert response["Location"] == page
    assert client.post(page, {"file": pdf("名单.pdf")}).status_code == 302
    content = client.get(page).content.decode()
    assert "名单.pdf" in content
    item = draft.attachments.get()
    check = client.get(reverse("outreach:announcement_file_check", args=[draft.code, item.code]))
    assert b"".join(check.streaming_content) == PDF_BYTES
    remove = reverse("outreach:announcement_file_remove", args=[draft.code, item.code])
    assert client.post(remove).status_code == 302
    assert not draft.attachments.exists()


def test_a_bad_file_is_reported_on_the_page_and_the_draft_is_unchanged(client, city_officer):
    draft = draft_of(city_officer)
    add_announcement_attachment(draft, actor=city_officer, upload=pdf("已有附件.pdf"))
    client.force_login(city_officer)
    page = reverse("outreach:announcement_manage", args=[draft.code])
    response = client.post(page, {"file": pdf("名单.pdf", b"PK\x03\x04 broken")})
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == ["文件已损坏或不完整。"]
    content = response.content.decode()
    assert "文件已损坏或不完整。" in content and "已有附件.pdf" in content
    assert [f.original_name for f in draft.attachments.all()] == ["已有附件.pdf"]


def test_a_file_over_the_size_limit_is_refused_on_the_page(client, city_officer):
    draft = draft_of(city_officer)
    client.force_login(city_officer)
    too_big = PDF_BYTES[:-6] + b"0" * (MAX_ATTACHMENT_BYTES - len(PDF_BYTES) + 1) + b"%%EOF\n"
    assert len(too_big) == MAX_ATTACHMENT_BYTES + 1
    response = client.post(
        reverse("outreach:announcement_manage", args=[draft.code]),
        {"file": pdf("政策汇编.pdf", too_big)},
    )
    assert response.status_code == 400
    [message] = response.context["form"].errors["file"]
    assert message == "文件大小为20.0\xa0MB，不能超过20.0\xa0MB。"
    assert message in response.content.decode()
    assert not AnnouncementAttachment.objects.exists()


def test_a_draft_s_files_are_not_public(client, city_officer):
    draft = draft_of(city_officer)
    item = add_announcement_attachment(draft, actor=city_officer, upload=pdf())
    url = reverse("outreach:announcement_file", args=[draft.code, item.code])
    assert client.get(url).status_code == 404
    client.force_login(city_officer)
    assert client.get(url).status_code == 404
    publish_announcement(draft, actor=city_officer)
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        "filename*=utf-8''%E7%94%B3%E6%8A%A5%E9%80%9A%E7%9F%A5.pdf"
        in (response["Content-Disposition"])
    )
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_file_of_another_announcement_is_not_found(client, city_officer):
    one = publish_announcement(draft_of(city_officer, "一"), actor=city_officer)
    other = draft_of(city_officer, "二")
    item = add_announcement_attachment(other, actor=city_officer, upload=pdf())
    publish_announcement(other, actor=city_officer)
    url = reverse("outreach:announcement_file", args=[one.code, item.code])
    assert client.get(url).status_code == 404


def test_another_city_s_officer_does_not_find_the_announcement(client, city_officer):
    draft = draft_of(city_officer)
    item = add_announcement_attachment(draft, actor=city_officer, upload=pdf())
    client.force_login(other_city_officer())
    for name, method, args in [
        ("outreach:announcement_manage", "get", [draft.code]),
        ("outreach:announcement_manage", "post", [draft.code]),
        ("outreach:announcement_file_check", "get", [draft.code, item.code]),
        ("outreach:announcement_file_remove", "post", [draft.code, item.code]),
    ]:
        assert getattr(client, method)(reverse(name, args=args)).status_code == 404, name
    assert draft.attachments.count() == 1


@pytest.mark.queries
def test_the_public_page_lists_the_files_at_a_constant_cost(
    client, city_officer, django_assert_num_queries
):
    one = draft_of(city_officer, title="一个附件的通知")
    add_announcement_attachment(one, actor=city_officer, upload=pdf("附件1.pdf"))
    publish_announcement(one, actor=city_officer)
    many = draft_of(city_officer, title="多个附件的通知")
    for n in range(1, 6):
        add_announcement_attachment(many, actor=city_officer, upload=pdf(f"附件{n}.pdf"))
    add_announcement_attachment(many, actor=city_officer, upload=docx())
    publish_announcement(many, actor=city_officer)
    with django_assert_num_queries(2):
        response = client.get(reverse("outreach:announcement", args=[one.code]))
    assert [f.original_name for f in response.context["files"]] == ["附件1.pdf"]
    with django_assert_num_queries(2):
        response = client.get(reverse("outreach:announcement", args=[many.code]))
    content = response.content.decode()
    assert len(response.context["files"]) == 6
    for file in response.context["files"]:
        assert reverse("outreach:announcement_file", args=[many.code, file.code]) in content
        assert file.original_name in content


@pytest.mark.queries
def test_the_officer_s_pages_cost_the_same_for_1_and_many_files(
    client, city_officer, django_assert_num_queries
):
    draft = draft_of(city_officer)
    add_announcement_attachment(draft, actor=city_officer, upload=pdf())
    client.force_login(city_officer)
    page = reverse("outreach:announcement_manage", args=[draft.code])
    listing = reverse("outreach:announcements")
    with CaptureQueriesContext(connection) as manage_one:
        response = client.get(page)
    assert len(response.context["files"]) == 1
    with CaptureQueriesContext(connection) as listing_one:
        response = client.get(listing)
    assert [a.attachment_count for a in response.context["page"]] == [1]
    for n in range(4):
        add_announcement_attachment(draft, actor=city_officer, upload=pdf(f"附件{n}.pdf"))
    other = draft_of(city_officer, title="另一则通知")
    add_announcement_attachment(other, actor=city_officer, upload=docx())
    with django_assert_num_queries(len(manage_one)):
        response = client.get(page)
    assert len(response.context["files"]) == 5
    with django_assert_num_queries(len(listing_one)):
        response = client.get(listing)
    assert sorted(a.attachment_count for a in response.context["page"]) == [1, 5]
