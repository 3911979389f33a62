"""The recommendation to the province in its own forms (decisions §64): candidates selected by
the city, confirmed by the enterprise, sent as the province's summary table with each factory's
reports and one signed PDF, and the province's procedure and outcome recorded."""

import csv
import io
import shutil
import subprocess
import zipfile
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from openpyxl import load_workbook

from greenfactory.accounts.models import Region
from greenfactory.applications.models import Application
from greenfactory.core.models import AuditEvent, ExportJob
from greenfactory.notifications.models import Notification
from greenfactory.titles.domain.certificate_signing import check_certificate_pdf
from greenfactory.titles.domain.province import (
    PROVINCE_EXPORT,
    CandidateRefused,
    confirm_candidate,
    record_listed,
    record_step,
    request_province_export,
    select_candidates,
)
from greenfactory.titles.domain.province_package import PROVINCE_HEADER, write_province_workbook
from greenfactory.titles.models import ProvincialCandidate, Title
from tests.factories import (
    BatchFactory,
    EnterpriseFactory,
    EnterpriseUserFactory,
    UserFactory,
    shipped_system,
)
from tests.factories.accounts import EvaluationBodyFactory
from tests.factories.filings import AcceptedFilingFactory
from tests.factories.reviews import evaluation_row
from tests.sheets import HEADER_ROW

pytestmark = pytest.mark.django_db

TODAY = "2027-03-15 10:00:00+08:00"
YEAR = 2027
DATA = {
    "data_year": 2026,
    "contact_person": "李四",
    "contact_phone": "13812345678",
    "employees": 320,
    "output_value": "52000.00",
    "changes": "新增屋顶光伏 2 MW",
}


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def batch():
    return BatchFactory(indicator_system=shipped_system(2025))


def city_title(batch, enterprise, *, number="CZ-2025-001", evaluated=True):
    """A city title designated in 2025 from a reviewed application, with (by default) the
    third-party evaluation body's submitted report."""
    application = Application.objects.create(
        batch=batch, enterprise=enterprise, state="reviewed", submitted_at=timezone.now()
    )
    if evaluated:
        evaluation_row(application, EvaluationBodyFactory(), state="submitted")
    return Title.objects.create(
        enterprise=enterprise,
        level="city",
        source="designated",
        status="valid",
        year=2025,
        issued_on=date(2025, 12, 30),
        certificate_number=number,
        application=application,
        batch=batch,
    )


@pytest.fixture
def title(batch, enterprise):
    return city_title(batch, enterprise)


@pytest.fixture
def candidate(title, city_officer):
    [candidate] = select_candidates([title], actor=city_officer, year=YEAR)
    return candidate


@pytest.fixture
def confirmed(candidate, enterprise_user):
    return confirm_candidate(candidate, actor=enterprise_user, data=DATA)


