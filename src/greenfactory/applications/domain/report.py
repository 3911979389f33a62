"""The 自评报告 (self-evaluation report), generated from the application's own data.

One context (``self_report_context``) feeds both documents: the PDF (WeasyPrint, from the
template ``applications/report/self_report.html``) and the Word file (python-docx), so the two
always say the same. The report is an official Chinese document to be signed and sealed, so its
text is Chinese whatever the user's language. Nothing here writes to the database.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

from django.template.loader import render_to_string
from django.utils import timezone, translation

from greenfactory.core.domain.exports import ExportFile, register_exporter
from greenfactory.programme.enums import IndicatorKind, Requirement

from ..enums import CertificationKind, EvidenceKind
from ..models import Application
from .figures import answers_of, figures_by_year, self_score
from .queries import applications_visible_to

TEMPLATE = "applications/report/self_report.html"
REPORT_LANGUAGE = "zh-hans"
CENT = Decimal("0.01")

KIND_LABELS = {
    IndicatorKind.GATE: "基本要求",
    IndicatorKind.QUALITATIVE: "定性",
    IndicatorKind.QUANTITATIVE: "定量",
}
REQUIREMENT_LABELS = {Requirement.REQUIRED: "必选", Requirement.OPTIONAL: "可选"}
CERTIFICATION_LABELS = {
    CertificationKind.QMS: "质量管理体系（GB/T 19001 / ISO 9001）",
    CertificationKind.EMS: "环境管理体系（GB/T 24001 / ISO 14001）",
    CertificationKind.OHSMS: "职业健康安全管理体系（GB/T 45001 / ISO 45001）",
    CertificationKind.ENMS: "能源管理体系（GB/T 23331 / ISO 50001）",
}
EVIDENCE_LABELS = {
    EvidenceKind.EVIDENCE: "证明材料",
    EvidenceKind.REPORT_SCAN: "自评报告（签字盖章扫描件）",
    EvidenceKind.THIRD_PARTY_REPORT: "第三方评价报告",
}
# key -> (name, how it is computed, unit; "{per}" is the unit of output)
FIGURES = {
    "comprehensive_energy": (
        "综合能源消费量",
        "Σ（各类能源消费量 × 折标准煤系数）÷ 1000",
        "tce",
    ),
    "carbon_emissions": (
        "二氧化碳排放量",
        "Σ 化石燃料消费量 × 排放因子 + 外购电力 × 电网排放因子 + 外购热力 × 0.11 "
        "+ 工业生产过程排放 − 输出的电力和热力",
        "tCO₂",
    ),
    "unit_product_energy": ("单位产品综合能耗", "综合能源消费量（kgce）÷ 产品产量", "kgce/{per}"),
    "unit_product_carbon": ("单位产品碳排放量", "二氧化碳排放量（kg）÷ 产品产量", "kgCO₂/{per}"),
    "carbon_intensity_output": (
        "单位产值碳排放量",
        "二氧化碳排放量（t）÷ 工业总产值（万元）",
        "tCO₂/万元",
    ),
    "renewable_share": (
        "可再生能源使用比例",
        "可再生能源（kgce）÷ 综合能源消费量（kgce）× 100",
        "%",
    ),
    "floor_area_ratio": ("容积率", "总建筑面积（层高 8 m 以上按两倍计）÷ 用地面积", ""),
    "building_coefficient": (
        "建筑系数",
        "（建筑物、构筑物及堆场占地面积）÷ 用地面积 × 100",
        "%",
    ),
    "land_output": ("单位用地面积产值", "工业总产值（万元）÷ 用地面积", "万元/m²"),
    "solid_waste_utilisation": (
        "工业固体废物综合利用率",
        "综合利用量 ÷（产生量 + 综合利用往年贮存量）× 100",
        "%",
    ),
    "water_reuse_rate": ("废水处理回用率", "回用水量 ÷（回用水量 + 取水量）× 100", "%"),
    "water_intake_per_product": ("单位产品取水量", "取水量 ÷ 产品产量", "m³/{per}"),
}
EMPTY = "—"


def number(value, places: int = 4) -> str:
    """A decimal for people: at most ``places`` decimals, no trailing zeros."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-places)
    text = format(Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def points(value) -> str:
    return format(Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP), "f")


