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
from greenfactory.programme.domain.accidents import in_batch_words
from greenfactory.programme.enums import IndicatorKind, Requirement

from ..enums import EvidenceKind
from ..hooks import peer_comparison
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
                "requirement": str(Requirement(node.requirement).label) if node.requirement else "",
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


def _coefficient(carrier, measured) -> str:
    """The coefficient a carrier's amount was taken at: the measured heat content, if given."""
    if carrier is None:
        return ""
    if measured not in (None, ""):
        return f"实测 {number(Decimal(str(measured)))} MJ/{carrier.unit}"
    return number(carrier.standard_coal) if carrier.standard_coal is not None else ""


def _energy_section(application) -> dict:
    batch = application.batch
    table, grid = batch.coefficient_table, batch.grid_factor
    carriers = {c.key: c for c in table.carriers.all()}
    records = {r.year: r for r in application.performance_years.order_by("year")}
    years = []
    for year, figures in figures_by_year(application).items():
        record = records[year]
        energy = [
            {
                "name": carriers[key].name if key in carriers else key,
                "amount": number(amount),
                "unit": carriers[key].unit if key in carriers else "",
                "coefficient": _coefficient(
                    carriers.get(key), (record.heat_content or {}).get(key)
                ),
            }
            for key, amount in (record.energy or {}).items()
            if amount not in (None, "")
        ]
        rows = []
        for figure in figures.values():
            # Names, units and formulas come from the calculation itself, in the report's
            # language, so the report can never describe a formula the platform does not use.
            rows.append(
                {
                    "name": str(figure.label),
                    "value": number(figure.value) if figure.value is not None else "缺少数据",
                    "unit": str(figure.unit),
                    "formula": str(figure.formula) + (f"（{figure.note}）" if figure.note else ""),
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
        # The self-evaluation is the enterprise's own (决策 §54): a consulting agency only helps
        # prepare the materials and is never named as the report's author.
        f"自评工作由{enterprise.name}自行组织开展，本报告根据企业在平台填报的申请表、自评表、"
        "绩效数据和证明材料生成，经企业确认后签字盖章"
        + (f"；咨询服务机构{agency.name}受企业委托协助准备申报材料。" if agency else "。"),
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


def self_report_context(application: Application, *, peers: bool = False) -> dict:
    """Everything the report shows, as ready-to-print strings, in the report's outline; with
    ``peers``, the peer comparison (同行对标, decisions §67) at the end of section four."""
    with translation.override(REPORT_LANGUAGE):
        context = _context(application)
        context["peers"] = _peer_section(application) if peers else None
        return context


# The bands in the report's words (fixed Chinese, as the rest of the report).
BAND_TEXT = {"top10": "前 10%", "top25": "前 25%", "top50": "前 50%", "below": "后 50%"}
GROUP_TEXT = {"class": "行业小类", "division": "行业大类"}


def _standing_text(standing, unit: str, floor: int) -> str:
    if not standing.enough:
        return f"同行不足 {floor} 家，不作比较"
    text = (
        f"{BAND_TEXT[standing.band]}（同行 {standing.peers} 家，"
        f"{GROUP_TEXT[standing.group_level]} {standing.group_code}）"
    )
    if standing.median is not None:
        text += f"；同行中位数 {number(standing.median)} {unit}"
    return text


def _peer_section(application) -> dict:
    """The peer comparison as the report prints it: one row per key figure."""
    comparison = peer_comparison(application)
    if comparison is None or comparison.year is None:
        return {"year": None, "rows": [], "note": "尚未填报绩效数据，无法进行同行对标。"}
    rows = []
    for figure in comparison.figures:
        benchmark = figure.benchmark
        rows.append(
            {
                "name": str(figure.label),
                "value": f"{number(figure.value)} {figure.unit}",
                "city": _standing_text(figure.standings[0], figure.unit, comparison.min_peers),
                "platform": _standing_text(figure.standings[1], figure.unit, comparison.min_peers),
                "benchmark": f"{number(benchmark.benchmark)} / {number(benchmark.leading)} "
                f"{benchmark.unit}（{benchmark.label}）"
                if benchmark is not None
                else EMPTY,
            }
        )
    return {
        "year": comparison.year,
        "rows": rows,
        "note": (
            f"以下为本企业 {comparison.year} 年关键指标在同行业企业（已提交的申报和年度动态管理表，"
            f"每家企业取最新一年数据）中的位置，分{comparison.city or '本市'}和全平台两个范围；"
            f"同行不足 {comparison.min_peers} 家的不作比较，不列示任何同行企业的数据，"
            "中位数仅在不可能等于某一家企业数据时列示。"
        ),
    }


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
    indicators = in_batch_words(system.indicators.order_by("position"), batch)
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
            "kind": str(f.get_kind_display()),
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
        "prepared_by": enterprise.name,
        "form": [(label, value or "未填写") for label, value in form],
        "certifications": [
            {
                "kind": str(c.get_kind_display()),
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


def build_self_report_pdf(application: Application, *, peers: bool = False) -> bytes:
    """The report as PDF. Fonts are the installed Noto CJK families; nothing is fetched."""
    from weasyprint import HTML  # noqa: PLC0415 -- weasyprint is slow to import

    html = render_self_report_html(self_report_context(application, peers=peers))
    return HTML(string=html, base_url=None, url_fetcher=_refuse_fetch).write_pdf()


def build_self_report_docx(application: Application, *, peers: bool = False) -> bytes:
    """The report as a Word document, in the same outline as the PDF."""
    from .report_docx import write_docx  # noqa: PLC0415 -- python-docx loads only for a Word report

    return write_docx(self_report_context(application, peers=peers))


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


def may_download_document(job, user) -> bool:
    """A document of an application may be downloaded while its requester may still see the
    application (an agency whose authorisation was revoked may not)."""
    return applications_visible_to(user).filter(code=job.params.get("application")).exists()


def application_for_job(job) -> Application:
    """The job's application, if its requester may still see it."""
    return (
        applications_visible_to(job.requested_by)
        .filter(code=job.params["application"])
        .distinct()
        .get()
    )


@register_exporter("self_report_pdf", may_download=may_download_document)
def export_self_report_pdf(job) -> ExportFile:
    application = application_for_job(job)
    name = document_filename("自评报告", application, f"-v{application.version}.pdf")
    return ExportFile(name, build_self_report_pdf(application, peers=_with_peers(job)))


@register_exporter("self_report_docx", may_download=may_download_document)
def export_self_report_docx(job) -> ExportFile:
    application = application_for_job(job)
    name = document_filename("自评报告", application, f"-v{application.version}.docx")
    return ExportFile(name, build_self_report_docx(application, peers=_with_peers(job)))


def _with_peers(job) -> bool:
    """The option asked for when the report was requested; on by default (decisions §67)."""
    return bool(job.params.get("peers", True))
