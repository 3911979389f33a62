"""Filling an application completely, as an enterprise would: used by the demo and the tests.

Everything goes through the same domain functions as the web pages.
"""

import random
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from greenfactory.applications.domain.drafts import (
    NewEvidence,
    add_evidence_files,
    save_application_form,
    save_performance_year,
    save_self_evaluation,
)
from greenfactory.applications.enums import (
    AuditKind,
    CertificationKind,
    EvidenceKind,
    NegativeListItem,
)
from greenfactory.core.dates import years_after
from greenfactory.programme.enums import IndicatorKind

HALF = Decimal("0.5")


SAMPLE_PDF = Path(__file__).with_name("files") / "sample-evidence.pdf"


@cache
def sample_pdf() -> bytes:
    """A real one-page PDF to stand in for scanned evidence: ``render_sample_pdf``'s bytes,
    stored, since importing WeasyPrint and rendering cost every loading process about a second
    of CPU (decisions §113)."""
    return SAMPLE_PDF.read_bytes()


def render_sample_pdf() -> bytes:
    """The sample PDF as WeasyPrint renders it: how ``SAMPLE_PDF`` was made, and is made again
    (``tests/demo/test_sample_pdf.py`` checks the two are the same bytes)."""
    from weasyprint import HTML  # noqa: PLC0415 -- weasyprint is slow to import

    return HTML(
        string="<p style=\"font-family: 'Noto Sans CJK SC'; font-size: 20pt\">证明材料（演示）</p>"
    ).write_pdf()


def _pdf(name: str, owner: str = "") -> SimpleUploadedFile:
    """The sample PDF, made a file of its own per ``owner`` (a comment after its end), so that
    two enterprises' files differ unless the demo means them to be the same (§66)."""
    content = sample_pdf() + (f"\n% {owner}\n".encode() if owner else b"")
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def fill_form(application, *, actor):
    save_application_form(
        application,
        actor=actor,
        data={
            "products": "新型环保材料、精密零部件",
            "founded_on": date(2010, 3, 18),
            "employees": 420,
            "output_value": Decimal("86000"),
            "contact_person": application.contact_person or "张伟",
            "contact_phone": application.contact_phone or "13905190001",
            "energy_audit_kind": AuditKind.ENERGY_AUDIT,
            "energy_audit_on": years_after(timezone.localdate(application.batch.closes_at), -1),
            "negative_list": {
                item.value: {"answer": False, "note": ""} for item in NegativeListItem
            },
            "declaration_accepted": True,
        },
        certifications=[
            {
                "kind": kind.value,
                "certificate_no": f"CN-{kind.value.upper()}-2024-{i:04d}",
                "issuer": "中国质量认证中心",
                "expires_on": date(2027, 12, 31),
            }
            for i, kind in enumerate(CertificationKind, start=1)
        ],
        revision=None,
    )


def fill_performance(application, *, actor, rng: random.Random, efficiency=Decimal(1)):
    """Three years of performance data; ``efficiency`` scales the energy and water used per
    unit of output (1: the demo's ordinary factory; above 1 uses more)."""
    batch = application.batch
    scale = Decimal(rng.randint(60, 140)) / 100
    for offset, year in enumerate(range(batch.year - 3, batch.year)):
        trend = (Decimal(1) - Decimal(offset) / 25) * efficiency
        save_performance_year(
            application,
            actor=actor,
            year=year,
            data={
                "energy": {
                    "electricity": str((Decimal(18_000_000) * scale * trend).quantize(1)),
                    "natural_gas": str((Decimal(900_000) * scale * trend).quantize(1)),
                    "diesel": str((Decimal(20_000) * scale).quantize(1)),
                    "renewable_electricity": str((Decimal(1_500_000) * scale).quantize(1)),
                },
                "output_quantity": (Decimal(25_000) * scale).quantize(1),
                "output_unit": "t",
                "output_value_10k_yuan": (Decimal(80_000) * scale).quantize(1),
                "water_intake_m3": (Decimal(150_000) * scale * efficiency).quantize(1),
                "water_reused_m3": (Decimal(900_000) * scale).quantize(1),
                "wastewater_treated_m3": (Decimal(120_000) * scale).quantize(1),
                "wastewater_reused_m3": (Decimal(90_000) * scale).quantize(1),
                "solid_waste_generated_t": (Decimal(3_000) * scale).quantize(1),
                "solid_waste_utilised_t": (Decimal(2_850) * scale).quantize(1),
                "solid_waste_stock_utilised_t": Decimal(0),
                "land_area_m2": Decimal(120_000),
                "floor_area_m2": Decimal(96_000),
                "high_storey_floor_area_m2": Decimal(30_000),
                "footprint_m2": Decimal(60_000),
                "process_co2_t": Decimal(0),
            },
            revision=None,
        )