def chinese_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def document_filename(prefix: str, application: Application, suffix: str) -> str:
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", application.enterprise.name).strip() or "企业"
    return f"{prefix}-{name}{suffix}"


def _has_entries(answer) -> bool:
    return answer is not None and (
        answer.not_applicable
        or any(v is not None for v in (answer.met, answer.score, answer.value))
        or bool(answer.explanation)
    )


def _status(indicator, answer) -> str:
    if answer is None:
        return EMPTY
    if answer.not_applicable and indicator.allow_na:
        return "不适用"
    return {True: "满足", False: "不满足"}.get(answer.met, EMPTY)


def _result(indicator, answer, item) -> str:
    """What the enterprise gave for the indicator: a score, or a value and its points."""
    if answer is None or (answer.not_applicable and indicator.allow_na):
        return EMPTY if answer is None else "不适用"
    if indicator.kind == IndicatorKind.QUALITATIVE:
        return EMPTY if answer.score is None else f"{points(answer.score)} 分"
    if answer.value is None:
        return EMPTY
    text = f"{number(answer.value)} {indicator.unit}".strip()
    if indicator.formula:
        text += "（平台计算）"
    if item is not None:
        text += f"，得 {points(item.points)} 分"
    return text


def _aspects(indicators, rows_by_pk, sheet) -> list[dict]:
    """One table per level-1 indicator, its descendants in tree order."""
    children: dict = {}
    for indicator in indicators:
        children.setdefault(indicator.parent_id, []).append(indicator)

    def descendants(node):
        for child in children.get(node.pk, []):
            yield child
            yield from descendants(child)

    def nominal(node) -> Decimal:
        if node.kind != IndicatorKind.GROUP:
            return Decimal(node.max_points or 0) if node.is_scored else Decimal(0)
        return sum((nominal(c) for c in children.get(node.pk, [])), Decimal(0))

    aspects = []
    for root in children.get(None, []):
        nodes = list(descendants(root))
        leaves = [n for n in nodes if n.kind != IndicatorKind.GROUP]
        is_gates = bool(leaves) and all(n.kind == IndicatorKind.GATE for n in leaves)
        rows = []
        for node in nodes:
            answer = rows_by_pk.get(node.pk)
            row = {
                "code": node.code,
                "name": node.name,
                "level": node.level,
                "is_group": node.kind == IndicatorKind.GROUP,
                "kind": KIND_LABELS.get(node.kind, ""),
                "requirement": REQUIREMENT_LABELS.get(node.requirement, ""),
                "max_points": number(node.max_points, 2) if node.is_scored else "",
                "explanation": answer.explanation if answer else "",
            }
            if node.kind == IndicatorKind.GATE:
                row["result"] = {True: "满足", False: "不满足"}.get(
                    answer.met if answer else None, "未填写"
                )
            elif node.kind != IndicatorKind.GROUP:
                row["result"] = _result(node, answer, sheet.items.get(node.code))
                row["status"] = _status(node, answer)
            rows.append(row)
        aspects.append(
            {
                "code": root.code,
                "name": root.name,
                "is_gates": is_gates,
                "rows": rows,
                "max_points": number(nominal(root), 2),
                "subtotal": points(sheet.subtotals.get(root.code, 0)),
            }
        )
    return aspects


