"""Submitting an application, and the named workflow steps around it."""

import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenfactory.programme.enums import IndicatorKind

from ..enums import ApplicationState, EvidenceKind
from ..hooks import more_submission_problems, platform_report_bodies
from ..models import Application, ApplicationVersion
from ..signals import application_submitted
from .eligibility import eligibility_problems
from .figures import answers_of, self_score
from .transitions import TransitionRefused, transition


def submission_problems(application: Application) -> list[str]:
    """Every reason the application cannot be submitted yet, in the order of the form."""
    batch = application.batch
    problems = eligibility_problems(batch, application.enterprise, application)
    if not application.declaration_accepted:
        problems.append(_("The declaration of authenticity has not been accepted."))
    problems.extend(more_submission_problems(application))
    last_year = batch.year - 1
    if not application.performance_years.filter(year=last_year).exists():
        problems.append(_("Performance data for %(year)s is missing.") % {"year": last_year})
    indicators = list(batch.indicator_system.indicators.all())
    answers = answers_of(application)
    sheet = self_score(application, indicators, answers)
    by_code = {indicator.code: indicator for indicator in indicators}
    for code in sheet.gate_failures:
        if code == batch.accident_gate:
            continue  # the negative list's accident line says it, with the batch's grade
        problems.append(
            _("Basic requirement %(code)s %(name)s is not met (一票否决).")
            % {"code": code, "name": by_code[code].display_name}
        )
    for code in sheet.unmet_required:
        problems.append(
            _("Required item %(code)s %(name)s is not met.")
            % {"code": code, "name": by_code[code].display_name}
        )
    for code in sheet.missing:
        problems.append(
            _("%(code)s %(name)s is not answered.")
            % {"code": code, "name": by_code[code].display_name}
        )
    attached = set(
        application.evidence_files.filter(indicator__isnull=False).values_list(
            "indicator_id", flat=True
        )
    )
    for indicator in indicators:
        if not indicator.evidence or indicator.pk in attached:
            continue
        answer = answers.get(indicator.code)
        if answer is None or answer.not_applicable:
            continue
        demanded = (
            indicator.kind == IndicatorKind.GATE or indicator.is_required or (answer.score or 0) > 0
        )
        if demanded and indicator.kind != IndicatorKind.QUANTITATIVE:
            problems.append(
                _("%(code)s %(name)s needs evidence: %(what)s.")
                % {
                    "code": indicator.code,
                    "name": indicator.display_name,
                    "what": "、".join(indicator.evidence),
                }
            )
    files = application.evidence_files.filter(version=application.version)
    if not files.filter(kind=EvidenceKind.REPORT_SCAN).exists():
        problems.append(_("The signed and sealed self-evaluation report has not been uploaded."))
    if third_party_upload_required(application):
        problems.append(_("This batch requires a third-party evaluation report."))
    return problems


def third_party_upload_required(application: Application) -> bool:
    """Whether the enterprise must still upload a third-party evaluation report (decisions
    §61.3): only where the batch asks for one, none is uploaded, and the platform holds no
    report that an evaluation body submitted on the application itself."""
    if not application.batch.third_party_report_required:
        return False
    if application.evidence_files.filter(kind=EvidenceKind.THIRD_PARTY_REPORT).exists():
        return False
    return not platform_report_bodies(application)


@dataclass(frozen=True)
class ThirdPartyReportNotice:
    """What the enterprise is told about the batch's third-party evaluation report (decisions
    §70.3): the bodies whose report is filed on the platform (which then stands for the
    upload, §61.3) and whether the enterprise uploaded one itself."""

    bodies: tuple[str, ...]
    uploaded: bool

    @property
    def filed_on_platform(self) -> bool:
        return bool(self.bodies)


