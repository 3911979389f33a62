"""The certificate PDF: its Chinese text, one A4 landscape page, and a QR code that decodes to
the platform's verification address of its number."""

import pypdfium2 as pdfium
import pytest
import zxingcpp
from django.urls import reverse

from greenfactory.accounts.enums import RegionLevel
from greenfactory.accounts.models import Region
from greenfactory.titles.domain.certificate_pdf import render_certificate
from greenfactory.titles.models import Title
from tests.factories import EnterpriseFactory, UserFactory, region
from tests.recognition.designation_helpers import designated_batch, notice_for, ranked_batch

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    return "".join(page.get_textpage().get_text_range() for page in document)


def flat(text: str) -> str:
    """The text without line breaks and spaces (the PDF wraps and spaces letters)."""
    return "".join(text.split())


def qr_texts(pdf: bytes) -> list[str]:
    page = pdfium.PdfDocument(pdf)[0]
    image = page.render(scale=3).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_certificate_text_page_and_qr(settings, city_officer, time_machine):
    time_machine.move_to("2026-12-01 10:00 +08:00")
    settings.PLATFORM_URL = "https://gf.example.gov.cn"
    enterprise = EnterpriseFactory(name="常州绿源新材料有限公司")
    _batch, [title] = designated_batch(city_officer, [enterprise])

    pdf = render_certificate(Title.objects.get(pk=title.pk))

    document = pdfium.PdfDocument(pdf)
    assert len(document) == 1
    width, height = document[0].get_size()
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (297, 210)
    text = pdf_text(pdf)
    assert text.splitlines()[0] == "常州市绿色工厂"
    for expected in (
        "证书",
        "常州绿源新材料有限公司",
        "2026年度",
        title.certificate_number,
        "实行动态管理，撤销前有效",
        "常州市工业和信息化局",
    ):
        assert expected in flat(text), expected
    url = "https://gf.example.gov.cn" + reverse(
        "titles:verify_number", args=[title.certificate_number]
    )
    assert qr_texts(pdf) == [url]


def test_another_city_issues_under_its_own_name(db):
    suzhou = Region.objects.create(
        code="320500",
        name="苏州市",
        name_en="Suzhou",
        level=RegionLevel.CITY,
        parent=region("320000"),
    )
    district = Region.objects.create(
        code="320506", name="吴中区", level=RegionLevel.DISTRICT, parent=suzhou
    )
    officer = UserFactory(role="city_officer", region=suzhou)
    batch = ranked_batch(region=suzhou)
    notice_for(batch, [EnterpriseFactory(name="苏州吴中精密制造有限公司", district=district)])
    from greenfactory.recognition.domain.designation import designate_batch

    [title] = designate_batch(batch, actor=officer)
    assert title.certificate_number.startswith("GF320500-2026-C0001-")
    text = flat(pdf_text(render_certificate(Title.objects.get(pk=title.pk))))
    assert "苏州市绿色工厂" in text
    assert "苏州市工业和信息化局" in text
    assert "常州" not in text


def test_pdf_is_stored_with_its_digest(city_officer, django_capture_on_commit_callbacks):
    import hashlib

    with django_capture_on_commit_callbacks(execute=True):
        _batch, [title] = designated_batch(city_officer, [EnterpriseFactory()])
    title.refresh_from_db()
    with title.certificate.open("rb") as stored:
        content = stored.read()
    assert content.startswith(b"%PDF")
    assert hashlib.sha256(content).hexdigest() == title.certificate_sha256
    assert title.certificate_generated_at is not None
    assert len(content) < 1_000_000
