"""Whether a title is in force (称号是否有效), and the one rule every page, list, export and
check reads it from.

A green-factory title stands under dynamic management (动态管理: the yearly filing, spot checks)
until it is revoked; the 2019 Changzhou plan sets no expiry. A level may set a re-evaluation
period in its ``ValidityPolicy``: its titles are then due for re-evaluation by ``valid_until``
and lapse when that day passes, unless a passed spot check or re-evaluation renewed them
(``renewal_due_by``, applied by ``change_title_status`` when a check passes). A revoked title
is not in force from its ``revoked_on``. How long each level stands is set by the city officers
(``set_validity_policy``).

``title_standing(title, on)`` answers for one title, with the reason; ``in_force_q(on)`` is the
same rule as a filter, for lists and counts. The two agree (tested on every case).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from greenfactory.core.dates import years_after
from greenfactory.core.domain.audit import record_event
from greenfactory.core.refusals import Refused

from ..enums import LEVEL_ORDER, TitleStatus
from ..models import Title, ValidityPolicy


@dataclass(frozen=True)
class Standing:
    """The answer to "is this title in force on ``on``, and why"."""

    IN_FORCE = "in_force"
    NOT_YET = "not_yet"
    LAPSED = "lapsed"
    REVOKED = "revoked"

    code: str
    on: date
    reason: str
    due_by: date | None = None

    @property
    def in_force(self) -> bool:
        return self.code == self.IN_FORCE

    @property
    def label(self) -> str:
        return str(LABELS[self.code])


LABELS = {
    Standing.IN_FORCE: gettext_lazy("In force"),
    Standing.NOT_YET: gettext_lazy("Not yet granted"),
    Standing.LAPSED: gettext_lazy("Lapsed"),
    Standing.REVOKED: gettext_lazy("Revoked"),
}


def _today(on: date | None) -> date:
    return on or timezone.localdate()


def title_standing(title: Title, on: date | None = None) -> Standing:
    """Whether ``title`` is in force on the day ``on`` (today when not given), and why.

    Not in force: before its date of issue; from its revocation date (a revoked title without
    a recorded date is treated as revoked since its issue); after ``valid_until`` when its
    level set a re-evaluation period and no passed check renewed it. In force otherwise, also
    while under spot check or rectifying (the title stands until the check decides)."""
    day = _today(on)
    if title.status == TitleStatus.REVOKED and (
        title.revoked_on is None or title.revoked_on <= day
    ):
        when = title.revoked_on or title.issued_on
        return Standing(
            Standing.REVOKED,
            day,
            _("Revoked on %(day)s.") % {"day": when.isoformat()}
            if title.revoked_on
            else _("Revoked."),
        )
    if day < title.issued_on:
        return Standing(
            Standing.NOT_YET,
            day,
            _("Not yet granted: issued on %(day)s.") % {"day": title.issued_on.isoformat()},
        )
    if title.valid_until is not None and title.valid_until < day:
        return Standing(
            Standing.LAPSED,
            day,
            _(
                "Lapsed: its re-evaluation was due by %(day)s and no spot check or "
                "re-evaluation passed by then."
            )
            % {"day": title.valid_until.isoformat()},
            title.valid_until,
        )
    if title.valid_until is not None:
        reason = _("In force: under dynamic management, due for re-evaluation by %(day)s.") % {
            "day": title.valid_until.isoformat()
        }
    else:
        reason = _("In force: under dynamic management until revoked (no fixed expiry).")
    if title.status == TitleStatus.UNDER_CHECK:
        reason = f"{reason} {_('A spot check is under way.')}"
    elif title.status == TitleStatus.RECTIFYING:
        reason = f"{reason} {_('Rectification has been ordered.')}"
    return Standing(Standing.IN_FORCE, day, reason, title.valid_until)


def in_force_q(on: date | None = None, *, via: str = "") -> Q:
    """The rule of ``title_standing`` as a filter on titles (``via``: the path to the title
    from another model, e.g. ``"title__"``)."""
    day = _today(on)
    return (
        (~Q(**{f"{via}status": TitleStatus.REVOKED}) | Q(**{f"{via}revoked_on__gt": day}))
        & Q(**{f"{via}issued_on__lte": day})
        & (Q(**{f"{via}valid_until__isnull": True}) | Q(**{f"{via}valid_until__gte": day}))
    )


def titles_in_force(
    titles: QuerySet[Title] | None = None, on: date | None = None, *, programme: str | None = None
):
    """``titles`` (every title when not given) narrowed to those in force on ``on``, and to
    ``programme``'s titles when given (``programme.enums.Programme``, decisions §72)."""
    found = (Title.objects.all() if titles is None else titles).filter(in_force_q(on))
    return found if programme is None else found.filter(programme=programme)


