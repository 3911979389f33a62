"""The on-site audit (现场审核): scheduling the joint team, recording per indicator what was
verified and how, completing it with a record PDF, and the enterprise's acknowledgement.

Scheduling and completion move the application through its transition table.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenfactory.accounts.enums import Role
from greenfactory.applications.domain.transitions import TransitionRefused, transition
from greenfactory.applications.enums import ApplicationState
from greenfactory.core.domain.audit import (
    AuditEntry,
    changed_fields,
    record_event,
    record_events,
    snapshot,
)
from greenfactory.core.domain.workflow import Edits, Move, Workflow, check_edit, check_move, move
from greenfactory.core.uploads import JPEG, PNG, check_upload

from ..enums import AuditMethod, AuditStatus
from ..models import AuditFinding, AuditPhoto, SiteAudit, SiteAuditMember
from ..signals import site_audit_completed
from ..tasks import build_audit_record

FINDING_FIELDS = (
    "methods",
    "verified_met",
    "verified_score",
    "verified_value",
    "change_reason",
    "finding",
)


def team_problems(application, members, lead) -> list[str]:
    """The team must include a city officer and an officer of the enterprise's district."""
    problems = []
    district = application.enterprise.district
    if not any(m.role == Role.CITY_OFFICER for m in members):
        problems.append(_("The team needs at least one city bureau officer."))
    if not any(m.role == Role.DISTRICT_OFFICER and m.region_id == district.pk for m in members):
        problems.append(
            _("The team needs an officer of %(district)s.") % {"district": district.name}
        )
    allowed = (Role.CITY_OFFICER, Role.DISTRICT_OFFICER, Role.EXPERT)
    outsiders = [str(m) for m in members if m.role not in allowed]
    if outsiders:
        problems.append(
            _("Only officers and experts can be on the team: %(names)s.")
            % {"names": "、".join(outsiders)}
        )
    if lead not in members:
        problems.append(_("The team leader must be a member of the team."))
    return problems


def schedule_site_audit(application, *, actor, when, location: str, members, lead) -> SiteAudit:
    """Schedule the joint audit; the application becomes "on-site audit scheduled".

    Side effects (one transaction): the audit and its team; the transition's status change and
    audit entry; the enterprise sees the date and place on its application.
    """
    members = list(dict.fromkeys(members))
    problems = team_problems(application, members, lead)
    if problems:
        raise TransitionRefused("；".join(str(p) for p in problems))
    if when <= timezone.now():
        raise TransitionRefused(_("Choose a date and time in the future."))
    created = {}

    def effects(current):
        audit = SiteAudit.objects.create(
            application=current,
            version=current.version,
            scheduled_for=when,
            location=location,
            scheduled_by=actor,
        )
        SiteAuditMember.objects.bulk_create(
            [SiteAuditMember(audit=audit, user=m, is_lead=(m == lead)) for m in members]
        )
        created["audit"] = audit
        return {
            "audit": audit.code,
            "when": when.isoformat(),
            "team": [m.username for m in members],
        }

    transition(application, ApplicationState.SITE_AUDIT, actor=actor, effects=effects)
    return created["audit"]


# The enterprise's figures are shown on the audit page to these places (floatformat "-2" and
# "-4"): a verified figure copied from the page is the enterprise's, not a change.
SCORE_SHOWN = Decimal("0.01")
VALUE_SHOWN = Decimal("0.0001")


class FindingRefused(TransitionRefused):
    """A finding refused; ``field`` names the form field the message belongs beside."""

    def __init__(self, message, *, field: str):
        super().__init__(message)
        self.field = field


def differs_as_shown(verified, enterprise, places: Decimal) -> bool:
    """Whether a verified figure differs from the enterprise's at the precision shown."""
    if verified is None:
        return False
    if enterprise is None:
        return True
    return verified.quantize(places, ROUND_HALF_UP) != Decimal(enterprise).quantize(
        places, ROUND_HALF_UP
    )


def record_finding(audit: SiteAudit, indicator, *, actor, data: dict) -> AuditFinding:
    """Record what the team verified for one indicator (``record_findings`` with one)."""
    [finding] = record_findings(audit, [(indicator, data)], actor=actor)
    return finding


@transaction.atomic
def record_findings(audit: SiteAudit, findings, *, actor) -> list[AuditFinding]:
    """Record what the team verified, for several indicators as one edit: ``findings`` is a
    list of (indicator, data), each checked and saved as if recorded alone, in their order (an
    indicator given twice is recorded twice, the second over the first). One refused records
    none of them.

    A verified score or value that differs from the enterprise's needs a reason; the
    enterprise's figure is kept beside it ("A → B, reason"). The audit is locked and read once
    with its application's batch, and the enterprise's answers and the findings already
    recorded for these indicators are read once (decisions §113). Side effects: one audit
    entry per finding that changed, in their order.
    """
    current = (
        SiteAudit.objects.select_for_update(of=("self",))
        .select_related("application__batch")
        .get(pk=audit.pk)
    )
    check_edit(actor, current)
    system_id = current.application.batch.indicator_system_id
    if any(indicator.system_id != system_id for indicator, _data in findings):
        raise PermissionDenied
    pks = {indicator.pk for indicator, _data in findings}
    previous = {}
    for row in current.application.self_evaluations.filter(indicator__in=pks).order_by("pk"):
        previous.setdefault(row.indicator_id, (row.score, row.value))
    recorded = {f.indicator_id: f for f in current.findings.filter(indicator__in=pks)}
    entries, saved = [], []
    for indicator, data in findings:
        fields = _checked(indicator, data, previous.get(indicator.pk, (None, None)))
        finding = recorded.get(indicator.pk) or AuditFinding(audit=current, indicator=indicator)
        before = snapshot(finding, FINDING_FIELDS)
        for name, value in fields.items():
            setattr(finding, name, value)
        finding.recorded_by = actor
        finding.save()
        recorded[indicator.pk] = finding
        saved.append(finding)
        diff = changed_fields(before, snapshot(finding, FINDING_FIELDS))
        if diff:
            entries.append(
                AuditEntry(
                    "reviews.site_audit.finding_recorded",
                    current,
                    {"indicator": indicator.code, **diff},
                )
            )
    if entries:
        record_events(entries, actor=actor)
    return saved