def _energy_section(application) -> dict:
    batch = application.batch
    table, grid = batch.coefficient_table, batch.grid_factor
    carriers = {c.key: c for c in table.carriers.all()}
    records = {r.year: r for r in application.performance_years.order_by("year")}
    years = []
    for year, figures in figures_by_year(application).items():
        record = records[year]
        per = record.output_unit or "单位产品"
        energy = [
            {
                "name": carriers[key].name if key in carriers else key,
                "amount": number(amount),
                "unit": carriers[key].unit if key in carriers else "",
                "coefficient": number(carriers[key].standard_coal) if key in carriers else "",
            }
            for key, amount in (record.energy or {}).items()
            if amount not in (None, "")
        ]
        rows = []
        for key, figure in figures.items():
            name, formula, unit = FIGURES.get(key, (key, str(figure.formula), str(figure.unit)))
            rows.append(
                {
                    "name": name,
                    "value": number(figure.value) if figure.value is not None else "缺少数据",
                    "unit": unit.format(per=per),
                    "formula": formula,
                }
            )
        years.append({"year": year, "energy": energy, "figures": rows})
    return {
        "years": years,
        "table": f"{table.name}（{table.year}）",
        "grid": f"{grid.name}：{number(grid.value)} kgCO₂/kWh",
    }


def _process_text(application, system, aspects, counts, energy, evidence) -> list[str]:
    enterprise = application.enterprise
    agency = application.prepared_by_agency
    scored = [a for a in aspects if not a["is_gates"]]
    paragraphs = [
        f"本次自评依据《{system.name}》（第 {system.version} 版）开展，对照基本要求和"
        f"{len(scored)}个一级指标，逐项对{counts['items']}项评价指标进行自评，"
        f"已填写 {counts['answered']} 项，其中不适用 {counts['not_applicable']} 项。",
        (
            f"{enterprise.name}委托第三方评价机构{agency.name}开展评价，本报告由该机构根据"
            "企业在平台填报的申请表、自评表、绩效数据和证明材料编制，经企业确认后签字盖章。"
            if agency
            else f"自评工作由{enterprise.name}自行组织开展，本报告根据企业在平台填报的申请表、"
            "自评表、绩效数据和证明材料生成，经企业确认后签字盖章。"
        ),
    ]
    if energy["years"]:
        years = "、".join(str(y["year"]) for y in energy["years"])
        paragraphs.append(
            f"能源与碳排放数据覆盖 {years} 年，综合能耗和碳排放由平台按批次规定的"
            f"{energy['table']}和{energy['grid']}计算。"
        )
    else:
        paragraphs.append("尚未填报能源与资源绩效数据。")
    paragraphs.append(f"共提交证明材料 {len(evidence)} 份，详见附件清单。")
    return paragraphs


def self_report_context(application: Application) -> dict:
    """Everything the report shows, as ready-to-print strings, in the report's outline."""
    with translation.override(REPORT_LANGUAGE):
        return _context(application)


