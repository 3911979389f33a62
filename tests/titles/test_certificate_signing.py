"""Certificates are signed PDFs (PAdES) with the bureau's signing certificate: pyHanko's own
validator accepts them against that certificate; the public verification page checks an uploaded
certificate PDF, refuses anything changed after signing, and shows the registry's answer
(revocation included); ``check --deploy`` warns without a signing pair."""

import io

import pytest
from django.core.checks import run_checks
from django.urls import reverse
from django.utils import timezone, translation
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from greenfactory.titles.domain.certificate_pdf import build_certificate, render_certificate
from greenfactory.titles.domain.certificate_signing import (
    make_self_signed_pair,
    sign_certificate_pdf,
    signing_certificate,
)
from greenfactory.titles.enums import TitleStatus
from greenfactory.titles.models import Title
from tests.factories import EnterpriseFactory
from tests.recognition.designation_helpers import designated_batch

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def bureau_pair(tmp_path_factory):
    """A self-signed pair made at fixture time, as the demo makes its own."""
    folder = tmp_path_factory.mktemp("bureau") / "pair"
    make_self_signed_pair(folder / "key.pem", folder / "cert.pem")
    return folder / "key.pem", folder / "cert.pem"


@pytest.fixture(scope="session")
def stranger_pair(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stranger") / "pair"
    make_self_signed_pair(folder / "key.pem", folder / "cert.pem")
    return folder / "key.pem", folder / "cert.pem"


def use_pair(settings, pair, *, self_signed=True):
    settings.CERTIFICATE_SIGNING_KEY_FILE = str(pair[0])
    settings.CERTIFICATE_SIGNING_CERT_FILE = str(pair[1])
    settings.CERTIFICATE_SIGNING_KEY_PASSPHRASE = ""
    settings.CERTIFICATE_SIGNING_SELF_SIGNED = self_signed


@pytest.fixture
def signed(settings, bureau_pair):
    use_pair(settings, bureau_pair)
    return bureau_pair


@pytest.fixture
def certificate(signed, city_officer):
    """A designated title and its certificate PDF as the task built it."""
    enterprise = EnterpriseFactory(name="常州绿源新材料有限公司")
    _batch, [title] = designated_batch(city_officer, [enterprise])
    build_certificate(title.pk)
    title.refresh_from_db()
    with title.certificate.open("rb") as stored:
        return title, stored.read()


def upload(client, data: bytes, name="certificate.pdf"):
    file = io.BytesIO(data)
    file.name = name
    with translation.override("en"):
        return client.post(
            reverse("titles:verify_file"), {"certificate": file}, HTTP_ACCEPT_LANGUAGE="en"
        )


def page_text(response) -> str:
    return " ".join(response.content.decode().split())


def test_a_built_certificate_validates_with_pyhanko_against_the_bureau_certificate(certificate):
    _title, pdf = certificate
    reader = PdfFileReader(io.BytesIO(pdf))
    [signature] = reader.embedded_signatures
    trust_root = signing_certificate()
    status = validate_pdf_signature(
        signature, ValidationContext(trust_roots=[trust_root], allow_fetching=False)
    )
    assert status.bottom_line
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.signing_cert.dump() == trust_root.dump()
    assert signature.sig_object["/Location"] == "常州市工业和信息化局"
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"


def test_a_genuine_certificate_uploaded_verifies_with_the_registry(client, certificate):
    title, pdf = certificate
    response = upload(client, pdf)
    assert response.status_code == 200
    result = response.context["file_result"]
    assert result.signature.outcome == "genuine"
    assert result.signature.number == title.certificate_number
    assert result.verification.outcome == "valid"
    assert result.same_file
    text = page_text(response)
    assert "The PDF carries the bureau's signature and has not been changed" in text
    assert "This certificate is genuine and the title is in force." in text
    assert "常州绿源新材料有限公司" in text


def test_one_byte_changed_after_signing_is_not_genuine(client, certificate):
    _title, pdf = certificate
    at = pdf.index(b"stream\n") + 100  # a byte of the page's drawn content
    forged = pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]
    assert PdfFileReader(io.BytesIO(forged)).embedded_signatures  # still reads as a PDF
    response = upload(client, forged)
    assert response.status_code == 200
    assert response.context["file_result"].signature.outcome == "changed"
    assert response.context["file_result"].verification is None
    text = page_text(response)
    assert "This PDF was changed after it was signed" in text
    assert "title is in force" not in text


def test_text_added_by_an_incremental_update_is_not_genuine(client, certificate):
    _title, pdf = certificate
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    stamp = writer.add_object(
        generic.StreamObject(stream_data=b"BT /F1 30 Tf 100 100 Td (2030) Tj ET")
    )
    writer.add_stream_to_page(0, stamp)
    out = io.BytesIO()
    writer.write(out)
    response = upload(client, out.getvalue())
    assert response.context["file_result"].signature.outcome == "changed"
    assert "This PDF was changed after it was signed" in page_text(response)


