"""Writes while an application is being prepared: start it, save its parts, attach evidence.

Every save checks the ``revision`` the user's page was built on, so that two people of the
same enterprise editing at once are told instead of silently overwriting each other.

Every write here increments ``Application.revision``. A section's save locks the row and raises
``StaleEdit`` when the posted revision is older; the page keeps the user's entries and receives
the current revision, so saving again overwrites knowingly. Evidence uploads and removals and
the workbook import do not check the revision (they add or remove a file, or replace rows as a
whole) but increment it. There is one revision per application, so a save in one section makes
every other open section page stale, the same user's other tab included; the draft keeper
(``core/static/core/draft-keeper.js``) restores typed values only onto the revision they were
typed on.
"""

from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, router, transaction
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenfactory.accounts.enums import Role
from greenfactory.core.compiled_reads import CompiledRead, PerConnection
from greenfactory.core.domain.audit import (
    AuditEntry,
    changed_fields,
    record_event,
    record_events,
    save_changes,
    snapshot,
)
from greenfactory.core.domain.workflow import check_edit
from greenfactory.core.refusals import StaleEdit
from greenfactory.core.uploads import check_upload
from greenfactory.programme.enums import BatchPurpose, IndicatorKind

from ..enums import ApplicationState, EvidenceKind
from ..models import Application, Certification, EvidenceFile, PerformanceYear, SelfEvaluation
from .eligibility import accident_gate, accident_gate_met, check_eligible_to_start
from .figures import check_output_unit, refresh_computed_values
from .restart import carry_over_withdrawn
from .transitions import TransitionRefused

FORM_FIELDS = (
    "products",
    "founded_on",
    "employees",
    "output_value",
    "contact_person",
    "contact_phone",
    "energy_audit_kind",
    "energy_audit_on",
    "negative_list",
    "declaration_accepted",
)
FORM_WRITES = (
    *FORM_FIELDS,
    "declaration_by",
    "declaration_at",
    "prepared_by_agency",
    "revision",
    "updated_at",
)
ANSWER_FIELDS = ("not_applicable", "met", "score", "value", "explanation")
YEAR_FIELDS = tuple(
    f.name
    for f in PerformanceYear._meta.get_fields()
    if getattr(f, "concrete", False) and f.name not in {"id", "application", "year"}
)


_PK_MARK = -731_004_200_002

# The locked read of every save and upload, compiled once per connection (§105).
_LOCKED_APPLICATION = PerConnection(
    lambda alias: CompiledRead(
        Application.objects.using(alias).select_for_update(of=("self",)).filter(pk=_PK_MARK),
        {"pk": _PK_MARK},
    )
)


def _lock_for_edit(application: Application, actor, revision: int | None) -> Application:
    """The application's row read again under the lock, every field of it current; its
    enterprise and batch (which an application never changes) taken from ``application`` when
    the caller loaded them, so the locked read joins nothing (decisions §81)."""
    alias = router.db_for_write(Application)
    current = _LOCKED_APPLICATION(alias).first(pk=application.pk)
    if current is None:
        raise Application.DoesNotExist
    for name in ("enterprise", "batch"):
        field = Application._meta.get_field(name)
        if field.is_cached(application):
            field.set_cached_value(current, field.get_cached_value(application))
    check_edit(actor, current)
    if revision is not None and revision != current.revision:
        raise StaleEdit(
            _(
                "Someone else of your enterprise saved this application at %(time)s. Your "
                "entries are still on the page: check them and save again to keep them."
            )
            % {"time": timezone.localtime(current.updated_at).strftime("%H:%M:%S")}
        )
    return current


def _touch(application: Application) -> None:
    application.revision += 1
    application.save(update_fields=["revision", "updated_at"])


@transaction.atomic
def start_application(batch, *, actor) -> Application:
    """Open the enterprise's application in a batch, prefilled from the registry.

    Refused for a spot-check batch, when the enterprise does not meet the batch's conditions
    (``eligibility.check_eligible_to_start``: every unmet one named), or when it already has an
    application in the batch. Side effects: audit entry.
    """
    if not actor.has_perm("applications.start_application"):
        raise PermissionDenied
    enterprise = actor.enterprise
    if batch.purpose == BatchPurpose.SPOT_CHECK:
        raise TransitionRefused(
            _(
                "This batch is a spot check (抽检): the bureau opens the applications of the "
                "factories drawn."
            )
        )
    check_eligible_to_start(batch, enterprise)
    application = _create_application(
        batch, enterprise, actor=actor, action="applications.application.started"
    )
    carry_over_withdrawn(application, actor=actor)
    return application