def _context(application: Application) -> dict:
    application = (
        Application.objects.select_related(
            "enterprise__district",
            "enterprise__industry",
            "batch__indicator_system",
            "batch__coefficient_table",
            "batch__grid_factor",
            "prepared_by_agency",
        )
        .prefetch_related("certifications")
        .get(pk=application.pk)
    )
    enterprise, batch = application.enterprise, application.batch
    system = batch.indicator_system
    indicators = list(system.indicators.order_by("position"))
    rows_by_pk = {
        row.indicator_id: row for row in application.self_evaluations.select_related("indicator")
    }
    sheet = self_score(application, indicators, answers_of(application))
    by_code = {i.code: i for i in indicators}
    aspects = _aspects(indicators, rows_by_pk, sheet)
    leaves = [i for i in indicators if i.kind != IndicatorKind.GROUP]
    answered = [rows_by_pk[i.pk] for i in leaves if _has_entries(rows_by_pk.get(i.pk))]
    counts = {
        "items": len(leaves),
        "answered": len(answered),
        "not_applicable": sum(
            1 for row in answered if row.not_applicable and row.indicator.allow_na
        ),
    }
    energy = _energy_section(application)
    evidence = [
        {
            "name": f.original_name,
            "indicator": f"{f.indicator.code} {f.indicator.name}" if f.indicator_id else "",
            "kind": EVIDENCE_LABELS.get(f.kind, f.kind),
            "sha256": f.sha256[:12],
        }
        for f in application.evidence_files.select_related("indicator")
        .exclude(kind=EvidenceKind.REPORT_SCAN)
        .order_by("indicator__position", "uploaded_at")
    ]

    def listed(codes):
        return [f"{code} {by_code[code].name}" for code in codes]

    conclusion = {
        "total": points(sheet.total),
        "subtotals": [
            {"code": a["code"], "name": a["name"], "max": a["max_points"], "value": a["subtotal"]}
            for a in aspects
            if not a["is_gates"]
        ],
        "gate_failures": listed(sheet.gate_failures),
        "unmet_required": listed(sheet.unmet_required),
        "missing": listed(sheet.missing),
        "eligible": sheet.eligible,
        "threshold": number(batch.pass_threshold, 2),
    }
    conclusion["verdict"] = _verdict(conclusion)
    form = [
        ("企业名称", enterprise.name),
        ("统一社会信用代码", enterprise.uscc),
        ("所在辖市区", enterprise.district.name),
        ("所属行业", enterprise.industry.name),
        ("企业地址", enterprise.address),
        ("主要产品", application.products),
        ("投产时间", chinese_date(application.founded_on)),
        ("从业人员（人）", "" if application.employees is None else str(application.employees)),
        ("上年工业总产值（万元）", number(application.output_value)),
        ("联系人", application.contact_person),
        ("联系电话", application.contact_phone),
    ]
    return {
        "title": "绿色工厂自评价报告",
        "enterprise": {
            "name": enterprise.name,
            "uscc": enterprise.uscc,
            "district": enterprise.district.name,
        },
        "batch": batch.title,
        "system": f"{system.name}（第 {system.version} 版）",
        "version": application.version,
        "date": chinese_date(timezone.localdate()),
        "prepared_by": application.prepared_by_agency.name
        if application.prepared_by_agency
        else enterprise.name,
        "form": [(label, value or "未填写") for label, value in form],
        "certifications": [
            {
                "kind": CERTIFICATION_LABELS.get(c.kind, c.kind),
                "number": c.certificate_no,
                "issuer": c.issuer,
                "expires_on": chinese_date(c.expires_on),
            }
            for c in application.certifications.all()
        ],
        "process": _process_text(application, system, aspects, counts, energy, evidence),
        "aspects": aspects,
        "energy": energy,
        "conclusion": conclusion,
        "evidence": evidence,
    }


def _refuse_fetch(url, *args, **kwargs):
    raise ValueError(f"the self-evaluation report loads nothing from outside: {url}")


def render_self_report_html(context: dict) -> str:
    return render_to_string(TEMPLATE, context)


def build_self_report_pdf(application: Application) -> bytes:
    """The report as PDF. Fonts are the installed Noto CJK families; nothing is fetched."""
    from weasyprint import HTML

    html = render_self_report_html(self_report_context(application))
    return HTML(string=html, base_url=None, url_fetcher=_refuse_fetch).write_pdf()


def build_self_report_docx(application: Application) -> bytes:
    """The report as a Word document, in the same outline as the PDF."""
    return _write_docx(self_report_context(application))


# ---- Word ---------------------------------------------------------------------------------
EAST_ASIAN_FONT = "宋体"
WESTERN_FONT = "Times New Roman"


def _set_fonts(rpr_owner) -> None:
    """Name the East Asian font explicitly (w:eastAsia), or Word falls back for Chinese."""
    from docx.oxml.ns import qn

    fonts = rpr_owner.get_or_add_rPr().get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:ascii"), WESTERN_FONT)
    fonts.set(qn("w:hAnsi"), WESTERN_FONT)
    fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)


