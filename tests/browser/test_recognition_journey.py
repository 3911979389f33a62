"""The demo's reviewed 2020 batch taken to designation in the browser: the city bureau ranks,
records the party group's decision and publishes the notice; a member of the public objects;
the bureau upholds the objection, closes the notice after its period and designates; a visitor
finds a factory on the public site and verifies its certificate through the QR code."""

from datetime import timedelta

import pypdfium2 as pdfium
import pytest
import time_machine
import zxingcpp
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from greenfactory.programme.models import Batch
from greenfactory.recognition.forms.notice import STAMP_MIN_SECONDS
from greenfactory.recognition.models import NoticeEntry, Objection
from greenfactory.titles.models import Title
from tests.demo.kept_history import history

from .journeys import csp_errors, enter_as, load_queued

pytestmark = [pytest.mark.browser, pytest.mark.replays_history]


# The designation's answer waits for its six certificates, rendered and signed by the task in
# the request (the test settings' immediate backend): on a loaded machine longer than the
# browser's usual 15 s.
DESIGNATION_MS = 60_000


def decoded_qr(pdf: bytes) -> list[str]:
    image = pdfium.PdfDocument(pdf)[0].render(scale=3).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_the_2020_batch_from_ranking_to_a_verified_certificate(
    browser, page, live_server, transactional_db, screenshot, console_errors
):
    # The history as the history test of tests/demo loaded and kept it, put back; loaded here
    # when none is kept, its background work (the site audits' record PDFs, the 2019
    # certificates, the integrity signals) queued: the journey reads none of it (tests/demo
    # checks the history, the tasks have their tests); the 2020 certificates are built by the
    # task below.
    history(lambda: load_queued(applications=False))
    batch = Batch.objects.get(year=2020)
    base = f"{live_server.url}/city/batches/{batch.code}"

    # Ranking: 10 applications, 7 eligible and proposed, each row explained.
    enter_as(page, live_server, "city", to=f"/city/batches/{batch.code}/ranking/")
    page.get_by_role("button", name="计算排名").click()
    expect(page.locator(".message.success")).to_contain_text("10 份申报中 7 份符合条件")
    rows = page.locator("table.ranking tbody tr")
    expect(rows).to_have_count(10)
    expect(page.locator("table.ranking")).to_contain_text("在名额 20 名以内")
    expect(page.locator("table.ranking")).to_contain_text("必选项未满足：2.1.1")
    expect(page.locator("table.ranking")).to_contain_text("未高于认定分数线")
    screenshot("recognition-ranking-zh.png")

    # The party group decides the proposal as it stands.
    page.get_by_role("link", name="记录党组决定").click()
    page.locator("#id_meeting_on").fill(timezone.localdate().isoformat())
    page.locator("#id_minutes_reference").fill("党组会议纪要〔2020〕12号")
    page.get_by_role("button", name="录入决定").click()
    expect(page.locator(".message.success")).to_contain_text("党组决定已记录")
    screenshot("recognition-decision-zh.png")

    # The notice is published with its suggested text.
    page.goto(f"{base}/notice/")
    page.get_by_role("button", name="发布公示").click()
    expect(page.locator(".message.success")).to_be_visible()
    notice = batch.public_notice
    assert notice.entries.count() == 7
    screenshot("recognition-notice-officer-zh.png")

    # A member of the public objects to the first factory on the list.
    visitor = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    public = visitor.new_page()
    public.goto(f"{live_server.url}/notices/{notice.code}/")
    first = notice.entries.order_by("position").first()
    expect(public.locator("main")).to_contain_text(first.enterprise_name)
    public.get_by_role("link", name="提出异议").first.click()
    public.locator("#id_entry").select_option(str(first.position))
    public.locator("#id_name").fill("王先生")
    public.locator("#id_contact").fill("13900000000")
    public.locator("#id_reason").fill("该企业2019年发生过环境污染事件。<script>alert(1)</script>")
    # The form refuses what is sent faster than a person types: the clock is moved on past
    # that, rather than waited for.
    typed = timezone.now() + timedelta(seconds=STAMP_MIN_SECONDS + 1)
    with time_machine.travel(typed, tick=True):
        public.get_by_role("button", name="提交异议").click()
        expect(public.locator("main")).to_contain_text("<script>alert(1)</script>")
    objection = Objection.objects.get(notice=notice)
    expect(public.locator("main")).to_contain_text(objection.code)
    screenshot("recognition-objection-receipt-zh.png", of=public)

    # The bureau investigates and upholds it: the factory leaves the list with the reason.
    page.goto(f"{live_server.url}/city/objections/{objection.code}/")
    page.get_by_role("button", name="调查核实").click()
    page.locator("input[value=uphold]").check()
    page.locator("#id_investigation").fill("经生态环境部门核实，2019年3月确有超标排放处罚记录。")
    page.locator("#id_outcome_reason").fill("近三年发生环境污染事件，不符合申报条件。")
    page.get_by_role("button", name="录入决定").click()
    expect(page.locator(".message.success")).to_be_visible()
    first.refresh_from_db()
    assert first.removed
    public.goto(f"{live_server.url}/notices/{notice.code}/")
    expect(public.locator("main")).to_contain_text("近三年发生环境污染事件")

    # Closing is refused during the period, then done once it has ended.
    page.goto(f"{base}/notice/")
    page.get_by_role("button", name="结束公示").click()
    expect(page.locator(".message.error")).to_be_visible()
    with time_machine.travel(notice.ends_on + timedelta(days=1), tick=True):
        # the session has long expired
        enter_as(page, live_server, "city", to=f"/city/batches/{batch.code}/notice/")
        page.get_by_role("button", name="结束公示").click()
        expect(page.locator(".message.success")).to_be_visible()

        # Designation: 6 titles; the certificates are built by the task after commit.
        page.goto(f"{base}/designation/")
        page.get_by_role("button", name="认定6家绿色工厂").click(timeout=DESIGNATION_MS)
        expect(page.locator(".message.success")).to_be_visible()
        screenshot("recognition-designation-zh.png")
    assert Title.objects.filter(batch=batch).count() == 6
    assert not Title.objects.filter(batch=batch, enterprise__name=first.enterprise_name).exists()
    batch.refresh_from_db()
    assert batch.state == "published"

    # A visitor finds a designated factory and verifies its certificate through the QR code,
    # on the day of the designation (a title is in force from the day it is issued).
    title = Title.objects.filter(batch=batch).order_by("certificate_number").first()
    with title.certificate.open("rb") as stored:
        [url] = decoded_qr(stored.read())
    with time_machine.travel(notice.ends_on + timedelta(days=1, hours=2), tick=True):
        public.goto(f"{live_server.url}/factories/")
        public.locator("#id_name").fill(title.enterprise.name)
        public.get_by_role("button", name="查询").click()
        public.get_by_role("link", name=title.enterprise.name).click()
        expect(public.locator("main table")).to_contain_text(title.certificate_number)
        public.goto(live_server.url + url.removeprefix(settings.PLATFORM_URL))
        expect(public.locator(".verification h2")).to_contain_text("有效")
        expect(public.locator(".verification")).to_contain_text(title.enterprise.name)
    assert NoticeEntry.objects.filter(notice=notice, removed=True).count() == 1
    assert csp_errors(console_errors) == []
    visitor.close()
