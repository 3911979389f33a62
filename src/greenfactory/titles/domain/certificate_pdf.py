"""The certificate (证书) of a designated title as a PDF, with a QR code for verification.

The certificate is an official Chinese document, so its text is Chinese whatever the user's
language. The issuing bureau is named after the batch's region (常州市 → 常州市工业和信息化局),
so another city running the platform gets its own name. The QR code carries the platform's
public verification address of the certificate number (``PLATFORM_URL`` + the verify URL), so
anyone scanning it reaches the live status of the title, revocations included.

Right after WeasyPrint renders it, in the same task, the PDF is signed with the bureau's signing
certificate (``certificate_signing``), so that it can also be checked offline.
"""

import hashlib
import logging

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from greenfactory.core.domain.audit import record_event
from greenfactory.core.spreadsheets import bureau_name

from ..models import Title
from .certificate_signing import sign_certificate_pdf

TEMPLATE = "titles/certificate.html"
LANGUAGE = "zh-hans"
log = logging.getLogger(__name__)


def verification_url(number: str) -> str:
    """The absolute address the QR code of a certificate points to."""
    return settings.PLATFORM_URL + reverse("titles:verify_number", args=[number])


def issuing_authority(region) -> str:
    """The bureau that issues the region's titles: 常州市 → 常州市工业和信息化局."""
    return bureau_name(region)


def title_heading(title: Title) -> str:
    """常州市绿色工厂, 常州市近零碳工厂, 省级绿色工厂, …: the programme's name of the title and
    its grade (``Title.proper_name``, decisions §72, §78)."""
    return title.proper_name


def chinese_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def qr_data_uri(url: str) -> str:
    """An SVG QR code of ``url`` as a data URI (error correction M: survives a worn print)."""
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=2)


def certificate_context(title: Title) -> dict:
    url = verification_url(title.certificate_number)
    return {
        "title": title,
        "heading": title_heading(title),
        "enterprise_name": title.enterprise.name,
        "issuer": issuing_authority(title.batch.region),
        "issued_on": chinese_date(title.issued_on),
        "valid_from": chinese_date(title.issued_on),
        "valid_until": chinese_date(title.valid_until) if title.valid_until else "",
        "verify_url": url,
        "qr": qr_data_uri(url),
    }


def render_certificate(title: Title) -> bytes:
    """The certificate PDF (A4 landscape). Writes nothing."""
    from weasyprint import HTML  # noqa: PLC0415 -- weasyprint is slow to import

    with translation.override(LANGUAGE):
        html = render_to_string(TEMPLATE, certificate_context(title))
    return HTML(string=html, base_url=None).write_pdf()


def build_certificate(title_id: int) -> bool:
    """Render, sign and keep a title's certificate unless it already has one; True if built.

    Side effects: the PDF in storage with its sha256 and generation time; an audit entry. The
    title row is locked while the PDF is built, so two tasks never build the same certificate.
    """
    with transaction.atomic():
        title = (
            Title.objects.select_for_update(of=("self",))
            .select_related("enterprise", "batch__region")
            .get(pk=title_id)
        )
        if title.certificate or not title.certificate_number or title.batch_id is None:
            return False
        pdf = sign_certificate_pdf(
            render_certificate(title), location=issuing_authority(title.batch.region)
        )
        digest = hashlib.sha256(pdf).hexdigest()
        title.certificate.save(f"{title.certificate_number}.pdf", ContentFile(pdf), save=False)
        title.certificate_sha256 = digest
        title.certificate_generated_at = timezone.now()
        title.save(update_fields=["certificate", "certificate_sha256", "certificate_generated_at"])
        record_event(
            "recognition.certificate.generated",
            obj=title,
            changes={"certificate_number": title.certificate_number, "sha256": digest},
        )
    return True


def build_missing_certificates(batch_id: int) -> tuple[int, list[int]]:
    """Build every missing certificate of a batch; one failure does not stop the others.
    Returns (how many were built, ids of the titles that failed)."""
    built, failed = 0, []
    pending = Title.objects.filter(batch_id=batch_id, certificate="").order_by("pk")
    for title_id in pending.values_list("pk", flat=True):
        try:
            built += build_certificate(title_id)
        except Exception:  # recorded and reported; the remaining certificates still get built
            log.exception("certificate of title %s could not be built", title_id)
            failed.append(title_id)
    return built, failed