def fill_self_evaluation(application, *, actor, quality: float, rng: random.Random):
    """Answer every indicator; ``quality`` (0–1) is how well the enterprise does."""
    answers = {}
    for indicator in application.batch.indicator_system.indicators.exclude(
        kind=IndicatorKind.GROUP
    ):
        if indicator.kind == IndicatorKind.GATE:
            answers[indicator] = {"met": True}
            continue
        values = {"explanation": "已按要求落实，详见证明材料。"}
        if indicator.is_required:
            values["met"] = True
        share = Decimal(str(min(1.0, max(0.0, quality + rng.uniform(-0.15, 0.15)))))
        if indicator.kind == IndicatorKind.QUALITATIVE:
            points = indicator.max_points * share / HALF
            values["score"] = points.quantize(1, rounding=ROUND_HALF_UP) * HALF
        elif not indicator.formula:
            if indicator.bands:
                key = "max" if indicator.direction == "lower" else "min"
                band = indicator.bands[
                    min(len(indicator.bands) - 1, int(share * len(indicator.bands)))
                ]
                values["value"] = Decimal(str(band[key]))
            else:
                values["value"] = (
                    indicator.benchmark + (indicator.leading - indicator.benchmark) * share
                )
        answers[indicator] = values
    save_self_evaluation(application, actor=actor, answers=answers, revision=None)


def attach_evidence(application, *, actor):
    """One file for every indicator that demands evidence, and the signed report scan: one
    upload of them all (``add_evidence_files``)."""
    owner = application.enterprise.uscc
    scored = {row.indicator_id: row for row in application.self_evaluations.all()}
    files = []
    for indicator in application.batch.indicator_system.indicators.exclude(
        kind__in=[IndicatorKind.GROUP, IndicatorKind.QUANTITATIVE]
    ):
        answer = scored.get(indicator.pk)
        demanded = (
            indicator.kind == IndicatorKind.GATE
            or indicator.is_required
            or (answer is not None and (answer.score or 0) > 0)
        )
        if indicator.evidence and demanded:
            files.append(
                NewEvidence(_pdf(f"{indicator.code}-{indicator.evidence[0]}.pdf", owner), indicator)
            )
    files.append(
        NewEvidence(_pdf("自评报告（盖章扫描件）.pdf", owner), kind=EvidenceKind.REPORT_SCAN)
    )
    if application.batch.third_party_report_required:
        files.append(
            NewEvidence(_pdf("第三方评价报告.pdf", owner), kind=EvidenceKind.THIRD_PARTY_REPORT)
        )
    files.append(NewEvidence(_pdf("能源审计报告.pdf", owner), kind=EvidenceKind.ENERGY_AUDIT))
    add_evidence_files(application, actor=actor, files=files)


def fill_application(
    application, *, actor, quality: float = 0.8, seed: int = 1, efficiency=Decimal(1)
):
    rng = random.Random(seed)  # noqa: S311  (reproducible demo data)
    fill_form(application, actor=actor)
    fill_performance(application, actor=actor, rng=rng, efficiency=efficiency)
    fill_self_evaluation(application, actor=actor, quality=quality, rng=rng)
    attach_evidence(application, actor=actor)
    application.refresh_from_db()
    return application