def _run(paragraph, text: str, *, bold: bool = False, size: float | None = None):
    from docx.shared import Pt

    run = paragraph.add_run(text)
    _set_fonts(run._element)
    run.bold = bold or None
    if size:
        run.font.size = Pt(size)
    return run


def _paragraph(container, text: str = "", *, style=None, bold=False, size=None, align=None):
    paragraph = container.add_paragraph(style=style)
    if text:
        _run(paragraph, text, bold=bold, size=size)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _table(document, header: list[str], rows: list[list[str]], widths=None):
    from docx.shared import Cm

    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].text = ""
        _run(cell.paragraphs[0], text, bold=True)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            bold = isinstance(text, tuple)
            _run(cell.paragraphs[0], text[0] if bold else str(text), bold=bold)
    if widths:
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Cm(width)
    return table


def _page_number_footer(section) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = 1
    _run(paragraph, "第 ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    inner = OxmlElement("w:r")
    _set_fonts(inner)
    text = OxmlElement("w:t")
    text.text = "1"
    inner.append(text)
    field.append(inner)
    paragraph._p.append(field)
    _run(paragraph, " 页")


def _write_docx(context: dict) -> bytes:
    import io

    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Cm, Pt, RGBColor

    document = Document()
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3"):
        style = document.styles[name]
        _set_fonts(style.element)
        if name != "Normal":
            style.font.color.rgb = RGBColor(0, 0, 0)
    document.styles["Normal"].font.size = Pt(11)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    section.different_first_page_header_footer = True
    _page_number_footer(section)
    center = WD_ALIGN_PARAGRAPH.CENTER

    def heading(text, level):
        paragraph = document.add_heading(level=level)
        _run(paragraph, text)
        return paragraph

    # Cover
    for _blank in range(4):
        _paragraph(document)
    _paragraph(document, context["title"], bold=True, size=26, align=center)
    for _blank in range(4):
        _paragraph(document)
    enterprise = context["enterprise"]
    for label, value in (
        ("企业名称（盖章）", enterprise["name"]),
        ("统一社会信用代码", enterprise["uscc"]),
        ("所在辖市区", enterprise["district"]),
        ("申报批次", context["batch"]),
        ("编制单位", context["prepared_by"]),
        ("报告日期", context["date"]),
    ):
        paragraph = _paragraph(document)
        _run(paragraph, f"{label}：", bold=True, size=13)
        _run(paragraph, value, size=13)
    _paragraph(document)
    _paragraph(document, "（盖章）", size=13, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, "法定代表人（签字）：________________", size=13)
    _paragraph(document, "编制人（签字）：________________", size=13)
    _paragraph(document, "日期：______年____月____日", size=13)
    _run(document.add_paragraph(), "").add_break(WD_BREAK.PAGE)

    heading("一、企业基本情况", 1)
    _table(
        document,
        ["项目", "内容"],
        [[(label,), value] for label, value in context["form"]],
        widths=(5, 11),
    )
    _paragraph(document, "管理体系认证情况", bold=True)
    if context["certifications"]:
        _table(
            document,
            ["管理体系", "证书编号", "认证机构", "有效期至"],
            [
                [c["kind"], c["number"], c["issuer"], c["expires_on"]]
                for c in context["certifications"]
            ],
        )
    else:
        _paragraph(document, "未填写管理体系认证。")

    heading("二、绿色工厂建设情况与自评过程", 1)
    for text in context["process"]:
        _paragraph(document, text)

    heading("三、指标自评情况", 1)
    for aspect in context["aspects"]:
        heading(f"{aspect['code']} {aspect['name']}", 2)
        if aspect["is_gates"]:
            rows = [
                [r["code"], r["name"], r["result"]] for r in aspect["rows"] if not r["is_group"]
            ]
            _table(document, ["编码", "基本要求", "自评结论"], rows, widths=(2, 10.5, 3.5))
            continue
        rows = []
        for r in aspect["rows"]:
            if r["is_group"]:
                rows.append([(r["code"],), (r["name"],), "", "", "", "", ""])
            else:
                rows.append(
                    [
                        r["code"],
                        r["name"],
                        r["requirement"],
                        r["max_points"],
                        r["result"],
                        r["status"],
                        r["explanation"],
                    ]
                )
        rows.append(
            ["", ("小计",), "", (aspect["max_points"],), (aspect["subtotal"] + " 分",), "", ""]
        )
        _table(
            document,
            ["编码", "指标", "必选/可选", "满分", "自评得分/数值", "满足情况", "说明"],
            rows,
            widths=(1.6, 3.8, 1.4, 1.2, 2.8, 1.6, 3.6),
        )

    heading("四、能源与碳排放", 1)
    energy = context["energy"]
    _paragraph(
        document, f"折标准煤系数和排放因子：{energy['table']}；电网排放因子：{energy['grid']}。"
    )
    if not energy["years"]:
        _paragraph(document, "尚未填报能源与资源绩效数据。")
    for year in energy["years"]:
        heading(f"{year['year']} 年", 2)
        if year["energy"]:
            _table(
                document,
                ["能源品种", "消费量", "单位", "折标准煤系数"],
                [[e["name"], e["amount"], e["unit"], e["coefficient"]] for e in year["energy"]],
            )
            _paragraph(document)
        _table(
            document,
            ["指标", "数值", "单位", "计算方法"],
            [[f["name"], f["value"], f["unit"], f["formula"]] for f in year["figures"]],
            widths=(3.6, 2.6, 2.4, 7.4),
        )

    heading("五、自评结论", 1)
    conclusion = context["conclusion"]
    _paragraph(document, f"自评总分：{conclusion['total']} 分", bold=True, size=13)
    _table(
        document,
        ["一级指标", "满分", "自评得分"],
        [[f"{s['code']} {s['name']}", s["max"], s["value"]] for s in conclusion["subtotals"]],
    )
    for title, items in (
        ("不满足的基本要求（一票否决）", conclusion["gate_failures"]),
        ("不满足的必选要求", conclusion["unmet_required"]),
        ("尚未填写的项目", conclusion["missing"]),
    ):
        if items:
            _paragraph(document, f"{title}：", bold=True)
            for item in items:
                _paragraph(document, item, style="List Bullet")
    _paragraph(document, conclusion["verdict"])

    heading("附件清单", 1)
    if context["evidence"]:
        _table(
            document,
            ["序号", "文件名", "对应指标", "SHA-256（前 12 位）"],
            [
                [str(n), e["name"], e["indicator"] or e["kind"], e["sha256"]]
                for n, e in enumerate(context["evidence"], start=1)
            ],
            widths=(1.2, 6.8, 5, 3),
        )
    else:
        _paragraph(document, "无。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _verdict(conclusion: dict) -> str:
    if conclusion["eligible"]:
        return (
            f"经自评，本企业满足全部基本要求和必选要求，自评总分为 {conclusion['total']} 分"
            f"（本批次认定分数线为高于 {conclusion['threshold']} 分）。"
        )
    return (
        f"经自评，本企业自评总分为 {conclusion['total']} 分，尚有上列基本要求、必选要求或"
        "未填写项目，须整改或补充后方可申报。"
    )


def application_for_job(job) -> Application:
    """The job's application, if its requester may still see it."""
    return (
        applications_visible_to(job.requested_by)
        .filter(code=job.params["application"])
        .distinct()
        .get()
    )


@register_exporter("self_report_pdf")
def export_self_report_pdf(job) -> ExportFile:
    application = application_for_job(job)
    name = document_filename("自评报告", application, f"-v{application.version}.pdf")
    return ExportFile(name, build_self_report_pdf(application))


@register_exporter("self_report_docx")
def export_self_report_docx(job) -> ExportFile:
    application = application_for_job(job)
    name = document_filename("自评报告", application, f"-v{application.version}.docx")
    return ExportFile(name, build_self_report_docx(application))