@dataclass(frozen=True)
class Term:
    """A level's term, read from its ``ValidityPolicy`` (none stored: no fixed expiry)."""

    level: str
    reevaluation_years: int | None = None

    def due_by(self, start: date) -> date | None:
        """The last day of a term starting on ``start``: the same day ``reevaluation_years``
        later, minus one day; None when the level sets no period."""
        if not self.reevaluation_years:
            return None
        return years_after(start, self.reevaluation_years) - timedelta(days=1)


def term_for(level: str) -> Term:
    """The term of ``level``'s titles as its policy says today (one query)."""
    years = (
        ValidityPolicy.objects.filter(level=level)
        .values_list("reevaluation_years", flat=True)
        .first()
    )
    return Term(level, years)


def renewal_due_by(title: Title, renewed_on: date) -> date | None:
    """The new due date of ``title`` after a spot check or re-evaluation passed on
    ``renewed_on``: a new term of its level's policy, never earlier than the one it had."""
    due = term_for(title.level).due_by(renewed_on)
    if due is not None and title.valid_until is not None and title.valid_until > due:
        return title.valid_until
    return due


MAX_PERIOD = 10


class ValidityPolicyRefused(Refused):
    """The policy cannot be saved as given; the message says why."""


def can_set_validity_policy(user) -> bool:
    """City officers set how long the titles of each level stand."""
    return bool(user and user.is_authenticated and user.has_perm("titles.set_validity_policy"))


def validity_policies() -> list[ValidityPolicy]:
    """One policy per level, in the levels' order; a level without a stored row gets an unsaved
    one with no period (one query)."""
    stored = {
        policy.level: policy for policy in ValidityPolicy.objects.select_related("updated_by")
    }
    return [stored.get(level) or ValidityPolicy(level=level) for level in LEVEL_ORDER]


def set_validity_policy(
    level: str, *, actor, reevaluation_years: int | None, source: str
) -> ValidityPolicy:
    """Set the re-evaluation period of ``level`` (None: its titles stand until revoked) and where
    the rule comes from. Titles already granted keep their due date; the new period applies
    from the next grant or passed check (``renewal_due_by``).

    Refused (``PermissionDenied``) to anyone but a city officer; refused
    (``ValidityPolicyRefused``) for a period outside 1 to ``MAX_PERIOD`` years or without a
    source. Side effects: the policy saved under its row lock, audit entry
    ``titles.validity_policy.changed`` with the period before and after."""
    if not can_set_validity_policy(actor):
        raise PermissionDenied
    if level not in LEVEL_ORDER:
        raise ValidityPolicyRefused(_("Unknown level."))
    source = (source or "").strip()
    if reevaluation_years is not None and not 1 <= reevaluation_years <= MAX_PERIOD:
        raise ValidityPolicyRefused(
            _("A re-evaluation period is 1 to %(max)s years, or empty.") % {"max": MAX_PERIOD}
        )
    if not source:
        raise ValidityPolicyRefused(
            _("Give the source of the rule: the notice or plan it follows.")
        )
    with transaction.atomic():
        policy, _created = ValidityPolicy.objects.select_for_update().get_or_create(level=level)
        before = policy.reevaluation_years
        policy.reevaluation_years, policy.source, policy.updated_by = (
            reevaluation_years,
            source,
            actor,
        )
        policy.save()
        record_event(
            "titles.validity_policy.changed",
            actor=actor,
            obj=policy,
            changes={
                "level": level,
                "reevaluation_years": [before, reevaluation_years],
                "source": source,
            },
        )
    return policy