@transaction.atomic
def open_spot_check_application(batch, enterprise, *, actor, title_code: str) -> Application:
    """Open the application a factory drawn for a spot check (抽检) fills: the same 申请表,
    自评表, performance data, evidence and 自评报告 as a first application, in the spot-check
    round's batch. Called by the round's draw; the actor manages the batch (city officer of its
    region). Side effects: audit entry naming the title checked."""
    if batch.purpose != BatchPurpose.SPOT_CHECK:
        raise TransitionRefused(_("Only a spot-check batch takes spot-check applications."))
    if not actor.has_perm("programme.manage_batch", batch):
        raise PermissionDenied
    return _create_application(
        batch,
        enterprise,
        actor=actor,
        action="applications.application.opened_for_spot_check",
        extra={"title": title_code},
    )


def _create_application(batch, enterprise, *, actor, action: str, extra=None) -> Application:
    existing = Application.objects.filter(batch=batch, enterprise=enterprise).exclude(
        state=ApplicationState.WITHDRAWN
    )
    if existing.exists():
        raise TransitionRefused(_("Your enterprise already has an application in this batch."))
    try:
        with transaction.atomic():
            application = Application.objects.create(
                batch=batch,
                enterprise=enterprise,
                contact_person=enterprise.contact_person,
                contact_phone=enterprise.phone,
            )
    except IntegrityError as error:
        raise TransitionRefused(
            _("Your enterprise already has an application in this batch.")
        ) from error
    record_event(
        action, actor=actor, obj=application, changes={"batch": batch.code, **(extra or {})}
    )
    return application


def save_application_form(
    application, *, actor, data: dict, certifications: list[dict], revision: int | None
) -> Application:
    """Save the 申请表 part. Side effects: audit entry with what changed.

    The batch's accident rule (frozen with its indicator system) is looked up before the
    transaction, and the row is written once with its new revision, so the write lock is held
    only for the reads and writes that need it (decisions §81).
    """
    gate = accident_gate(application.batch) if "negative_list" in data else None
    with transaction.atomic():
        current = _lock_for_edit(application, actor, revision)
        before = snapshot(current, FORM_FIELDS)
        if actor.role == Role.AGENCY:
            # The declaration of authenticity is the enterprise's own, as submission is.
            data = {**data, "declaration_accepted": current.declaration_accepted}
        for name in FORM_FIELDS:
            if name in data:
                setattr(current, name, data[name])
        if data.get("declaration_accepted") and not before["declaration_accepted"]:
            current.declaration_by = actor
            current.declaration_at = timezone.now()
        if not current.declaration_accepted:
            current.declaration_by, current.declaration_at = None, None
        if actor.role == Role.AGENCY and current.prepared_by_agency_id != actor.agency_id:
            current.prepared_by_agency_id = actor.agency_id
        current.revision += 1
        # The row was read whole under the lock: only what this save sets is written.
        current.save(update_fields=FORM_WRITES)
        if gate is not None:
            _answer_accident_gate(current, gate)
        kept = set()
        for row in certifications:
            Certification.objects.update_or_create(
                application=current,
                kind=row["kind"],
                defaults={
                    "certificate_no": row.get("certificate_no", ""),
                    "issuer": row.get("issuer", ""),
                    "expires_on": row.get("expires_on"),
                },
            )
            kept.add(row["kind"])
        current.certifications.exclude(kind__in=kept).delete()
        changes = changed_fields(before, snapshot(current, FORM_FIELDS))
        if changes:
            record_event(
                "applications.application.form_saved", actor=actor, obj=current, changes=changes
            )
    return current


def _answer_accident_gate(application: Application, gate) -> None:
    """The negative-list declaration on accidents answers the batch's basic requirement on
    accidents (decisions §51): its 自评表 row follows the declaration. The row is written only
    when its answer changes."""
    met = accident_gate_met(application)
    row = SelfEvaluation.objects.filter(application=application, indicator=gate).first()
    if row is None:
        SelfEvaluation.objects.create(
            application=application, indicator=gate, met=met, not_applicable=False
        )
    elif row.met != met or row.not_applicable:
        row.met, row.not_applicable = met, False
        row.save(update_fields=["met", "not_applicable", "updated_at"])


@transaction.atomic
def save_self_evaluation(application, *, actor, answers: dict, revision: int | None):
    """Save rows of the 自评表: ``answers`` maps an indicator to its field values.

    A value the platform computes from performance data is never taken from the user.
    Side effects: audit entry listing the changed indicators.
    """
    current = _lock_for_edit(application, actor, revision)
    existing = {
        answer.indicator_id: answer
        for answer in current.self_evaluations.filter(indicator__in=list(answers))
    }
    changed = {}
    gate = current.batch.accident_gate
    for indicator, values in answers.items():
        if gate and indicator.code == gate and indicator.kind == IndicatorKind.GATE:
            # Answered by the negative-list declaration on the application form.
            values = {name: value for name, value in values.items() if name != "met"}
        answer = existing.get(indicator.pk) or SelfEvaluation(
            application=current, indicator=indicator
        )
        before = snapshot(answer, ANSWER_FIELDS)
        for name in ANSWER_FIELDS:
            if name == "value" and indicator.formula:
                continue
            if name in values:
                setattr(answer, name, values[name])
        if not indicator.allow_na:
            answer.not_applicable = False
        if answer.score is not None and indicator.max_points is not None:
            answer.score = min(max(answer.score, Decimal(0)), indicator.max_points)
        diff = changed_fields(before, snapshot(answer, ANSWER_FIELDS))
        if diff or answer._state.adding:
            # A row whose answer is unchanged is not written again (decisions §81).
            answer.save()
        if diff:
            changed[indicator.code] = diff
    _touch(current)
    if changed:
        record_event(
            "applications.self_evaluation.saved", actor=actor, obj=current, changes=changed
        )
    return current


