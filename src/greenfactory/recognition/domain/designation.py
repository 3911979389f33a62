"""Designation (认定): the factories left on a closed public notice become titles, each with a
certificate number; their certificates are built in the background. The registry itself (its
numbers, validity and reads) is ``titles``; designation calls down into it."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from greenfactory.accounts.enums import Role
from greenfactory.accounts.models import User
from greenfactory.core.domain.audit import record_event
from greenfactory.notifications.domain.notify import notify
from greenfactory.programme.domain.batches import move_batch
from greenfactory.programme.enums import BatchState, Programme
from greenfactory.programme.models import Batch
from greenfactory.titles import tasks as title_tasks
from greenfactory.titles.domain.titles import TitleRefused, draw_certificate_number
from greenfactory.titles.domain.validity import term_for
from greenfactory.titles.enums import TitleLevel, TitleSource, TitleStatus
from greenfactory.titles.models import Title, TitleStatusChange
from greenfactory.titles.signals import title_granted

from ..enums import NoticeState
from ..models import PublicNotice
from .ranking import CarbonStatusUnmet, RecognitionRefused, grades_or_refuse


class DesignationRefused(RecognitionRefused):
    """Designation cannot happen now; the message says why."""


def _closed_notice(batch: Batch) -> PublicNotice:
    notice = PublicNotice.objects.filter(batch=batch).first()
    if notice is None:
        raise DesignationRefused(_("The batch has no public notice yet."))
    if notice.state != NoticeState.CLOSED:
        raise DesignationRefused(_("The public notice is still open; close it before designating."))
    return notice


def designation_list(batch: Batch):
    """The entries of the batch's notice that stay on the list, in notice order."""
    return (
        PublicNotice.objects.get(batch=batch)
        .entries.filter(removed=False)
        .select_related("application__enterprise")
        .order_by("position", "pk")
    )


def designation_problems(batch: Batch) -> list[str]:
    """Why the batch cannot be designated now (empty when it can)."""
    try:
        _closed_notice(batch)
    except DesignationRefused as refusal:
        return [str(refusal)]
    problems = []
    if Title.objects.filter(batch=batch).exists():
        problems.append(_("This batch has already been designated."))
    elif batch.state != BatchState.RANKED:
        problems.append(
            _("The batch is “%(state)s”; only a ranked batch can be designated.")
            % {"state": batch.get_state_display()}
        )
    return problems


def designation_grade_problems(batch: Batch) -> list[str]:
    """The warning the designation page gives before the officer posts: each factory of a
    zero-carbon notice published without a grade whose carbon status is now neither grade,
    named as ``designate_batch`` would refuse it (by the same ``_grades``). Empty for other
    programmes and once every entry carries the grade its notice published."""
    if batch.programme != Programme.ZERO_CARBON:
        return []
    try:
        _grades(batch, designation_list(batch))
    except DesignationRefused as refusal:
        return [str(problem) for problem in refusal.problems]
    return []


def designate_batch(batch: Batch, *, actor) -> list[Title]:
    """Designate the factories that stay on the batch's closed notice as city-level titles of
    the batch's programme (认定), a zero-carbon title with the grade its notice published.

    Requires ``recognition.designate_batch`` on the batch, its notice closed and no title yet for
    the batch. Side effects, in one transaction under the batch row lock: one ``Title`` per
    remaining notice entry, in notice order, valid for three years from today, each with a
    certificate number drawn from the locked counter; a ``TitleStatusChange`` ("" → valid) and
    an audit entry per title and one for the batch; a message to the enterprises' users; the
    batch moves ranked → published. After commit one task builds all the certificates.
    """
    with transaction.atomic():
        current = (
            Batch.objects.select_for_update(of=("self",)).select_related("region").get(pk=batch.pk)
        )
        if not actor.has_perm("recognition.designate_batch", current):
            raise PermissionDenied
        problems = designation_problems(current)
        if problems:
            raise DesignationRefused(problems[0])
        entries = list(designation_list(current))
        taken = list(
            Title.objects.filter(
                enterprise__in=[e.application.enterprise_id for e in entries],
                programme=current.programme,
                level=TitleLevel.CITY,
                year=current.year,
            ).select_related("enterprise")
        )
        if taken:
            raise DesignationRefused(
                _("Already a %(title)s of %(year)s: %(names)s.")
                % {
                    "title": taken[0].title_name,
                    "year": current.year,
                    "names": "、".join(t.enterprise.name for t in taken),
                }
            )
        grades = _grades(current, entries)
        issued_on = timezone.localdate()
        due_by = term_for(TitleLevel.CITY).due_by(issued_on)
        titles = []
        for entry in entries:
            title = Title.objects.create(
                enterprise=entry.application.enterprise,
                programme=current.programme,
                level=TitleLevel.CITY,
                grade=grades.get(entry.application_id, ""),
                year=current.year,
                source=TitleSource.DESIGNATED,
                batch=current,
                application=entry.application,
                status=TitleStatus.VALID,
                certificate_number=_certificate_number(current),
                issued_on=issued_on,
                valid_until=due_by,
                created_by=actor,
            )
            TitleStatusChange.objects.create(
                title=title, from_status="", to_status=TitleStatus.VALID, actor=actor
            )
            record_event(
                "recognition.title.designated",
                actor=actor,
                obj=title,
                changes={
                    "enterprise": title.enterprise.uscc,
                    "certificate_number": title.certificate_number,
                    **({"grade": title.grade} if title.grade else {}),
                    "batch": current.code,
                    "valid_until": due_by.isoformat() if due_by else None,
                },
            )
            titles.append(title)
            title_granted.send(sender=Title, title=title, actor=actor)
        record_event(
            "recognition.batch.designated",
            actor=actor,
            obj=current,
            changes={"titles": [t.certificate_number for t in titles]},
        )
        _tell_enterprises(titles, current)
        move_batch(current, BatchState.PUBLISHED, actor=actor, by_step=True)
        transaction.on_commit(lambda: title_tasks.build_certificates.enqueue(current.pk))
    return titles