def test_the_whole_round_from_selection_to_the_provincial_title(
    client, title, city_officer, enterprise_user, django_capture_on_commit_callbacks
):
    client.force_login(city_officer)
    response = client.post(
        reverse("titles:province_candidates"),
        {"year": YEAR, "action": "select", "titles": [title.code]},
    )
    assert response.status_code == 302
    candidate = ProvincialCandidate.objects.get(title=title, year=YEAR)
    assert candidate.state == "selected"

    client.force_login(enterprise_user)
    url = reverse("titles:province_confirmation", args=[candidate.code])
    assert client.get(url).status_code == 200
    assert client.post(url, {**DATA}).status_code == 302
    candidate.refresh_from_db()
    assert (candidate.state, candidate.data_year, candidate.employees) == ("confirmed", 2026, 320)

    client.force_login(city_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("titles:province_candidates"),
            {"year": YEAR, "action": "send", "candidates": [candidate.code]},
        )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.state == "exported"
    assert candidate.evaluation is not None
    job = ExportJob.objects.get(kind=PROVINCE_EXPORT)
    assert (job.status, job.row_count) == ("done", 1), job.error if hasattr(job, "error") else ""

    download = client.get(reverse("core:export_download", args=[job.code]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    folder = "01-常州绿源新材料有限公司"
    assert archive.namelist() == [
        "推荐汇总表.xlsx",
        f"{folder}/自评价报告.pdf",
        f"{folder}/第三方评价报告.pdf",
        f"{folder}/申报材料（整合签章）.pdf",
    ]
    workbook = load_workbook(io.BytesIO(archive.read("推荐汇总表.xlsx")))
    assert workbook.sheetnames == ["推荐汇总表"]
    sheet = workbook["推荐汇总表"]
    assert sheet["A1"].value == f"{YEAR}年江苏省绿色工厂推荐汇总表"
    rows = list(sheet.iter_rows(min_row=HEADER_ROW, values_only=True))
    assert list(rows[0]) == PROVINCE_HEADER
    assert list(rows[0][:8]) == [
        "序号",
        "设区市",
        "县（市、区）",
        "企业名称",
        "统一社会信用代码",
        "所属行业",
        "推荐类别",
        "已获称号",
    ]
    row = dict(zip(PROVINCE_HEADER, rows[1], strict=True))
    assert row["企业名称"] == "常州绿源新材料有限公司"
    assert (row["设区市"], row["县（市、区）"]) == ("常州市", "武进区")
    assert row["已获称号"] == "2025年市级绿色工厂（CZ-2025-001）"
    assert (row["数据年度"], row["从业人员（人）"], row["联系人"]) == (2026, 320, "李四")
    assert row["第三方评价机构"] == candidate.evaluation.body.name

    combined = archive.read(f"{folder}/申报材料（整合签章）.pdf")
    check = check_certificate_pdf(combined)
    assert check.genuine, check.outcome
    for name in ("自评价报告.pdf", "第三方评价报告.pdf"):
        assert archive.read(f"{folder}/{name}").startswith(b"%PDF")
    assert len(combined) > len(archive.read(f"{folder}/第三方评价报告.pdf"))

    detail = reverse("titles:province_candidate", args=[candidate.code])
    assert asks_first(client.get(detail), ["listed", "not_listed"])  # both are final
    for stage in ("city_audit", "formal_review", "expert_review", "publicity"):
        response = client.post(
            detail,
            {"action": "step", "stage": stage, "result": "passed", "held_on": "2027-03-01"},
        )
        assert response.status_code == 302, response.content
    assert [s.stage for s in candidate.steps.all()] == [
        "city_audit",
        "formal_review",
        "expert_review",
        "publicity",
    ]
    response = client.post(
        detail,
        {
            "action": "listed",
            "issued_on": "2027-03-10",
            "certificate_number": "JS-2027-0815",
            "reference": "苏工信节能〔2027〕1号",
        },
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.state == "listed"
    provincial = candidate.granted_title
    assert (provincial.level, provincial.year, provincial.status) == ("provincial", YEAR, "valid")
    assert provincial.certificate_number == "JS-2027-0815"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "titles.candidate.selected",
        "titles.candidate.confirmed",
        "titles.candidate.exported",
        "titles.candidate.step_recorded",
        "titles.candidate.listed",
        "titles.title.granted_from_province",
        "titles.province_export.requested",
    } <= actions


def test_a_candidate_without_a_third_party_report_or_confirmation_is_not_sent(
    batch, city_officer, enterprise, other_enterprise
):
    unconfirmed = city_title(batch, enterprise)
    unevaluated = city_title(batch, other_enterprise, number="CZ-2025-002", evaluated=False)
    first, second = select_candidates([unconfirmed, unevaluated], actor=city_officer, year=YEAR)
    confirm_candidate(
        ProvincialCandidate.objects.get(title=unevaluated),
        actor=EnterpriseUserFactory(enterprise=other_enterprise),
        data=DATA,
    )
    with override("en"), pytest.raises(CandidateRefused) as refused:
        request_province_export([first, second], actor=city_officer, year=YEAR)
    text = " ".join(refused.value.messages)
    assert "常州绿源新材料有限公司: the enterprise has not confirmed its data." in text
    assert "常州新北光伏材料有限公司 has no submitted third-party evaluation report." in text
    assert not ExportJob.objects.exists()
    assert set(ProvincialCandidate.objects.values_list("state", flat=True)) == {
        "selected",
        "confirmed",
    }


def test_only_city_titles_in_force_can_be_selected_once_a_year(batch, title, city_officer):
    revoked = city_title(batch, EnterpriseFactory(), number="CZ-2025-003")
    Title.objects.filter(pk=revoked.pk).update(status="revoked", revoked_on=date(2026, 5, 1))
    with pytest.raises(PermissionDenied):
        select_candidates([revoked], actor=city_officer, year=YEAR)
    select_candidates([title], actor=city_officer, year=YEAR)
    with override("en"), pytest.raises(CandidateRefused, match="Already selected for 2027"):
        select_candidates([title], actor=city_officer, year=YEAR)


def test_the_enterprise_must_give_the_data_of_a_recent_year(candidate, enterprise_user):
    with override("en"), pytest.raises(CandidateRefused) as refused:
        confirm_candidate(
            candidate, actor=enterprise_user, data={**DATA, "data_year": 2027, "contact_phone": ""}
        )
    assert len(refused.value.messages) == 2
    candidate.refresh_from_db()
    assert candidate.state == "selected"


def test_steps_are_recorded_only_once_the_candidate_is_sent(candidate, city_officer):
    with override("en"), pytest.raises(CandidateRefused, match="once the candidate is sent"):
        record_step(
            candidate,
            actor=city_officer,
            stage="formal_review",
            result="passed",
            held_on=date(2027, 3, 1),
        )


def test_a_provincial_title_imported_first_is_linked_not_doubled(
    confirmed, city_officer, enterprise
):
    request_province_export([confirmed], actor=city_officer, year=YEAR)
    held = Title.objects.create(
        enterprise=enterprise,
        level="provincial",
        source="imported",
        status="valid",
        year=YEAR,
        issued_on=date(2027, 3, 10),
    )
    record_listed(confirmed, actor=city_officer, issued_on=date(2027, 3, 10))
    confirmed.refresh_from_db()
    assert confirmed.granted_title == held
    assert Title.objects.filter(enterprise=enterprise, level="provincial").count() == 1


# ---- who may ------------------------------------------------------------------------------

OTHERS = [
    "enterprise_user",
    "other_enterprise_user",
    "agency_user",
    "district_officer",
    "other_district_officer",
    "assigned_expert",
    "unassigned_expert",
    "system_admin",
    "security_admin",
    "audit_admin",
]


@pytest.mark.access
@pytest.mark.parametrize("persona", OTHERS)
def test_only_the_city_may_open_or_post_the_candidates(request, client, candidate, persona):
    client.force_login(request.getfixturevalue(persona))
    listing = reverse("titles:province_candidates")
    detail = reverse("titles:province_candidate", args=[candidate.code])
    assert client.get(listing).status_code == 403
    assert client.post(listing, {"year": YEAR, "action": "select"}).status_code == 403
    assert client.get(detail).status_code == 403
    assert client.post(detail, {"action": "withdraw", "reason": "x"}).status_code == 403
    candidate.refresh_from_db()
    assert candidate.state == "selected"


@pytest.mark.access
def test_the_city_may_open_and_the_anonymous_must_log_in(client, candidate, city_officer):
    listing = reverse("titles:province_candidates")
    assert client.get(listing).status_code == 302  # to the login
    client.force_login(city_officer)
    assert client.get(f"{listing}?year={YEAR}").status_code == 200
    detail = reverse("titles:province_candidate", args=[candidate.code])
    assert client.get(detail).status_code == 200


@pytest.mark.access
@pytest.mark.parametrize(
    "persona",
    [p for p in OTHERS if p != "enterprise_user"] + ["city_officer"],
)
def test_only_the_candidates_enterprise_may_confirm(request, client, candidate, persona):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("titles:province_confirmation", args=[candidate.code])
    assert client.get(url).status_code == 404
    assert client.post(url, DATA).status_code == 404
    candidate.refresh_from_db()
    assert candidate.state == "selected"


@pytest.mark.access
def test_a_city_officer_of_another_city_may_not_act(client, candidate):
    province = Region.objects.get(code="320000")
    city = Region.objects.create(code="320200", name="无锡市", level="city", parent=province)
    wuxi = UserFactory(username="wuxi", role="city_officer", region=city)
    client.force_login(wuxi)
    assert (
        client.get(reverse("titles:province_candidate", args=[candidate.code])).status_code == 404
    )
    with pytest.raises(PermissionDenied):
        select_candidates([candidate.title], actor=wuxi, year=YEAR + 1)


@pytest.mark.queries
def test_the_candidates_page_costs_the_same_for_1_and_many(
    client, batch, city_officer, enterprise_user
):
    def candidate_with_history(n):
        title = city_title(batch, EnterpriseFactory(), number=f"N{n}", evaluated=False)
        AcceptedFilingFactory(title=title, enterprise=title.enterprise, year=2026)
        select_candidates([title], actor=city_officer, year=YEAR)
        city_title(batch, EnterpriseFactory(), number=f"S{n}", evaluated=False)

    candidate_with_history(0)
    client.force_login(city_officer)
    url = f"{reverse('titles:province_candidates')}?year={YEAR}"
    with CaptureQueriesContext(connection) as one:
        page = client.get(url)
    assert len(page.context["candidates"]) == 1
    assert page.context["candidates"][0][1]["filing"].startswith("2026")
    for n in range(1, 5):
        candidate_with_history(n)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert len(page.context["candidates"]) == 5
    assert len(page.context["titles"]) == 5
    assert len(many) == len(one)


def test_a_refused_sending_keeps_the_ticks_and_says_why(
    client, batch, enterprise, enterprise_user, city_officer
):
    title = city_title(batch, enterprise, evaluated=False)
    [candidate] = select_candidates([title], actor=city_officer, year=YEAR)
    confirm_candidate(candidate, actor=enterprise_user, data=DATA)
    client.force_login(city_officer)
    client.cookies["gf_language"] = "en"  # the refusal's words, whatever the catalogue
    response = client.post(
        reverse("titles:province_candidates"),
        {"year": YEAR, "action": "send", "candidates": [candidate.code]},
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "has no submitted third-party evaluation report" in text
    assert f'value="{candidate.code}" id="c-{candidate.code}" checked' in text
    candidate.refresh_from_db()
    assert candidate.state == "confirmed"


def test_the_enterprise_sees_its_candidacy_in_its_list(client, candidate, enterprise_user):
    client.force_login(enterprise_user)
    page = client.get(reverse("titles:province_candidacies"))
    assert page.status_code == 200
    assert reverse("titles:province_confirmation", args=[candidate.code]) in page.content.decode()


def test_the_enterprise_is_told_it_is_a_candidate(enterprise_user, candidate):
    [message] = Notification.objects.filter(recipient=enterprise_user)
    assert message.url == reverse("titles:province_confirmation", args=[candidate.code])


def test_not_listed_and_withdrawn_need_a_reason_and_tell_the_enterprise(
    client, batch, enterprise_user, confirmed, city_officer, other_enterprise
):
    request_province_export([confirmed], actor=city_officer, year=YEAR)
    client.force_login(city_officer)
    detail = reverse("titles:province_candidate", args=[confirmed.code])
    assert client.post(detail, {"action": "not_listed", "reason": ""}).status_code == 400
    response = client.post(detail, {"action": "not_listed", "reason": "专家评审未通过"})
    assert response.status_code == 302
    confirmed.refresh_from_db()
    assert confirmed.state == "not_listed"
    assert confirmed.granted_title is None
    assert Notification.objects.filter(
        recipient=enterprise_user, body__contains="专家评审未通过"
    ).exists()
    response = client.post(
        detail,
        {"action": "step", "stage": "publicity", "result": "passed", "held_on": "2027-03-01"},
    )
    assert response.status_code == 400  # closed: nothing more is recorded

    other = city_title(batch, other_enterprise, number="CZ-2025-004")
    [selected] = select_candidates([other], actor=city_officer, year=YEAR)
    other_detail = reverse("titles:province_candidate", args=[selected.code])
    assert client.post(other_detail, {"action": "withdraw", "reason": " "}).status_code == 400
    assert (
        client.post(other_detail, {"action": "withdraw", "reason": "企业放弃"}).status_code == 302
    )
    selected.refresh_from_db()
    assert selected.state == "withdrawn"


def test_a_confirmation_refused_keeps_what_was_typed(client, candidate, enterprise_user):
    client.force_login(enterprise_user)
    url = reverse("titles:province_confirmation", args=[candidate.code])
    client.cookies["gf_language"] = "en"
    response = client.post(url, {**DATA, "data_year": 2020})
    text = response.content.decode()
    assert response.status_code == 400
    assert "one of the three years before 2027" in text
    assert 'value="李四"' in text
    candidate.refresh_from_db()
    assert candidate.state == "selected"


def asks_first(page, actions):
    """Each of ``actions``' forms on the page has a button that asks before it posts."""
    text = page.content.decode()
    for action in actions:
        form = text.split(f'name="action" value="{action}"', 1)[1].split("</form>", 1)[0]
        assert "data-confirm=" in form, action
    return True


def test_withdrawing_a_candidate_asks_first(client, candidate, city_officer):
    client.force_login(city_officer)
    page = client.get(reverse("titles:province_candidate", args=[candidate.code]))
    assert asks_first(page, ["withdraw"])


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_the_summary_table_opens_in_libreoffice_in_its_columns(confirmed, tmp_path):
    """The 推荐汇总表 as LibreOffice reads it: the title, the province's columns, the factory."""
    source = tmp_path / "推荐汇总表.xlsx"
    with source.open("wb") as handle:
        write_province_workbook([confirmed], handle, issuer="常州市工业和信息化局", year=YEAR)
    subprocess.run(
        [
            shutil.which("soffice"),
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    rows = list(csv.reader((tmp_path / "推荐汇总表.csv").read_text("utf-8").splitlines()))
    assert rows[0][0] == f"{YEAR}年江苏省绿色工厂推荐汇总表"
    [header] = [row for row in rows if row[:2] == ["序号", "设区市"]]
    assert header[: len(PROVINCE_HEADER)] == PROVINCE_HEADER
    factory = rows[rows.index(header) + 1]
    assert factory[:4] == ["1", "常州市", "武进区", "常州绿源新材料有限公司"]


def test_the_combined_pdf_carries_the_signed_scans_and_the_certificate(confirmed, title):
    """整合为一个PDF: after the cover, the 自评价报告 and the 第三方评价报告 come the enterprise's
    signed and sealed scans (a PDF of two pages and a photographed page) and the city title's
    certificate, and the whole is signed by the bureau."""
    import pypdfium2 as pdfium
    from django.core.files.base import ContentFile
    from PIL import Image

    from greenfactory.applications.enums import EvidenceKind
    from greenfactory.applications.models import EvidenceFile
    from greenfactory.titles.domain.certificate_pdf import build_certificate
    from greenfactory.titles.domain.province import latest_evaluation
    from greenfactory.titles.domain.province_package import (
        COMBINED,
        SELF_REPORT,
        THIRD_PARTY_REPORT,
        cover_html,
        factory_documents,
    )

    scan = pdfium.PdfDocument.new()
    for _ in range(2):
        scan.new_page(595, 842)
    scanned, photo = io.BytesIO(), io.BytesIO()
    scan.save(scanned)
    Image.new("RGB", (60, 80), "white").save(photo, format="PNG")
    for name, content in (
        ("自评价报告盖章.pdf", scanned.getvalue()),
        ("盖章页.png", photo.getvalue()),
    ):
        evidence = EvidenceFile(
            application=title.application,
            kind=EvidenceKind.REPORT_SCAN,
            original_name=name,
            content_type="application/octet-stream",
            size=len(content),
            sha256="0" * 64,
        )
        evidence.file.save(name, ContentFile(content), save=True)
    assert build_certificate(title.pk)
    title.refresh_from_db()
    confirmed.title = title
    confirmed.evaluation = latest_evaluation(title.enterprise_id)  # as the sending sets it

    documents = factory_documents(confirmed, issuer="常州市工业和信息化局")

    def pages(content):
        return len(pdfium.PdfDocument(content))

    combined = pdfium.PdfDocument(documents[COMBINED])
    with title.certificate.open("rb") as stored:
        certificate_pages = pages(stored.read())
    own = pages(documents[SELF_REPORT]) + pages(documents[THIRD_PARTY_REPORT])
    assert len(combined) == 1 + own + 2 + 1 + certificate_pages
    last = combined[len(combined) - 1].get_textpage()
    assert title.certificate_number in last.get_text_range()
    assert check_certificate_pdf(documents[COMBINED]).genuine
    cover = cover_html(confirmed, issuer="", attached=["自评价报告（企业签字盖章扫描件）"])
    assert "<li>自评价报告（企业签字盖章扫描件）</li>" in cover