def test_a_genuine_certificate_of_a_revoked_title_shows_revoked(client, certificate):
    title, pdf = certificate
    Title.objects.filter(pk=title.pk).update(
        status=TitleStatus.REVOKED, revoked_on=timezone.localdate()
    )
    response = upload(client, pdf)
    result = response.context["file_result"]
    assert result.signature.genuine
    assert result.verification.outcome == "revoked"
    assert "This title has been revoked: the certificate is no longer valid." in page_text(response)


def test_an_unsigned_pdf_is_not_genuine(client, certificate):
    title, _pdf = certificate
    response = upload(client, render_certificate(title))
    assert response.context["file_result"].signature.outcome == "unsigned"
    assert "This PDF carries no signature" in page_text(response)


def test_a_pdf_signed_with_another_certificate_is_not_genuine(
    client, settings, certificate, stranger_pair, bureau_pair
):
    title, _pdf = certificate
    use_pair(settings, stranger_pair)
    forged = sign_certificate_pdf(render_certificate(title), location="某局")
    use_pair(settings, bureau_pair)
    response = upload(client, forged)
    assert response.context["file_result"].signature.outcome == "not_ours"
    assert "not with the bureau's signing certificate" in page_text(response)


def media_files(settings) -> list:
    from pathlib import Path

    return sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())


def test_a_file_that_is_not_a_pdf_is_refused_at_the_field_and_nothing_is_kept(
    client, settings, signed
):
    before = media_files(settings)
    response = upload(client, b"\x89PNG\r\n\x1a\n" + b"0" * 100 + b"IEND", name="certificate.pdf")
    assert response.status_code == 400
    assert response.context["file_result"] is None
    [error] = response.context["file_form"].errors.as_data()["certificate"]
    assert error.code == "type"
    assert "This kind of file is not accepted. Accepted: PDF." in page_text(response)
    assert media_files(settings) == before


def test_an_oversized_pdf_is_refused_at_the_field_and_nothing_is_kept(
    client, settings, certificate
):
    _title, pdf = certificate
    before = media_files(settings)
    settings.CERTIFICATE_UPLOAD_MAX_BYTES = len(pdf) - 1
    response = upload(client, pdf)
    assert response.status_code == 400
    assert response.context["file_result"] is None
    [error] = response.context["file_form"].errors.as_data()["certificate"]
    assert error.code == "too_big"
    assert "at most" in page_text(response)
    assert media_files(settings) == before


def test_the_page_offers_the_signing_certificate_and_says_it_is_self_signed(
    client, signed, settings
):
    page = client.get(reverse("titles:verify"), HTTP_ACCEPT_LANGUAGE="en")
    assert "self-signed certificate it made itself" in page_text(page)
    pem = client.get(reverse("titles:signing_certificate"))
    assert pem.status_code == 200
    assert pem.content == signed[1].read_bytes()
    assert pem["Content-Disposition"].startswith("attachment")

    settings.CERTIFICATE_SIGNING_SELF_SIGNED = False
    page = client.get(reverse("titles:verify"), HTTP_ACCEPT_LANGUAGE="en")
    assert "self-signed" not in page_text(page)


def test_without_a_pair_certificates_are_unsigned_and_no_certificate_is_offered(
    client, settings, city_officer
):
    settings.CERTIFICATE_SIGNING_KEY_FILE = ""
    settings.CERTIFICATE_SIGNING_CERT_FILE = ""
    settings.CERTIFICATE_SIGNING_SELF_SIGNED = False
    _batch, [title] = designated_batch(city_officer, [EnterpriseFactory()])
    build_certificate(title.pk)
    title.refresh_from_db()
    with title.certificate.open("rb") as stored:
        assert not PdfFileReader(io.BytesIO(stored.read())).embedded_signatures
    assert client.get(reverse("titles:signing_certificate")).status_code == 404


def test_checking_an_upload_reads_the_title_in_one_query(
    client, certificate, django_assert_num_queries
):
    """Five for the rate limit's counter in the database cache, one for the title."""
    _title, pdf = certificate
    with django_assert_num_queries(6):
        assert upload(client, pdf).status_code == 200


def signing_warnings():
    return [m.id for m in run_checks(include_deployment_checks=True) if m.id == "greenfactory.W006"]


def test_the_deploy_check_warns_without_a_signing_pair(settings, bureau_pair):
    settings.CERTIFICATE_SIGNING_KEY_FILE = ""
    settings.CERTIFICATE_SIGNING_CERT_FILE = ""
    settings.CERTIFICATE_SIGNING_SELF_SIGNED = False
    assert signing_warnings() == ["greenfactory.W006"]
    use_pair(settings, bureau_pair, self_signed=True)
    assert signing_warnings() == ["greenfactory.W006"]
    use_pair(settings, bureau_pair, self_signed=False)
    assert signing_warnings() == []
    settings.CERTIFICATE_SIGNING_CERT_FILE = str(bureau_pair[1]) + ".missing"
    assert signing_warnings() == ["greenfactory.W006"]
    assert not [m for m in run_checks() if m.id == "greenfactory.W006"]


def test_a_broken_pdf_is_answered_not_genuine(client, signed):
    response = upload(client, b"%PDF-1.4\ngarbage\n%%EOF\n")
    assert response.status_code == 200
    assert response.context["file_result"].signature.outcome == "unreadable"
    assert "This file cannot be read as a PDF certificate." in page_text(response)
