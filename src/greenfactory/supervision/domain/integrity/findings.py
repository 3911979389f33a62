"""The rules that find integrity signals (诚信提示) in an application or a yearly filing
(decisions §66). Each rule returns ``Found`` rows — kind, key, evidence as data — and
``record_found`` keeps them: a signal found again keeps its disposition; an open signal no longer
found goes. Signals inform a person; nothing here changes an application or a filing.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from statistics import median

from django.db import transaction

from greenfactory.applications.domain.figures import record_figures
from greenfactory.applications.enums import ApplicationState
from greenfactory.applications.models import Application, EvidenceFile
from greenfactory.filings.domain.filings import designation_of
from greenfactory.filings.enums import FILED_STATES
from greenfactory.filings.models import AnnualFiling
from greenfactory.programme.domain.coefficients import carriers_of
from greenfactory.programme.enums import Formula
from greenfactory.reviews.models import AuditFinding

from ...enums import SignalKind, SignalState
from ...models import IntegritySignal
from . import texts

# The figures compared with peers and across years: energy, carbon and water per output.
CHECKED_FORMULAS = (
    Formula.UNIT_PRODUCT_ENERGY,
    Formula.UNIT_PRODUCT_CARBON,
    Formula.CARBON_INTENSITY_OUTPUT,
    Formula.WATER_INTAKE_PER_PRODUCT,
)
# Per unit of product: comparable between two factories only when they count the same unit.
PER_PRODUCT = (
    Formula.UNIT_PRODUCT_ENERGY,
    Formula.UNIT_PRODUCT_CARBON,
    Formula.WATER_INTAKE_PER_PRODUCT,
)
# The raw inputs compared for "identical across years" and "contradicts the designation".
INPUT_FIELDS = ("energy", "output_quantity", "output_value_10k_yuan", "water_intake_m3")
NOT_PEER_STATES = (ApplicationState.DRAFT, ApplicationState.WITHDRAWN)


@dataclass
class Found:
    kind: str
    key: str
    evidence: dict = field(default_factory=dict)
    other: Application | None = None


def _number(value) -> str:
    return f"{Decimal(value).quantize(Decimal('0.0001')).normalize():f}"


# --- Same file, two enterprises --------------------------------------------------------------


def same_files(application: Application) -> list[Found]:
    """An evidence file whose SHA-256 is also in another enterprise's application."""
    own = {f.sha256: f for f in application.evidence_files.all()}
    if not own:
        return []
    others = (
        EvidenceFile.objects.filter(sha256__in=list(own))
        .exclude(application__enterprise_id=application.enterprise_id)
        .exclude(application__state=ApplicationState.WITHDRAWN)
        .select_related("application")
        .order_by("application_id", "pk")
    )
    by_other: dict[int, Found] = {}
    for other_file in others:
        other = other_file.application
        found = by_other.setdefault(
            other.pk,
            Found(
                SignalKind.SAME_FILE,
                other.code,
                {"other_application": other.code, "files": []},
                other,
            ),
        )
        mine = own[other_file.sha256]
        found.evidence["files"].append(
            {
                "sha256": mine.sha256,
                "file": mine.code,
                "name": mine.original_name,
                "other_file": other_file.code,
                "other_name": other_file.original_name,
            }
        )
    return list(by_other.values())


# --- Copied text ------------------------------------------------------------------------------


def passages_of(application: Application) -> dict[str, str]:
    """The application's free text: main products, each self-evaluation explanation (the
    qualitative answers the report's sections are written from) and the on-site audit's
    findings."""
    found = {"products": application.products or ""}
    for row in application.self_evaluations.select_related("indicator"):
        if row.explanation:
            found[f"answer:{row.indicator.code}"] = row.explanation
    for row in AuditFinding.objects.filter(audit__application=application).select_related(
        "indicator"
    ):
        if row.finding:
            found[f"finding:{row.indicator.code}"] = row.finding
    return found


