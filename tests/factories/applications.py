"""Applications in each state, written as rows: what the state implies is there, and nothing
goes through the workflow (``applications.domain.transitions``), whose own tests replay it.

``DraftApplicationFactory`` is an application just started; ``filled=True`` adds everything an
enterprise fills in before submitting (the 申请表, three years of performance data, an answer to
every indicator and the evidence each answer demands), so that ``submit_application`` accepts it.
Each later state adds the rows its step writes:

- submitted: the frozen ``ApplicationVersion`` (with its self score), ``submitted_at``,
  ``submitted_score`` and the status change;
- returned / district_rejected: the district review deciding it, version 2 opened on return;
- recommended: the district review with a clean checklist and its ``RecommendationRank``;
- site_audit: a scheduled ``SiteAudit`` with its team (a city officer leads, a district
  officer joins); audited: the audit completed with a conclusion;
- expert_review: experts assigned (``experts=3``, or a list of users), none submitted;
- reviewed: every expert's scores submitted and the ``ExpertResult`` aggregated by the batch's
  rule, as ``complete_expert_review`` leaves it.

Options (keyword arguments, not model fields): ``filled``, ``quality`` (0–1, how well the
enterprise does: 0.8 scores about 80), ``submitted_by``, ``reviewer``, ``team``, ``experts``.
"""

import atexit
import errno
import functools
import hashlib
import os
import shutil
import tempfile
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import factory
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.utils import timezone

from greenfactory.applications.domain.figures import refresh_computed_values
from greenfactory.applications.domain.submission import application_snapshot
from greenfactory.applications.enums import (
    ApplicationState,
    AuditKind,
    CertificationKind,
    EvidenceKind,
    NegativeListItem,
)
from greenfactory.applications.models import (
    Application,
    ApplicationVersion,
    Certification,
    EvidenceFile,
    PerformanceYear,
    SelfEvaluation,
    StatusChange,
)
from greenfactory.core.dates import years_after
from greenfactory.programme.enums import IndicatorKind

from .accounts import EnterpriseFactory
from .programme import BatchFactory
from .reviews import (
    assignment_rows,
    complete_audit_row,
    decide_rows,
    expert_result_row,
    rank_row,
    site_audit_row,
    submitted_scores_rows,
)

HALF = Decimal("0.5")

# A one-page PDF small enough to write for every piece of evidence.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


# Keyword arguments taken by the states' steps, not by the model.
STEP_OPTIONS = ("filled", "quality", "submitted_by", "reviewer", "team", "experts")


def record_move(application, to, *, actor=None, reason="", **fields):
    """Put ``application`` in state ``to`` with its history row, as the workflow would leave it
    (without the audit entry and the notifications, which the workflow's own tests check)."""
    before = application.state
    application.state = to
    for name, value in fields.items():
        setattr(application, name, value)
    application.save()
    StatusChange.objects.create(
        application=application, from_state=before, to_state=to, actor=actor, reason=reason
    )
    return application


def _answer(indicator, quality: Decimal) -> dict:
    if indicator.kind == IndicatorKind.GATE:
        return {"met": True}
    values = {"explanation": "已按要求落实，详见证明材料。"}
    if indicator.is_required:
        values["met"] = True
    if indicator.kind == IndicatorKind.QUALITATIVE:
        points = indicator.max_points * quality / HALF
        values["score"] = points.quantize(1, rounding=ROUND_HALF_UP) * HALF
    elif indicator.bands:
        key = "max" if indicator.direction == "lower" else "min"
        band = indicator.bands[min(len(indicator.bands) - 1, int(quality * len(indicator.bands)))]
        values["value"] = Decimal(str(band[key]))
    elif indicator.benchmark is not None and indicator.leading is not None:
        values["value"] = indicator.benchmark + (indicator.leading - indicator.benchmark) * quality
    return values


def _performance(application, year: int) -> PerformanceYear:
    return PerformanceYear(
        application=application,
        year=year,
        energy={
            "electricity": "18000000",
            "natural_gas": "900000",
            "diesel": "20000",
            "renewable_electricity": "1500000",
        },
        output_quantity=Decimal(25_000),
        output_unit="t",
        output_value_10k_yuan=Decimal(80_000),
        water_intake_m3=Decimal(150_000),
        water_reused_m3=Decimal(900_000),
        wastewater_treated_m3=Decimal(100_000),
        wastewater_reused_m3=Decimal(70_000),
        solid_waste_generated_t=Decimal(3_000),
        solid_waste_utilised_t=Decimal(2_850),
        solid_waste_stock_utilised_t=Decimal(0),
        land_area_m2=Decimal(120_000),
        floor_area_m2=Decimal(96_000),
        high_storey_floor_area_m2=Decimal(30_000),
        footprint_m2=Decimal(60_000),
        process_co2_t=Decimal(0),
    )


