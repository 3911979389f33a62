"""A title's status (称号状态) and its history: the table of allowed moves and the one function
that changes the status.

A title is valid when granted, and stands until revoked (whether it is in force on a day is
``validity.title_standing``). A spot check (抽检) puts it under check; the check ends with the
title valid again, with rectification (整改) ordered, or with revocation (撤销). Rectification
ends with a re-check. Revocation is final, and may also follow from valid directly (falsified
or missing data, DOMAIN §7).
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from greenfactory.accounts.domain.enterprises import bar_enterprise
from greenfactory.accounts.enums import Role
from greenfactory.accounts.models import User
from greenfactory.core.dates import years_after
from greenfactory.core.domain.workflow import Move, Workflow, move
from greenfactory.notifications.domain.notify import notify

from ..enums import TitleLevel, TitleStatus
from ..models import Title, TitleStatusChange
from .titles import TitleRefused
from .validity import renewal_due_by

MAX_REASON = 2000


CHANGE = "titles.change_title_status"
ACTION = "recognition.title.status_changed"
S = TitleStatus
TITLE_MOVES: dict[tuple[str, str], Move] = {
    (S.VALID, S.UNDER_CHECK): Move(CHANGE, ACTION),
    (S.UNDER_CHECK, S.VALID): Move(CHANGE, ACTION),
    (S.UNDER_CHECK, S.RECTIFYING): Move(CHANGE, ACTION, needs_reason=True),
    (S.RECTIFYING, S.UNDER_CHECK): Move(CHANGE, ACTION),
    (S.VALID, S.REVOKED): Move(CHANGE, ACTION, needs_reason=True),
    (S.UNDER_CHECK, S.REVOKED): Move(CHANGE, ACTION, needs_reason=True),
    (S.RECTIFYING, S.REVOKED): Move(CHANGE, ACTION, needs_reason=True),
}


class TitleStatusRefused(TitleRefused):
    """The status cannot change this way; the message says why."""


def can_change_title_status(user, title) -> bool:
    """The city officers of the title's region change its status."""
    return user.has_perm("titles.change_title_status", title)


def next_statuses(status: str) -> list[str]:
    """The statuses a title in ``status`` may move to, in the enum's order."""
    return WORKFLOW.next_states(status)


def _audit(title: Title, before: str, to: str, reason: str) -> dict:
    return {"reason": reason, "certificate_number": title.certificate_number or ""}


def _notify(title: Title, before: str, to: str, *, actor, reason: str = "") -> None:
    _tell_enterprise(title, reason)


WORKFLOW = Workflow(
    name=gettext_lazy("Green-factory title"),
    model=Title,
    states=TitleStatus,
    table=TITLE_MOVES,
    field="status",
    history=TitleStatusChange,
    history_fk="title",
    refused=TitleStatusRefused,
    wrong_state=gettext_lazy("A title that is “%(from)s” cannot become “%(to)s”."),
    reason_missing=gettext_lazy("Give the reason: it is kept with the title's history."),
    related=("enterprise__district",),
    audit=_audit,
    notify=_notify,
    initial=TitleStatus.VALID,
)