@transaction.atomic
def save_performance_year(application, *, actor, year: int, data: dict, revision: int | None):
    """Save one year of performance data, then refill the computed indicator values.

    Side effects: audit entry with what changed; computed self-evaluation values updated.
    """
    current = _lock_for_edit(application, actor, revision)
    batch_year = current.batch.year
    if not batch_year - 3 <= year <= batch_year:
        raise TransitionRefused(
            _("Performance data covers the three years before the batch (%(first)s–%(last)s).")
            % {"first": batch_year - 3, "last": batch_year - 1}
        )
    if "output_unit" in data:
        check_output_unit(current, data["output_unit"] or "")
    record, _created = PerformanceYear.objects.get_or_create(application=current, year=year)
    save_changes(
        record,
        data,
        YEAR_FIELDS,
        actor=actor,
        action="applications.performance.saved",
        extra={"year": year},
        subject=current,
    )
    refresh_computed_values(current)
    _touch(current)
    return current


class NewEvidence(NamedTuple):
    """One file to attach: the upload, the indicator it proves (or none) and its kind."""

    upload: object
    indicator: object = None
    kind: str = EvidenceKind.EVIDENCE


def add_evidence(application, *, actor, upload, indicator=None, kind="evidence") -> EvidenceFile:
    """Check and store one file (``add_evidence_files`` with one)."""
    [evidence] = add_evidence_files(
        application, actor=actor, files=[NewEvidence(upload, indicator, kind)]
    )
    return evidence


def add_evidence_files(application, *, actor, files) -> list[EvidenceFile]:
    """Check and store several files (``NewEvidence``) as one edit. Each file's content is
    checked and written to storage before the transaction, so that the write lock is not held
    while megabytes are copied (decisions §81); then one transaction locks the row once, checks
    the application's total with all of them, writes their rows and increments the revision
    once (decisions §102). The rows and the stored files appear together or not at all: a
    refused or failed file deletes every file stored for the call. Side effects: one audit
    entry per file, in the files' order."""
    stored = []
    try:
        for upload, indicator, kind in files:
            checked = check_upload(upload)
            evidence = EvidenceFile(
                application=application,
                indicator=indicator,
                kind=kind,
                **checked.fields_for(EvidenceFile),
                uploaded_by=actor,
            )
            evidence.file.save(checked.name, upload, save=False)
            stored.append(evidence)
        with transaction.atomic():
            current = _lock_for_edit(application, actor, None)
            used = current.evidence_files.aggregate(total=Sum("size"))["total"] or 0
            if used + sum(e.size for e in stored) > settings.UPLOAD_MAX_APPLICATION_BYTES:
                raise TransitionRefused(
                    _("The application's files would exceed %(max)s in total.")
                    % {"max": filesizeformat(settings.UPLOAD_MAX_APPLICATION_BYTES)}
                )
            system_id = current.batch.indicator_system_id
            if any(e.indicator is not None and e.indicator.system_id != system_id for e in stored):
                raise PermissionDenied
            for evidence in stored:
                evidence.application = current
                evidence.version = current.version
            EvidenceFile.objects.bulk_create(stored)
            _touch(current)
            record_events(
                [
                    AuditEntry(
                        "applications.evidence.added",
                        obj=current,
                        changes={
                            "file": e.original_name,
                            "sha256": e.sha256,
                            "kind": e.kind,
                            "indicator": e.indicator.code if e.indicator else "",
                        },
                    )
                    for e in stored
                ],
                actor=actor,
            )
    except Exception:
        for evidence in stored:
            evidence.file.delete(save=False)
        raise
    return stored


@transaction.atomic
def remove_evidence(evidence: EvidenceFile, *, actor) -> None:
    """Remove a file the enterprise attached to the current version. Files of a submitted
    version stay, as that version's record. Side effects: audit entry."""
    current = _lock_for_edit(evidence.application, actor, None)
    if evidence.version != current.version:
        raise TransitionRefused(_("Files of a submitted version are kept and cannot be removed."))
    name, digest = evidence.original_name, evidence.sha256
    stored = evidence.file.name
    evidence.delete()
    _touch(current)
    record_event(
        "applications.evidence.removed",
        actor=actor,
        obj=current,
        changes={"file": name, "sha256": digest},
    )
    transaction.on_commit(lambda: evidence.file.storage.delete(stored))