def copied_texts(application: Application, *, store: bool = True) -> list[Found]:
    """Passages of other enterprises' applications resembling this one's (MinHash/LSH,
    ``texts``); the signature is built once, when called at submission (``store``)."""
    if store:
        own = texts.store_passages(application, passages_of(application))
    else:
        own = list(application.text_passages.all())
    threshold = application.batch.integrity_text_similarity
    by_other: dict[int, Found] = {}
    for match in texts.matches(application, own, threshold):
        other = match.other.application
        if other.state in NOT_PEER_STATES:
            continue
        found = by_other.setdefault(
            other.pk,
            Found(
                SignalKind.COPIED_TEXT,
                other.code,
                {
                    "other_application": other.code,
                    "shared_agency": bool(
                        application.prepared_by_agency_id
                        and application.prepared_by_agency_id == other.prepared_by_agency_id
                    ),
                    "passages": [],
                },
                other,
            ),
        )
        found.evidence["passages"].append(
            {
                "own": match.own.source,
                "other": match.other.source,
                "similarity": round(match.similarity, 2),
            }
        )
    return list(by_other.values())


# --- Implausible figures ----------------------------------------------------------------------


def _inputs(record) -> dict:
    return {
        name: (getattr(record, name) if name == "energy" else _plain(getattr(record, name)))
        for name in INPUT_FIELDS
    }


def _plain(value):
    return None if value is None else _number(value)


def _has_data(inputs: dict) -> bool:
    return bool(inputs["energy"]) or inputs["output_quantity"] is not None


def robust_range(values: list[Decimal], k: Decimal) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """(median, MAD, low, high): the median ± k·MAD of the values."""
    middle = median(values)
    mad = median([abs(v - middle) for v in values])
    return middle, mad, middle - k * mad, middle + k * mad


def _peer_values(formula, unit, exclude_enterprise_id, figures_of) -> list:
    values = []
    for enterprise_id, (peer_unit, figures) in figures_of.items():
        if enterprise_id == exclude_enterprise_id:
            continue
        if formula in PER_PRODUCT and peer_unit != unit:
            continue
        figure = figures.get(formula)
        if figure is not None and figure.value is not None:
            values.append(figure.value)
    return values


def peer_application_figures(application: Application) -> dict[int, tuple[str, dict]]:
    """{enterprise id: (unit of output, figures)}: the latest year of the latest submitted
    application of every other enterprise of the same GB/T 4754 class."""
    industry_id = application.enterprise.industry_id
    if industry_id is None:
        return {}
    peers = (
        Application.objects.filter(enterprise__industry_id=industry_id, submitted_at__isnull=False)
        .exclude(enterprise_id=application.enterprise_id)
        .exclude(state__in=NOT_PEER_STATES)
        .select_related("batch__coefficient_table", "batch__grid_factor")
        .prefetch_related("performance_years")
        .order_by("enterprise_id", "-submitted_at")
    )
    found: dict[int, tuple[str, dict]] = {}
    carriers: dict[int, dict] = {}
    for peer in peers:
        if peer.enterprise_id in found:
            continue
        years = sorted(peer.performance_years.all(), key=lambda r: r.year)
        if not years:
            continue
        table = peer.batch.coefficient_table_id
        if table not in carriers:
            carriers[table] = carriers_of(peer.batch.coefficient_table)
        found[peer.enterprise_id] = (
            years[-1].output_unit,
            record_figures(years[-1], peer.batch, carriers[table]),
        )
    return found


def peer_outliers(enterprise_id, year, unit, figures, peers, batch) -> list[Found]:
    """A figure outside the median ± k·MAD of the peers' same figure, where at least the
    batch's minimum of peers (never fewer than five) report it and their MAD is not zero."""
    found = []
    for formula in CHECKED_FORMULAS:
        figure = figures.get(formula)
        if figure is None or figure.value is None:
            continue
        values = _peer_values(formula, unit, enterprise_id, peers)
        if len(values) < max(batch.integrity_min_peers, 5):
            continue
        middle, mad, low, high = robust_range(values, batch.integrity_mad_k)
        if mad == 0 or low <= figure.value <= high:
            continue
        found.append(
            Found(
                SignalKind.PEER_OUTLIER,
                f"{formula}:{year}",
                {
                    "formula": formula,
                    "year": year,
                    "value": _number(figure.value),
                    "unit": str(figure.unit),
                    "median": _number(middle),
                    "mad": _number(mad),
                    "k": _number(batch.integrity_mad_k),
                    "low": _number(low),
                    "high": _number(high),
                    "peers": len(values),
                },
            )
        )
    return found


