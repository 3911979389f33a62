"""A designated title's certificate, verified the way the public does it: the QR code printed
on the PDF is decoded and opened, then the factory is found in the public list."""

import pypdfium2 as pdfium
import pytest
import zxingcpp
from django.conf import settings
from playwright.sync_api import expect

from greenfactory.accounts.enums import Role
from greenfactory.recognition.domain.designation import designate_batch
from greenfactory.titles.models import Title
from tests.factories import EnterpriseFactory, UserFactory, region
from tests.recognition.designation_helpers import notice_for, ranked_batch

from .journeys import csp_errors

pytestmark = pytest.mark.browser

NAME = "常州绿源新材料有限公司"


def decoded_qr(pdf: bytes) -> list[str]:
    image = pdfium.PdfDocument(pdf)[0].render(scale=3).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_the_qr_code_leads_to_a_valid_title_and_the_list_finds_it(
    page, live_server, transactional_db, screenshot, console_errors
):
    officer = UserFactory(username="city", role=Role.CITY_OFFICER, region=region("320400"))
    batch = ranked_batch()
    notice_for(batch, [EnterpriseFactory(name=NAME), EnterpriseFactory()])
    # Committed at once: the task (immediate backend in tests) builds the PDFs after commit.
    designate_batch(batch, actor=officer)
    title = Title.objects.get(enterprise__name=NAME)
    assert title.certificate_sha256
    with title.certificate.open("rb") as stored:
        [url] = decoded_qr(stored.read())
    assert url.startswith(settings.PLATFORM_URL + "/")

    page.goto(live_server.url + url.removeprefix(settings.PLATFORM_URL))
    result = page.locator(".verification")
    expect(result.locator("h2")).to_contain_text("有效")
    expect(result.locator("h2")).to_contain_text("该证书真实，称号有效。")
    expect(result).to_contain_text(NAME)
    expect(result).to_contain_text(title.certificate_number)
    screenshot("verification-valid-zh.png")

    page.goto(f"{live_server.url}/factories/")
    page.locator("#id_name").fill("绿源")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("main table tbody tr")).to_have_count(1)
    page.get_by_role("link", name=NAME).click()
    expect(page.locator("h1")).to_have_text(NAME)
    expect(page.locator("main table")).to_contain_text(title.certificate_number)
    assert csp_errors(console_errors) == []
