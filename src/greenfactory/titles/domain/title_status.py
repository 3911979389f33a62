"""A title's status (称号状态) and its history: the table of allowed moves and the one function
that changes the status.

A title is valid when granted. A spot check (抽检) puts it under check; the check ends with the
title valid again, with rectification (整改) ordered, or with revocation (撤销). Rectification
ends with a re-check. Revocation is final, and may also follow from valid directly (falsified
or missing data, DOMAIN §7).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from greenfactory.accounts.domain.enterprises import bar_enterprise
from greenfactory.accounts.enums import Role
from greenfactory.accounts.models import User
from greenfactory.core.dates import years_after
from greenfactory.core.domain.audit import record_event
from greenfactory.notifications.domain.notify import notify

from ..enums import TitleStatus
from ..models import Title, TitleStatusChange
from .titles import TitleRefused

MAX_REASON = 2000


@dataclass(frozen=True)
class TitleMove:
    needs_reason: bool


S = TitleStatus
TITLE_MOVES: dict[tuple[str, str], TitleMove] = {
    (S.VALID, S.UNDER_CHECK): TitleMove(needs_reason=False),
    (S.UNDER_CHECK, S.VALID): TitleMove(needs_reason=False),
    (S.UNDER_CHECK, S.RECTIFYING): TitleMove(needs_reason=True),
    (S.RECTIFYING, S.UNDER_CHECK): TitleMove(needs_reason=False),
    (S.VALID, S.REVOKED): TitleMove(needs_reason=True),
    (S.UNDER_CHECK, S.REVOKED): TitleMove(needs_reason=True),
    (S.RECTIFYING, S.REVOKED): TitleMove(needs_reason=True),
}


class TitleStatusRefused(TitleRefused):
    """The status cannot change this way; the message says why."""


def can_change_title_status(user, title) -> bool:
    """The city officers of the title's region change its status."""
    return user.has_perm("titles.change_title_status", title)


def next_statuses(status: str) -> list[str]:
    """The statuses a title in ``status`` may move to, in the enum's order."""
    return [to for to in TitleStatus.values if (status, to) in TITLE_MOVES]


def change_title_status(title: Title, to: str, *, actor, reason: str = "") -> Title:
    """Move a title to the status ``to``.

    Requires a city officer of the title's region (``can_change_title_status``), a move in
    ``TITLE_MOVES`` and, for rectification and revocation, a reason. Side effects, in one
    transaction under the title's row lock: the status saved; a ``TitleStatusChange`` row (the
    history); an audit entry ``recognition.title.status_changed``; on revocation, the
    enterprise barred from applying for ``REVOCATION_BAR_YEARS`` (``bar_enterprise``); a
    message to the enterprise's users. A revoked title leaves the public list at once, is
    answered "revoked" by verification and stays in the open data with its status.

    Returns the title as saved; ``title`` itself is updated too.
    """
    reason = (reason or "").strip()
    with transaction.atomic():
        current = (
            Title.objects.select_for_update(of=("self",))
            .select_related("enterprise__district")
            .get(pk=title.pk)
        )
        if not can_change_title_status(actor, current):
            raise PermissionDenied
        move = TITLE_MOVES.get((current.status, to))
        if move is None:
            raise TitleStatusRefused(
                _("A title that is “%(from)s” cannot become “%(to)s”.")
                % {"from": current.get_status_display(), "to": _status_label(to)}
            )
        if move.needs_reason and not reason:
            raise TitleStatusRefused(_("Give the reason: it is kept with the title's history."))
        if len(reason) > MAX_REASON:
            raise TitleStatusRefused(
                _("The reason is longer than %(max)s characters.") % {"max": MAX_REASON}
            )
        from_status = current.status
        current.status = to
        current.save(update_fields=["status"])
        TitleStatusChange.objects.create(
            title=current, from_status=from_status, to_status=to, reason=reason, actor=actor
        )
        record_event(
            "recognition.title.status_changed",
            actor=actor,
            obj=current,
            changes={
                "status": [from_status, to],
                "reason": reason,
                "certificate_number": current.certificate_number or "",
            },
        )
        if to == TitleStatus.REVOKED:
            bar_enterprise(
                current.enterprise,
                until=years_after(timezone.localdate(), settings.REVOCATION_BAR_YEARS),
                reason=_("Title %(title)s revoked: %(reason)s")
                % {"title": current.certificate_number or str(current), "reason": reason},
                actor=actor,
            )
        _tell_enterprise(current, reason)
    title.status = current.status
    return current


def revoke_title(title: Title, *, actor, reason: str) -> Title:
    """Revoke a title (撤销称号): final; see ``change_title_status``."""
    return change_title_status(title, TitleStatus.REVOKED, actor=actor, reason=reason)


def _status_label(status: str) -> str:
    try:
        return str(TitleStatus(status).label)
    except ValueError:
        return str(status)


def _tell_enterprise(title: Title, reason: str) -> None:
    users = User.objects.filter(
        role=Role.ENTERPRISE, enterprise_id=title.enterprise_id, is_active=True
    )
    with translation.override("zh-hans"):
        subject = _("The status of your title “%(title)s” is now: %(status)s") % {
            "title": f"{title.year} {title.get_level_display()}",
            "status": title.get_status_display(),
        }
        body = _("Reason: %(reason)s") % {"reason": reason} if reason else ""
    notify(
        users,
        subject=subject,
        body=body,
        url=reverse("titles:factory", args=[title.enterprise.code]),
    )