def third_party_report_notice(application: Application) -> ThirdPartyReportNotice | None:
    """None where the batch asks for no third-party evaluation report; otherwise what stands
    for it now, read by the same rule as ``third_party_upload_required`` (two queries)."""
    if not application.batch.third_party_report_required:
        return None
    return ThirdPartyReportNotice(
        bodies=tuple(platform_report_bodies(application)),
        uploaded=application.evidence_files.filter(kind=EvidenceKind.THIRD_PARTY_REPORT).exists(),
    )


def application_snapshot(application: Application) -> dict:
    """Everything submitted, as plain data, for the version history. The answers and the
    evidence are read as values with their indicator's code, not as rows with their indicator
    (an indicator row carries its bands, evidence list and help texts): about a third of
    the snapshot's time went to building those rows (decisions §109)."""
    # Scored from the answers read now, never from a kept sheet: this is the record.
    sheet = self_score(application, answers=answers_of(application))
    data = {
        "form": {
            name: getattr(application, name)
            for name in (
                "products",
                "founded_on",
                "employees",
                "output_value",
                "contact_person",
                "contact_phone",
                "energy_audit_kind",
                "energy_audit_on",
                "negative_list",
            )
        },
        "certifications": [
            {
                "kind": c.kind,
                "certificate_no": c.certificate_no,
                "issuer": c.issuer,
                "expires_on": c.expires_on,
            }
            for c in application.certifications.all()
        ],
        "self_evaluation": {
            row.pop("indicator__code"): row
            for row in application.self_evaluations.values(
                "indicator__code", "not_applicable", "met", "score", "value", "explanation"
            )
        },
        "performance": {
            str(record.year): {
                "energy": record.energy,
                "output_quantity": record.output_quantity,
                "output_value_10k_yuan": record.output_value_10k_yuan,
            }
            for record in application.performance_years.all()
        },
        "evidence": [
            {
                "code": f["code"],
                "name": f["original_name"],
                "sha256": f["sha256"],
                "kind": f["kind"],
                "indicator": f["indicator__code"] or "",
            }
            for f in application.evidence_files.values(
                "code", "original_name", "sha256", "kind", "indicator__code"
            )
        ],
        "self_score": {"total": sheet.total, "subtotals": sheet.subtotals},
    }
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def submit_application(application: Application, *, actor) -> Application:
    """The enterprise submits: refused with every reason while anything is missing.

    Side effects (in the transition's transaction): the submitted version is frozen as an
    ``ApplicationVersion``; ``submitted_at`` and ``submitted_score`` (the version's self score)
    are set.
    """

    def check(current):
        problems = submission_problems(current)
        if problems:
            raise SubmissionRefused(problems)

    def effects(current):
        current.submitted_at = timezone.now()
        snapshot = application_snapshot(current)
        version = ApplicationVersion.objects.create(
            application=current,
            number=current.version,
            snapshot=snapshot,
            self_score=snapshot["self_score"]["total"],
            submitted_by=actor,
        )
        current.submitted_score = version.self_score
        application_submitted.send(sender=Application, application=current)
        return {"version": current.version}

    return transition(
        application, ApplicationState.SUBMITTED, actor=actor, check=check, effects=effects
    )


def return_for_revision(application: Application, *, actor, reason: str, also=None) -> Application:
    """The district returns the application; a new version opens for the enterprise.

    ``also(current)`` runs inside the same transaction (the reviewer's record of the decision).
    """

    def effects(current):
        extra = also(current) if also is not None else {}
        current.version += 1
        return {"new_version": current.version, **extra}

    return transition(
        application, ApplicationState.RETURNED, actor=actor, reason=reason, effects=effects
    )


def withdraw_application(application: Application, *, actor) -> Application:
    return transition(application, ApplicationState.WITHDRAWN, actor=actor)


class SubmissionRefused(TransitionRefused):
    """Submission refused; ``problems`` lists every reason."""

    def __init__(self, problems):
        super().__init__(*problems, headline=_("The application cannot be submitted yet."))