def identical_years(records: list) -> list[Found]:
    """Two consecutive years whose inputs (energy by carrier, output, water) are all the same."""
    found = []
    for before, after in pairwise(records):
        a, b = _inputs(before), _inputs(after)
        if _has_data(a) and a == b:
            found.append(
                Found(
                    SignalKind.IDENTICAL_YEARS,
                    f"{before.year}-{after.year}",
                    {"years": [before.year, after.year]},
                )
            )
    return found


def year_jumps(years: list[tuple[int, dict]], factor: Decimal) -> list[Found]:
    """A checked figure that grows or shrinks by more than ``factor`` from one year to the
    next. ``years`` is [(year, figures)] in order."""
    found = []
    for (y1, before), (y2, after) in pairwise(years):
        for formula in CHECKED_FORMULAS:
            a, b = before.get(formula), after.get(formula)
            if a is None or b is None or a.value is None or b.value is None:
                continue
            if a.value <= 0 or b.value <= 0:
                continue
            ratio = max(a.value / b.value, b.value / a.value)
            if ratio > factor:
                found.append(
                    Found(
                        SignalKind.YEAR_JUMP,
                        f"{formula}:{y2}",
                        {
                            "formula": formula,
                            "from_year": y1,
                            "to_year": y2,
                            "before": _number(a.value),
                            "after": _number(b.value),
                            "unit": str(b.unit),
                            "ratio": _number(ratio),
                            "factor": _number(factor),
                        },
                    )
                )
    return found


def implausible_figures(application: Application) -> list[Found]:
    batch = application.batch
    carriers = carriers_of(batch.coefficient_table)
    records = list(application.performance_years.order_by("year"))
    if not records:
        return []
    by_year = [(r.year, record_figures(r, batch, carriers)) for r in records]
    latest = records[-1]
    found = peer_outliers(
        application.enterprise_id,
        latest.year,
        latest.output_unit,
        by_year[-1][1],
        peer_application_figures(application),
        batch,
    )
    found += identical_years(records)
    found += year_jumps(by_year, batch.integrity_jump_factor)
    return found


# --- Filings ----------------------------------------------------------------------------------


def peer_filing_figures(filing: AnnualFiling) -> dict[int, tuple[str, dict]]:
    """{enterprise id: (unit, figures)} of the filed filings of the same year of the other
    enterprises of the same GB/T 4754 class."""
    industry_id = filing.enterprise.industry_id
    if industry_id is None:
        return {}
    peers = (
        AnnualFiling.objects.filter(
            enterprise__industry_id=industry_id, year=filing.year, state__in=FILED_STATES
        )
        .exclude(enterprise_id=filing.enterprise_id)
        .select_related("reference_batch__coefficient_table", "reference_batch__grid_factor")
    )
    return {p.enterprise_id: (p.output_unit, record_figures(p, p.reference_batch)) for p in peers}


def filing_findings(filing: AnnualFiling) -> list[Found]:
    """A filing's figures against its peers, the factory's previous year (its filing, or the
    application's last year) and the figures the title was granted on."""
    batch = filing.reference_batch
    figures = record_figures(filing, batch)
    found = peer_outliers(
        filing.enterprise_id,
        filing.year,
        filing.output_unit,
        figures,
        peer_filing_figures(filing),
        batch,
    )
    designation = designation_of(filing.enterprise)
    previous = (
        AnnualFiling.objects.filter(
            enterprise_id=filing.enterprise_id, year=filing.year - 1, state__in=FILED_STATES
        )
        .select_related("reference_batch__coefficient_table", "reference_batch__grid_factor")
        .first()
    )
    base, base_batch = previous, batch
    if previous is not None:
        base_batch = previous.reference_batch
    elif designation is not None:
        base = designation.performance_years.filter(year=filing.year - 1).first()
        base_batch = designation.batch
    if base is not None:
        found += identical_years([base, filing])
        found += year_jumps(
            [(base.year, record_figures(base, base_batch)), (filing.year, figures)],
            batch.integrity_jump_factor,
        )
    if designation is not None:
        found += _against_designation(filing, figures, designation, batch)
    return found