TINY_PDF_SHA256 = hashlib.sha256(TINY_PDF).hexdigest()


@functools.cache
def _tiny_pdf_source() -> Path:
    """The one copy of ``TINY_PDF`` that the evidence files of this process link to, in a
    folder of its own (removed when the process ends): outside every media folder, so no test
    that lists the stored files finds it."""
    folder = Path(tempfile.mkdtemp(prefix="tiny-pdf-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    source = folder / "tiny.pdf"
    source.write_bytes(TINY_PDF)
    return source


def _store_tiny_pdf(evidence, name: str) -> None:
    """Store ``TINY_PDF`` as ``evidence.file`` under the stored name the field gives it. On the
    file system the file is a hard link to one copy: a filled application has 40–60 pieces of
    evidence, and writing each afresh (the storage's checks, a new file's blocks) was about a
    third of what filling one in cost (decisions §109). Another storage, or another file
    system, gets the bytes written through the storage."""
    storage = evidence.file.storage
    stored = evidence.file.field.generate_filename(evidence, name)
    if isinstance(storage, FileSystemStorage):
        path = Path(storage.path(stored))
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(_tiny_pdf_source(), path)
        except OSError as error:
            if error.errno != errno.EXDEV:
                raise
        else:
            evidence.file.name = stored
            return
    evidence.file.name = storage.save(stored, ContentFile(TINY_PDF))


def _evidence(application, name: str, *, indicator=None, kind=EvidenceKind.EVIDENCE):
    evidence = EvidenceFile(
        application=application,
        indicator=indicator,
        kind=kind,
        original_name=name,
        content_type="application/pdf",
        size=len(TINY_PDF),
        sha256=TINY_PDF_SHA256,
        version=application.version,
    )
    _store_tiny_pdf(evidence, name)
    return evidence


def fill_rows(application, *, quality=Decimal("0.8")) -> Application:
    """Everything the enterprise fills in before submitting, written directly."""
    application.refresh_from_db()
    quality = Decimal(str(quality))
    batch = application.batch
    application.products = "新型环保材料、精密零部件"
    application.founded_on = date(2010, 3, 18)
    application.employees = 420
    application.output_value = Decimal(86_000)
    application.contact_person = application.contact_person or "张伟"
    application.contact_phone = application.contact_phone or "13905190001"
    application.negative_list = {
        item.value: {"answer": False, "note": ""} for item in NegativeListItem
    }
    application.declaration_accepted = True
    application.declaration_at = timezone.now()
    application.energy_audit_kind = AuditKind.ENERGY_AUDIT
    application.energy_audit_on = years_after(timezone.localdate(batch.closes_at), -1)
    application.save()
    Certification.objects.bulk_create(
        Certification(
            application=application,
            kind=kind,
            certificate_no=f"CN-{kind.value.upper()}-2024-{i:04d}",
            issuer="中国质量认证中心",
            expires_on=date(batch.year + 1, 12, 31),
        )
        for i, kind in enumerate(CertificationKind, start=1)
    )
    PerformanceYear.objects.bulk_create(
        _performance(application, year) for year in range(batch.year - 3, batch.year)
    )
    indicators = list(
        batch.indicator_system.indicators.exclude(kind=IndicatorKind.GROUP).filter(formula="")
    )
    answers = {indicator: _answer(indicator, quality) for indicator in indicators}
    SelfEvaluation.objects.bulk_create(
        SelfEvaluation(application=application, indicator=indicator, **values)
        for indicator, values in answers.items()
    )
    refresh_computed_values(application)
    files = [
        _evidence(application, f"{indicator.code}-{indicator.evidence[0]}.pdf", indicator=indicator)
        for indicator, values in answers.items()
        if indicator.evidence
        and indicator.kind != IndicatorKind.QUANTITATIVE
        and (
            indicator.kind == IndicatorKind.GATE
            or indicator.is_required
            or (values.get("score") or 0) > 0
        )
    ]
    files.append(
        _evidence(application, "自评报告（盖章扫描件）.pdf", kind=EvidenceKind.REPORT_SCAN)
    )
    files.append(_evidence(application, "能源审计报告.pdf", kind=EvidenceKind.ENERGY_AUDIT))
    EvidenceFile.objects.bulk_create(files)
    return application


def submit_rows(application, *, actor=None) -> Application:
    """The rows ``submit_application`` writes: the frozen version and its self score."""
    snapshot = application_snapshot(application)
    version = ApplicationVersion.objects.create(
        application=application,
        number=application.version,
        snapshot=snapshot,
        self_score=snapshot["self_score"]["total"],
        submitted_by=actor,
    )
    return record_move(
        application,
        ApplicationState.SUBMITTED,
        actor=actor,
        submitted_at=timezone.now(),
        submitted_score=version.self_score,
    )


class DraftApplicationFactory(factory.django.DjangoModelFactory):
    """An application the enterprise has started (``start_application``): prefilled contact,
    nothing else unless ``filled=True``."""

    class Meta:
        model = Application

    batch = factory.SubFactory(BatchFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    contact_person = factory.LazyAttribute(lambda o: o.enterprise.contact_person)
    contact_phone = factory.LazyAttribute(lambda o: o.enterprise.phone)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        options = {name: kwargs.pop(name) for name in STEP_OPTIONS if name in kwargs}
        application = super()._create(model_class, *args, **kwargs)
        cls._reach(application, **options)
        application.refresh_from_db()
        return application

    @classmethod
    def _reach(cls, application, *, filled=False, quality=Decimal("0.8"), **_later):
        if filled:
            fill_rows(application, quality=quality)


ApplicationFactory = DraftApplicationFactory


class SubmittedApplicationFactory(DraftApplicationFactory):
    """Submitted, awaiting the district's pre-review: in its district's queue."""

    @classmethod
    def _reach(cls, application, *, submitted_by=None, **options):
        super()._reach(application, **{**options, "filled": True})
        submit_rows(application, actor=submitted_by)


class ReturnedApplicationFactory(SubmittedApplicationFactory):
    """Returned for revision by the district: version 2 is open for the enterprise."""

    @classmethod
    def _reach(cls, application, *, reviewer=None, **options):
        super()._reach(application, **options)
        reason = "请补充照明改造验收资料"
        decide_rows(application, "returned", reviewer=reviewer, reason=reason)
        record_move(
            application,
            ApplicationState.RETURNED,
            actor=reviewer,
            reason=reason,
            version=application.version + 1,
        )


class DistrictRejectedApplicationFactory(SubmittedApplicationFactory):
    """Not recommended by the district, with its reason."""

    @classmethod
    def _reach(cls, application, *, reviewer=None, **options):
        super()._reach(application, **options)
        reason = "不符合申报条件"
        decide_rows(application, "rejected", reviewer=reviewer, reason=reason)
        record_move(application, ApplicationState.DISTRICT_REJECTED, actor=reviewer, reason=reason)


class RecommendedApplicationFactory(SubmittedApplicationFactory):
    """Recommended to the city after a clean checklist, last in its district's ranking."""

    @classmethod
    def _reach(cls, application, *, reviewer=None, **options):
        super()._reach(application, **options)
        decide_rows(application, "recommended", reviewer=reviewer)
        rank_row(application)
        record_move(application, ApplicationState.RECOMMENDED, actor=reviewer)


class SiteAuditApplicationFactory(RecommendedApplicationFactory):
    """The joint on-site audit is scheduled, a week ahead."""

    @classmethod
    def _reach(cls, application, *, team=None, **options):
        super()._reach(application, **options)
        audit = site_audit_row(application, team=team)
        record_move(application, ApplicationState.SITE_AUDIT, actor=audit.scheduled_by)


class AuditedApplicationFactory(SiteAuditApplicationFactory):
    """The on-site audit is completed with the team's conclusion."""

    @classmethod
    def _reach(cls, application, **options):
        super()._reach(application, **options)
        audit = complete_audit_row(application)
        record_move(application, ApplicationState.AUDITED, actor=audit.scheduled_by)


class ExpertReviewApplicationFactory(AuditedApplicationFactory):
    """Experts assigned (``experts``: how many, or the users), none has submitted yet."""

    @classmethod
    def _reach(cls, application, *, experts=3, **options):
        super()._reach(application, **options)
        assignments = assignment_rows(application, experts)
        record_move(application, ApplicationState.EXPERT_REVIEW, actor=assignments[0].assigned_by)


class ReviewedApplicationFactory(ExpertReviewApplicationFactory):
    """Every expert has submitted the enterprise's own scores; the result is aggregated by the
    batch's rule. Ranked by ``compute_ranking`` once its batch is in review."""

    @classmethod
    def _reach(cls, application, **options):
        super()._reach(application, **options)
        submitted_scores_rows(application)
        result = expert_result_row(application)
        record_move(application, ApplicationState.REVIEWED, actor=result.computed_by)