def change_title_status(
    title: Title, to: str, *, actor, reason: str = "", on=None, extra: dict | None = None
) -> Title:
    """Move a title to the status ``to`` along ``TITLE_MOVES`` (``core.domain.workflow.move``).

    Requires a city officer of the title's region (``can_change_title_status``) and, for
    rectification and revocation, a reason. Side effects, in one transaction under the title's
    row lock: the status saved; a ``TitleStatusChange`` row (the history); an audit entry
    ``recognition.title.status_changed``; on revocation, the enterprise barred from applying for
    ``REVOCATION_BAR_YEARS`` (``bar_enterprise``) and ``revoked_on`` set to today; when a check
    passes (under check → valid), the title renewed: ``valid_until`` a new term of its level's
    ``ValidityPolicy`` from today (``renewal_due_by``; unchanged when the level sets no period);
    a message to the enterprise's users. A revoked title is not in force from that day
    (``validity.title_standing``): it leaves the public list, is answered "revoked" by
    verification and stays in the open data with its status.

    ``on`` (revocation only) is the day the revocation takes effect when it was decided
    earlier elsewhere (``record_removal``); ``extra`` joins the audit entry.

    Returns the title as saved; ``title`` itself is updated too.
    """
    reason = (reason or "").strip()
    seen = {}

    def check(current):
        seen["before"] = current.status
        if len(reason) > MAX_REASON:
            raise TitleStatusRefused(
                _("The reason is longer than %(max)s characters.") % {"max": MAX_REASON}
            )

    def effects(current):
        today = timezone.localdate()
        if seen["before"] == TitleStatus.UNDER_CHECK and to == TitleStatus.VALID:
            before, current.valid_until = current.valid_until, renewal_due_by(current, today)
            if before != current.valid_until:
                return {"valid_until": [_iso(before), _iso(current.valid_until)]}
        if to == TitleStatus.REVOKED:
            current.revoked_on = on or today
            bar_enterprise(
                current.enterprise,
                until=years_after(current.revoked_on, settings.REVOCATION_BAR_YEARS),
                reason=_("Title %(title)s revoked: %(reason)s")
                % {"title": current.certificate_number or str(current), "reason": reason},
                actor=actor,
            )
            return {"revoked_on": current.revoked_on.isoformat(), **(extra or {})}
        return extra

    saved = move(title, to, actor=actor, reason=reason, check=check, effects=effects)
    title.valid_until, title.revoked_on = saved.valid_until, saved.revoked_on
    return saved


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def revoke_title(title: Title, *, actor, reason: str) -> Title:
    """Revoke a title (撤销称号): final; see ``change_title_status``."""
    return change_title_status(title, TitleStatus.REVOKED, actor=actor, reason=reason)


# Levels whose lists are decided above the city: the city records their removal, it does not
# decide it.
REMOVED_ABOVE_LEVELS = (TitleLevel.PROVINCIAL, TitleLevel.NATIONAL)
MAX_DOCUMENT = 200


def can_record_removal(user, title) -> bool:
    return title.level in REMOVED_ABOVE_LEVELS and can_change_title_status(user, title)


def record_removal(title: Title, *, actor, removed_on, reason: str, document: str) -> Title:
    """Record a removal from the provincial or national list decided by the province or the
    ministry (移出名单): the title is struck (revoked) from ``removed_on``, the day of the
    decision, with the reason and the document that published it (e.g. the notice of the
    year's list).

    Refused (``TitleStatusRefused``) for a city title (the city revokes those itself), a day in
    the future or before the title's issue, or without the reason or the document. Side effects:
    those of ``change_title_status`` (history row with "document: reason", audit entry
    ``recognition.title.status_changed`` with ``removed_above``, ``document`` and
    ``revoked_on``; the enterprise barred and told)."""
    reason, document = (reason or "").strip(), (document or "").strip()
    if title.level not in REMOVED_ABOVE_LEVELS:
        raise TitleStatusRefused(
            _("A city-level title is revoked by the city: change its status instead.")
        )
    if removed_on is None or removed_on > timezone.localdate():
        raise TitleStatusRefused(_("Give the day of the decision; it cannot be in the future."))
    if removed_on < title.issued_on:
        raise TitleStatusRefused(
            _("The removal cannot precede the title's issue on %(day)s.")
            % {"day": title.issued_on.isoformat()}
        )
    if not reason or not document:
        raise TitleStatusRefused(
            _("Give the reason of the removal and the document that published it.")
        )
    if len(document) > MAX_DOCUMENT:
        raise TitleStatusRefused(
            _("The document is longer than %(max)s characters.") % {"max": MAX_DOCUMENT}
        )
    return change_title_status(
        title,
        TitleStatus.REVOKED,
        actor=actor,
        reason=f"{document}：{reason}",
        on=removed_on,
        extra={"removed_above": title.level, "document": document},
    )


def _tell_enterprise(title: Title, reason: str) -> None:
    users = User.objects.filter(
        role=Role.ENTERPRISE, enterprise_id=title.enterprise_id, is_active=True
    )
    with translation.override("zh-hans"):
        subject = _("The status of your title “%(title)s” is now: %(status)s") % {
            "title": f"{title.year} {title.title_name}",
            "status": title.get_status_display(),
        }
        body = _("Reason: %(reason)s") % {"reason": reason} if reason else ""
    notify(
        users,
        subject=subject,
        body=body,
        url=reverse("titles:factory", args=[title.enterprise.code]),
    )