def _against_designation(filing, figures, designation, batch) -> list[Found]:
    """The filing against the figures the title was granted on: the same year restated
    differently, or — for a later year — a checked figure beyond the batch's factor of the
    designation's last year (the figures the title rests on were not the factory's own)."""
    found = []
    granted = designation.performance_years.filter(year=filing.year).first()
    if granted is None:
        last = designation.performance_years.order_by("-year").first()
        if last is None or last.year >= filing.year:
            return found
        then = record_figures(last, designation.batch)
        for jump in year_jumps(
            [(last.year, then), (filing.year, figures)], batch.integrity_jump_factor
        ):
            found.append(
                Found(
                    SignalKind.CONTRADICTS_DESIGNATION,
                    f"{jump.evidence['formula']}:{filing.year}",
                    {**jump.evidence, "year": filing.year, "designation": designation.code},
                )
            )
        return found
    filed, then = _inputs(filing), _inputs(granted)
    differences = [
        {"field": name, "filed": filed[name], "granted": then[name]}
        for name in INPUT_FIELDS
        if filed[name] != then[name]
    ]
    if differences:
        found.append(
            Found(
                SignalKind.CONTRADICTS_DESIGNATION,
                str(filing.year),
                {"year": filing.year, "designation": designation.code, "differences": differences},
            )
        )
    return found


# --- Keeping what was found -------------------------------------------------------------------


def record_found(found: list[Found], *, application=None, filing=None, kinds=None) -> list:
    """Keep the signals found for one subject: new ones open, those found again with their
    evidence updated and their disposition kept, open ones of ``kinds`` no longer found
    removed. Not audited: the platform finds, an officer's disposition is the audited act."""
    subject = {"application": application} if application is not None else {"filing": filing}
    owner = application if application is not None else filing
    batch_id = application.batch_id if application is not None else filing.reference_batch_id
    district_id = owner.enterprise.district_id
    kept = []
    with transaction.atomic():
        for row in found:
            signal, _created = IntegritySignal.objects.update_or_create(
                **subject,
                kind=row.kind,
                key=row.key,
                defaults={
                    "evidence": row.evidence,
                    "other_application": row.other,
                    "batch_id": batch_id,
                    "district_id": district_id,
                },
            )
            kept.append(signal.pk)
        stale = IntegritySignal.objects.filter(**subject, state=SignalState.OPEN).exclude(
            pk__in=kept
        )
        if kinds is not None:
            stale = stale.filter(kind__in=kinds)
        stale.delete()
    return kept


MATCH_KINDS = (SignalKind.SAME_FILE, SignalKind.COPIED_TEXT)
FIGURE_KINDS = (SignalKind.PEER_OUTLIER, SignalKind.IDENTICAL_YEARS, SignalKind.YEAR_JUMP)


def _mirror(application: Application, found: list[Found]) -> None:
    """The other side of a match learns of it too, where it is under review."""
    for row in found:
        other = row.other
        if other is None or other.state in NOT_PEER_STATES:
            continue
        evidence = dict(row.evidence, other_application=application.code)
        if row.kind == SignalKind.SAME_FILE:
            evidence["files"] = [
                {
                    "sha256": f["sha256"],
                    "file": f["other_file"],
                    "name": f["other_name"],
                    "other_file": f["file"],
                    "other_name": f["name"],
                }
                for f in row.evidence["files"]
            ]
        else:
            evidence["passages"] = [
                {"own": p["other"], "other": p["own"], "similarity": p["similarity"]}
                for p in row.evidence["passages"]
            ]
        IntegritySignal.objects.update_or_create(
            application=other,
            kind=row.kind,
            key=application.code,
            defaults={
                "evidence": evidence,
                "other_application": application,
                "batch_id": other.batch_id,
                "district_id": other.enterprise.district_id,
            },
        )


def find_application_signals(application: Application) -> list[int]:
    """Every rule on a submitted application: builds its passages' signatures, records the
    signals on it and mirrors the matches on the other applications."""
    application = Application.objects.select_related(
        "batch__coefficient_table", "batch__grid_factor", "enterprise"
    ).get(pk=application.pk)
    matches = same_files(application) + copied_texts(application)
    found = matches + implausible_figures(application)
    kept = record_found(found, application=application, kinds=MATCH_KINDS + FIGURE_KINDS)
    _mirror(application, matches)
    return kept


def find_filing_signals(filing: AnnualFiling) -> list[int]:
    filing = AnnualFiling.objects.select_related(
        "reference_batch__coefficient_table", "reference_batch__grid_factor", "enterprise"
    ).get(pk=filing.pk)
    return record_found(
        filing_findings(filing),
        filing=filing,
        kinds=(*FIGURE_KINDS, SignalKind.CONTRADICTS_DESIGNATION),
    )