def _grades(batch: Batch, entries) -> dict[int, str]:
    """Each entry's grade as the notice published it (fixed at the party group's decision,
    decisions §78). An entry of a zero-carbon notice published without one (before grades were
    decided) takes the status rule's grade now; neither grade is refused, naming the factory."""
    grades = {entry.application_id: entry.grade for entry in entries if entry.grade}
    ungraded = [entry.application_id for entry in entries if not entry.grade]
    try:
        grades.update(grades_or_refuse(batch, ungraded))
    except CarbonStatusUnmet as refusal:
        raise DesignationRefused(*refusal.problems) from refusal
    return grades


def _certificate_number(batch: Batch) -> str:
    try:
        return draw_certificate_number(
            batch.region, batch.year, TitleLevel.CITY, programme=batch.programme
        )
    except TitleRefused as refusal:
        raise DesignationRefused(str(refusal)) from refusal


def _tell_enterprises(titles: list[Title], batch: Batch) -> None:
    users = User.objects.filter(
        role=Role.ENTERPRISE, enterprise__in=[t.enterprise_id for t in titles], is_active=True
    )
    by_enterprise: dict[int, list] = {}
    for user in users:
        by_enterprise.setdefault(user.enterprise_id, []).append(user)
    for title in titles:
        recipients = by_enterprise.get(title.enterprise_id)
        if not recipients:
            continue
        with translation.override("zh-hans"):
            if title.programme == Programme.GREEN_FACTORY:
                subject = _("%(enterprise)s is designated a green factory of %(year)s")
            else:
                subject = _("%(enterprise)s is designated a %(title)s of %(year)s")
            subject = subject % {
                "enterprise": title.enterprise.name,
                "year": title.year,
                "title": title.title_name,
            }
            facts = {"batch": batch.title, "number": title.certificate_number}
            if title.valid_until:
                body = _(
                    "%(batch)s. Certificate number %(number)s, due for re-evaluation by "
                    "%(until)s. The certificate can be downloaded once it has been generated."
                ) % {**facts, "until": title.valid_until.isoformat()}
            else:
                stands = _(
                    "%(batch)s. Certificate number %(number)s. The title stands under "
                    "dynamic management (yearly filing, spot checks) until revoked. The "
                    "certificate can be downloaded once it has been generated."
                )
                body = stands % facts
        notify(
            recipients,
            subject=subject,
            body=body,
            url=reverse("titles:certificate", args=[title.code]),
        )


def regenerate_certificates(batch: Batch, *, actor) -> int:
    """Build again the certificates of a batch that are missing (after a failed task).

    Requires ``recognition.issue_certificates``. Side effects: audit entry; one task after
    commit. Returns how many certificates are missing.
    """
    with transaction.atomic():
        current = Batch.objects.select_for_update(of=("self",)).get(pk=batch.pk)
        if not actor.has_perm("recognition.issue_certificates", current):
            raise PermissionDenied
        titles = Title.objects.filter(batch=current)
        if not titles.exists():
            raise DesignationRefused(_("This batch has not been designated yet."))
        missing = titles.filter(certificate="").count()
        record_event(
            "recognition.certificates.regenerated",
            actor=actor,
            obj=current,
            changes={"missing": missing},
        )
        transaction.on_commit(lambda: title_tasks.build_certificates.enqueue(current.pk))
    return missing