def _checked(indicator, data: dict, enterprise) -> dict:
    """One finding's fields from its data, once checked; ``enterprise`` is the enterprise's
    (score, value)."""
    methods = [m for m in data.get("methods", []) if m in AuditMethod.values]
    score, value = data.get("verified_score"), data.get("verified_value")
    if (
        score is not None
        and indicator.max_points is not None
        and not (Decimal(0) <= score <= indicator.max_points)
    ):
        raise FindingRefused(
            _("The verified score must be between 0 and %(max)s.") % {"max": indicator.max_points},
            field="verified_score",
        )
    enterprise_score, enterprise_value = enterprise
    changed = differs_as_shown(score, enterprise_score, SCORE_SHOWN) or differs_as_shown(
        value, enterprise_value, VALUE_SHOWN
    )
    reason = (data.get("change_reason") or "").strip()
    if changed and not reason:
        raise FindingRefused(
            _("%(code)s: the verified figure differs from the enterprise's; give the reason.")
            % {"code": indicator.code},
            field="change_reason",
        )
    return {
        "methods": methods,
        "enterprise_score": enterprise_score,
        "enterprise_value": enterprise_value,
        "verified_met": data.get("verified_met"),
        "verified_score": score,
        "verified_value": value,
        "change_reason": reason,
        "finding": (data.get("finding") or "").strip(),
    }


def add_audit_photo(audit: SiteAudit, *, actor, upload, indicator=None) -> AuditPhoto:
    """Keep a photo taken on site. The file is checked (and scanned) before the transaction,
    so the audit entry of a refused file stays."""
    check_edit(actor, audit)
    checked = check_upload(upload, allowed=(JPEG, PNG))
    with transaction.atomic():
        photo = AuditPhoto(
            audit=audit,
            indicator=indicator,
            **checked.fields_for(AuditPhoto),
            uploaded_by=actor,
        )
        photo.file.save(checked.name, upload, save=False)
        photo.save()
        record_event(
            "reviews.site_audit.photo_added",
            actor=actor,
            obj=audit,
            changes={"file": checked.name, "sha256": checked.sha256},
        )
    return photo


AUDIT_MOVES = {
    (AuditStatus.SCHEDULED, AuditStatus.COMPLETED): Move(
        "reviews.finish_site_audit", "reviews.site_audit.completed"
    ),
}

WORKFLOW = Workflow(
    name=_("On-site audit"),
    model=SiteAudit,
    states=AuditStatus,
    table=AUDIT_MOVES,
    field="status",
    refused=TransitionRefused,
    wrong_state=lambda current, to: str(_("This audit has already been completed.")),
    initial=AuditStatus.SCHEDULED,
    # Its findings and photos: by the team's members, while it is scheduled.
    edits=Edits(
        "reviews.record_finding",
        (AuditStatus.SCHEDULED,),
        closed=_("This audit has already been completed."),
    ),
)


def complete_site_audit(audit: SiteAudit, *, actor, conclusion: str) -> SiteAudit:
    """Close the audit with the team's conclusion (``AUDIT_MOVES``); the application becomes
    "audited" in the same transaction (its own table), and the audit record PDF is produced in
    the background for the enterprise to acknowledge. ``site_audit_completed`` is sent in the
    transaction (the integrity signals are found again with the findings, decisions §66).

    The audit's state and the finisher's permission are checked before the conclusion, as the
    engine orders them; the application's row is locked before the audit's, as every step on
    an application's audit does."""
    check_move(actor, audit, AuditStatus.COMPLETED)
    conclusion = conclusion.strip()
    if not conclusion:
        raise TransitionRefused(_("Write the team's conclusion."))

    def finish(locked):
        locked.conclusion = conclusion
        locked.completed_at = timezone.now()
        transaction.on_commit(lambda: build_audit_record.enqueue(locked.pk))
        return {"findings": locked.findings.count()}

    def effects(application):
        done = move(audit, AuditStatus.COMPLETED, actor=actor, effects=finish)
        site_audit_completed.send(sender=SiteAudit, application=application)
        return {"audit": done.code}

    transition(audit.application, ApplicationState.AUDITED, actor=actor, effects=effects)
    audit.refresh_from_db()
    return audit


@transaction.atomic
def acknowledge_site_audit(audit: SiteAudit, *, actor) -> SiteAudit:
    """The enterprise confirms it has received the audit record. Side effects: audit entry."""
    current = (
        SiteAudit.objects.select_for_update(of=("self",))
        .select_related("application")
        .get(pk=audit.pk)
    )
    if not actor.has_perm("reviews.acknowledge_site_audit", current):
        raise PermissionDenied
    if current.status != AuditStatus.COMPLETED or not current.record:
        raise TransitionRefused(_("The audit record is not ready yet."))
    if current.acknowledged_at is not None:
        raise TransitionRefused(_("The audit record has already been acknowledged."))
    current.acknowledged_by = actor
    current.acknowledged_at = timezone.now()
    current.save(update_fields=["acknowledged_by", "acknowledged_at"])
    record_event("reviews.site_audit.acknowledged", actor=actor, obj=current)
    return current
