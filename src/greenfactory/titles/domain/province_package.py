"""The recommendation upward in the province's forms (decisions §64), to the province's list
or to the national one (§80: the same package, named for its list): one ZIP with

- 推荐汇总表.xlsx, one row per factory in the columns of the province's summary table
  (``PROVINCE_COLUMNS``, designed from the call, see §64 for what was and was not found);
- a folder per factory with its 自评价报告, its 第三方评价报告 as the evaluation body submitted
  it on the platform (§54), and one PDF combining a cover with both, the enterprise's signed
  and sealed 自评价报告 scan and the city title's certificate ("整合为一个PDF"), signed by the
  bureau (PAdES, ``certificate_signing``, §60).

Documents are Chinese whatever the user's language. Each factory's PDFs are built, written and
let go before the next.
"""

import base64
import io
import re
import zipfile

import pypdfium2 as pdfium
from django.template.loader import render_to_string
from openpyxl import Workbook

from greenfactory.applications.domain.report import (
    chinese_date,
    render_self_report_html,
    self_report_context,
)
from greenfactory.applications.enums import EvidenceKind
from greenfactory.core.spreadsheets import DECIMAL, INTEGER, Column, write_table
from greenfactory.reviews.domain.evaluation import total_score

from .certificate_signing import sign_certificate_pdf

WORKBOOK_NAME = "推荐汇总表.xlsx"
SHEET_NAME = "推荐汇总表"
SELF_REPORT = "自评价报告.pdf"
THIRD_PARTY_REPORT = "第三方评价报告.pdf"
COMBINED = "申报材料（整合签章）.pdf"
KIND = "绿色工厂"
PROVINCE_COLUMNS = [
    Column("序号", INTEGER),
    Column("设区市"),
    Column("县（市、区）"),
    Column("企业名称", width=26),
    Column("统一社会信用代码", width=20),
    Column("所属行业", width=20),
    Column("推荐类别"),
    Column("已获称号", width=18),
    Column("数据年度", INTEGER),
    Column("从业人员（人）", INTEGER),
    Column("工业总产值（万元）", DECIMAL),
    Column("第三方评价机构", width=24),
    Column("第三方评价得分", DECIMAL),
    Column("联系人"),
    Column("联系电话"),
    Column("备注", width=20),
]
PROVINCE_HEADER = [column.header for column in PROVINCE_COLUMNS]
# The package names its list: the province's, or the national one (decisions §80).
LEVEL_NAMES = {"city": "市级", "provincial": "省级", "national": "国家级"}
LIST_NAMES = {"provincial": "江苏省", "national": "国家级"}


def list_name(level: str) -> str:
    """江苏省 for the province's list, 国家级 for the national one."""
    return LIST_NAMES.get(level, LIST_NAMES["provincial"])


def _region(enterprise) -> str:
    district = enterprise.district
    parent = district.parent
    return f"{parent.name}{district.name}" if parent and parent.level == "city" else district.name


def _city_and_county(enterprise) -> tuple[str, str]:
    district = enterprise.district
    parent = district.parent
    if parent is not None and parent.level == "city":
        return parent.name, district.name
    return district.name, ""


def _held(candidate) -> str:
    title = candidate.title
    number = f"（{title.certificate_number}）" if title.certificate_number else ""
    return f"{title.year}年{LEVEL_NAMES[title.level]}绿色工厂{number}"


def summary_rows(candidates):
    for number, candidate in enumerate(candidates, start=1):
        enterprise = candidate.title.enterprise
        city, county = _city_and_county(enterprise)
        evaluation = candidate.evaluation
        industry = enterprise.industry
        yield [
            number,
            city,
            county,
            enterprise.name,
            enterprise.uscc,
            f"{industry.code} {industry.name}",
            KIND,
            _held(candidate),
            candidate.data_year,
            candidate.employees,
            candidate.output_value,
            evaluation.body.name if evaluation else "",
            total_score(evaluation) if evaluation else None,
            candidate.contact_person,
            candidate.contact_phone,
            "",
        ]


def write_province_workbook(
    candidates, target, *, issuer: str = "", year=None, level: str = "provincial"
) -> None:
    """推荐汇总表 into ``target``: the title block, the header of ``PROVINCE_COLUMNS``, a row
    per candidate (``core.spreadsheets.write_table``: print-ready, every cell escaped)."""
    workbook = Workbook(write_only=True)
    name = f"{list_name(level)}绿色工厂推荐汇总表"
    write_table(
        workbook.create_sheet(),
        title=f"{year}年{name}" if year else name,
        columns=PROVINCE_COLUMNS,
        rows=summary_rows(candidates),
        issuer=issuer,
        filters=f"推荐{len(candidates)}家企业",
        sheet_name=SHEET_NAME,
    )
    workbook.save(target)


def _document(html: str):
    """The HTML rendered; it may load only what it carries itself (``data:`` images): any
    other address stops the rendering instead of being fetched."""
    from weasyprint import HTML  # noqa: PLC0415 -- weasyprint is slow to import
    from weasyprint.urls import URLFetcher  # noqa: PLC0415 -- as above

    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    return HTML(string=html, base_url=None, url_fetcher=fetcher).render()


IMAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}


def _scan_pdf(evidence) -> bytes:
    """One uploaded scan as PDF: a PDF as it is, an image (PNG, JPEG) on an A4 page of its own;
    the upload checks (§16) let nothing else in as the signed report."""
    with evidence.file.open("rb") as stored:
        content = stored.read()
    extension = evidence.original_name.rsplit(".", 1)[-1].lower()
    if extension not in IMAGE_TYPES:
        return content
    source = f"data:{IMAGE_TYPES[extension]};base64,{base64.b64encode(content).decode()}"
    html = render_to_string("titles/province/scan_page.html", {"source": source})
    return _document(html).write_pdf()


def attachments(candidate) -> list[tuple[str, bytes]]:
    """The PDFs that follow the platform's documents in the combined one, each with its entry
    in the cover's list: the enterprise's signed and sealed 自评价报告 scans (its application's,
    oldest first), then the city title's certificate where it is built."""
    application = candidate.title.application or candidate.evaluation.application
    scans = application.evidence_files.filter(kind=EvidenceKind.REPORT_SCAN).order_by("pk")
    pdfs = [("自评价报告（企业签字盖章扫描件）", _scan_pdf(evidence)) for evidence in scans]
    if candidate.title.certificate:
        with candidate.title.certificate.open("rb") as stored:
            pdfs.append((f"{_held(candidate)}证书", stored.read()))
    return pdfs


def combine(first: bytes, others: list[bytes]) -> bytes:
    """``first`` followed by every page of ``others``, as one PDF (PDFium). A certificate's own
    signature does not survive the copy; the combined PDF is signed as a whole afterwards."""
    combined = pdfium.PdfDocument(first)
    try:
        for content in others:
            source = pdfium.PdfDocument(content)
            try:
                combined.import_pages(source)
            finally:
                source.close()
        out = io.BytesIO()
        combined.save(out)
    finally:
        combined.close()
    return out.getvalue()


def third_party_html(evaluation) -> str:
    items = list(evaluation.items.select_related("indicator").order_by("indicator__position"))
    application = evaluation.application
    return render_to_string(
        "titles/province/third_party_report.html",
        {
            "evaluation": evaluation,
            "enterprise": application.enterprise,
            "system": str(application.batch.indicator_system),
            "items": items,
            "total": total_score(evaluation, items),
            "signed_on": chinese_date(evaluation.signed_on),
        },
    )


def cover_html(candidate, *, issuer: str, attached=()) -> str:
    enterprise = candidate.title.enterprise
    industry = enterprise.industry
    return render_to_string(
        "titles/province/cover.html",
        {
            "heading": f"{candidate.year}年{list_name(candidate.level)}绿色工厂推荐材料",
            "candidate": candidate,
            "enterprise": enterprise,
            "region": _region(enterprise),
            "industry": f"{industry.code} {industry.name}",
            "held": _held(candidate),
            "evaluation": candidate.evaluation,
            "issuer": issuer,
            "attached": attached,
        },
    )


def factory_documents(candidate, *, issuer: str = "") -> dict[str, bytes]:
    """The factory's three PDFs: 自评价报告, 第三方评价报告, and the cover with both, the signed
    scans and the certificate (``attachments``) combined into one PDF signed by the bureau."""
    application = candidate.title.application or candidate.evaluation.application
    self_report = _document(render_self_report_html(self_report_context(application)))
    third_party = _document(third_party_html(candidate.evaluation))
    attached = attachments(candidate)
    cover = _document(cover_html(candidate, issuer=issuer, attached=[a for a, _ in attached]))
    pages = [*cover.pages, *self_report.pages, *third_party.pages]
    combined = combine(cover.copy(pages).write_pdf(), [pdf for _, pdf in attached])
    location = issuer or "江苏省"
    return {
        SELF_REPORT: self_report.write_pdf(),
        THIRD_PARTY_REPORT: third_party.write_pdf(),
        COMBINED: sign_certificate_pdf(
            combined,
            location=location,
            reason=f"{LEVEL_NAMES[candidate.level]}绿色工厂推荐材料",
        ),
    }


def folder(number: int, candidate) -> str:
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", candidate.title.enterprise.name).strip(". ")
    return f"{number:02d}-{name or '企业'}"


def write_province_zip(
    candidates, target, *, issuer: str = "", year=None, level: str = "provincial"
) -> int:
    """The package into ``target`` (writable, seekable); returns the number of factories."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open(WORKBOOK_NAME, "w", force_zip64=True) as entry:
            write_province_workbook(candidates, entry, issuer=issuer, year=year, level=level)
        for number, candidate in enumerate(candidates, start=1):
            for name, content in factory_documents(candidate, issuer=issuer).items():
                archive.writestr(f"{folder(number, candidate)}/{name}", content)
    return len(candidates)
