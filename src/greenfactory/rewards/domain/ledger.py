"""The rewards ledger (奖励台账): an entry for every title granted, and the steps it takes.

An entry is created in the transaction that grants its title (``on_title_granted``, connected
to ``titles.signals.title_granted`` by ``RewardsConfig.ready``), with the amount from
``calculation.reward_due``. It then moves through ``MOVES`` only — due → approved → paid, or
due/approved → cancelled with a reason — by ``approve_entry``, ``pay_entry`` and
``cancel_entry``. A title that is later revoked keeps its entry: an unpaid one is cancelled
by an officer with the revocation as reason; a paid one stays paid (the ledger records money
that left the bureau; recovering it is the finance office's procedure, outside the ledger).
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from greenfactory.accounts.models import Enterprise
from greenfactory.core.domain.audit import record_event
from greenfactory.core.domain.workflow import Move, Workflow, move
from greenfactory.core.refusals import Refused
from greenfactory.programme.enums import Programme
from greenfactory.titles.enums import TitleStatus
from greenfactory.titles.models import Title

from ..calculation import Counted, Reward, reward_due
from ..enums import COUNTED_STATUSES
from ..enums import LedgerStatus as S
from ..models import LedgerEntry
from .rates import rate_for


class LedgerRefused(Refused):
    """The step cannot be taken on this entry now; the message says why."""


class PaymentRefused(LedgerRefused):
    """This entry may not be paid, or not by this officer (``payment_problems``)."""


# Every allowed move of a ledger entry. Nothing else assigns ``LedgerEntry.status``.
MOVES: dict[tuple[str, str], Move] = {
    (S.DUE, S.APPROVED): Move("rewards.approve_entry", "rewards.entry.approved"),
    (S.APPROVED, S.PAID): Move("rewards.pay_entry", "rewards.entry.paid"),
    (S.DUE, S.CANCELLED): Move("rewards.cancel_entry", "rewards.entry.cancelled", True),
    (S.APPROVED, S.CANCELLED): Move("rewards.cancel_entry", "rewards.entry.cancelled", True),
}


def _counted(
    enterprise_id: int, *, excluding: int | None = None, programme: str = Programme.GREEN_FACTORY
) -> list[Counted]:
    """The enterprise's entries an upgrade deducts: those of the same programme's ladder."""
    entries = LedgerEntry.objects.filter(
        enterprise_id=enterprise_id, status__in=COUNTED_STATUSES, title__programme=programme
    )
    if excluding is not None:
        entries = entries.exclude(pk=excluding)
    return [
        Counted(entry.code, entry.level, entry.year, entry.amount_due)
        for entry in entries.order_by("year", "pk")
    ]


def _compute(title: Title, *, excluding: int | None = None):
    # The rates are the green factory's (DOMAIN §9); no reward for a zero-carbon title has been
    # published, so its entry waits for a rate like any level without one (decisions §72).
    rate = (
        rate_for(title.enterprise.district, title.level, title.year)
        if title.programme == Programme.GREEN_FACTORY
        else None
    )
    reward = reward_due(
        rate.amount if rate is not None else None,
        _counted(title.enterprise_id, excluding=excluding, programme=title.programme),
    )
    return rate, reward


def _deductions(reward: Reward) -> list[dict]:
    return [
        {"entry": c.code, "level": c.level, "year": c.year, "amount": str(c.amount)}
        for c in reward.deductions
    ]


def _lock_enterprise(enterprise_id: int) -> None:
    """Serialise ledger computations of one enterprise: two titles granted at once would each
    deduct without seeing the other."""
    Enterprise.objects.select_for_update(of=("self",)).filter(pk=enterprise_id).first()


def create_entry(title: Title, *, actor) -> LedgerEntry:
    """Create the ledger entry of a title just granted; called in the granting transaction.

    Refused (``LedgerRefused``) when the title already has one — the database's unique
    constraint on the title refuses it too. Side effects, under the enterprise's row lock: the
    entry (due) and the audit entry ``rewards.entry.created`` with the rate and the deductions.
    """
    with transaction.atomic():
        _lock_enterprise(title.enterprise_id)
        if LedgerEntry.objects.filter(title=title).exists():
            raise LedgerRefused(_("This title already has a ledger entry."))
        title = Title.objects.select_related("enterprise__district").get(pk=title.pk)
        rate, reward = _compute(title)
        entry = LedgerEntry.objects.create(
            title=title,
            enterprise=title.enterprise,
            level=title.level,
            year=title.year,
            rate=rate,
            rate_amount=reward.rate_amount,
            deducted=reward.deducted,
            deductions=_deductions(reward),
            amount_due=reward.amount_due,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record_event(
            "rewards.entry.created",
            actor=actor,
            obj=entry,
            changes={
                "title": title.code,
                "enterprise": title.enterprise.uscc,
                "level": title.level,
                "year": title.year,
                "rate": rate.code if rate else None,
                "rate_amount": str(reward.rate_amount) if reward.has_rate else None,
                "deducted": str(reward.deducted),
                "deductions": entry.deductions,
                "amount_due": str(reward.amount_due),
            },
        )
    return entry


def on_title_granted(sender, *, title, actor=None, **kwargs):
    """Receiver of ``title_granted``: the title's entry, in the granting transaction (a
    failure here undoes the grant)."""
    create_entry(title, actor=actor)


def recalculate_entry(entry: LedgerEntry, *, actor) -> LedgerEntry:
    """Compute a due entry again with today's rates and the enterprise's other counted entries
    (after a missing rate was set, or another entry of the enterprise was cancelled).

    Requires ``rewards.recalculate_entry``; refused unless the entry is due. Side effects, under
    the enterprise's and the entry's row locks: the new figures and the audit entry
    ``rewards.entry.recalculated`` with the old and new amounts.
    """
    with transaction.atomic():
        _lock_enterprise(entry.enterprise_id)
        current = _locked(entry)
        if not actor.has_perm("rewards.recalculate_entry", current):
            raise PermissionDenied
        if current.status != S.DUE:
            raise LedgerRefused(
                _("Only a due entry can be recalculated; this one is “%(status)s”.")
                % {"status": current.get_status_display()}
            )
        rate, reward = _compute(current.title, excluding=current.pk)
        before = {
            "rate": current.rate.code if current.rate else None,
            "deducted": str(current.deducted),
            "amount_due": str(current.amount_due),
        }
        current.rate = rate
        current.rate_amount = reward.rate_amount
        current.deducted = reward.deducted
        current.deductions = _deductions(reward)
        current.amount_due = reward.amount_due
        current.recalculated_at = timezone.now()
        current.save()
        after = {
            "rate": rate.code if rate else None,
            "deducted": str(reward.deducted),
            "amount_due": str(reward.amount_due),
        }
        record_event(
            "rewards.entry.recalculated",
            actor=actor,
            obj=current,
            changes={key: [before[key], after[key]] for key in before},
        )
    return current


def _locked(entry: LedgerEntry) -> LedgerEntry:
    """Lock the row, then read it with its relations in a second statement: on PostgreSQL a
    locking read that waited re-reads the locked row but not the rows joined to it, so the
    approver set by the transaction that held the lock would be missing."""
    list(LedgerEntry.objects.select_for_update().filter(pk=entry.pk).values_list("pk"))
    return LedgerEntry.objects.select_related(
        "enterprise__district", "title", "rate", "approved_by", "created_by"
    ).get(pk=entry.pk)


def _refusal(current: LedgerEntry, to: str) -> str:
    """Why ``current`` cannot move to ``to``, in the words the officer needs."""
    if current.status == S.CANCELLED:
        return _("This entry was cancelled: %(reason)s") % {"reason": current.cancel_reason}
    if to == S.APPROVED:
        return _("This entry was already approved by %(who)s on %(when)s.") % {
            "who": current.approved_by or _("an unknown account"),
            "when": date_format(timezone.localtime(current.approved_at), "DATE_FORMAT"),
        }
    if to == S.PAID and current.status == S.DUE:
        return _("The entry must be approved before it is paid.")
    if to == S.PAID:
        return _("This entry was already paid on %(date)s (reference %(reference)s).") % {
            "date": date_format(current.paid_on, "DATE_FORMAT"),
            "reference": current.payment_reference,
        }
    if to == S.CANCELLED:
        return _(
            "A paid entry cannot be cancelled; recovering a reward is handled by the finance "
            "office outside the ledger."
        )
    return _("The entry is “%(status)s”; it cannot become “%(to)s”.") % {
        "status": current.get_status_display(),
        "to": S(to).label,
    }


WORKFLOW = Workflow(
    name=gettext_lazy("Reward ledger entry"),
    model=LedgerEntry,
    states=S,
    table=MOVES,
    field="status",
    refused=LedgerRefused,
    wrong_state=_refusal,
    lock=lambda pk: _locked(LedgerEntry(pk=pk)),
    audit=lambda entry, before, to, reason: {"amount_due": str(entry.amount_due)},
    initial=S.DUE,
)


def _move(entry: LedgerEntry, to: str, *, actor, reason="", check=None, effects=None):
    """Move ``entry`` to ``to`` along ``MOVES`` (``core.domain.workflow.move``): of two people
    acting at once the second is told what the first did (``_refusal``)."""
    return move(entry, to, actor=actor, reason=reason, check=check, effects=effects)


def approve_entry(entry: LedgerEntry, *, actor) -> LedgerEntry:
    """Approve a due entry (审核). Requires ``rewards.approve_entry`` (a city officer of the
    enterprise's region). Refused for the officer who created the entry (the approver must
    differ; a database constraint holds this too), for an entry already approved (naming who
    and when), and for an entry without a rate. Side effects: approver and time; audit entry
    ``rewards.entry.approved``."""

    def check(current):
        if current.created_by_id is not None and current.created_by_id == actor.pk:
            raise LedgerRefused(_("You created this entry; another officer must approve it."))
        if current.rate_amount is None:
            raise LedgerRefused(
                _(
                    "No reward rate applies to this title yet: set the rate and recalculate the "
                    "entry, or cancel it."
                )
            )

    def effects(current):
        current.approved_by = actor
        current.approved_at = timezone.now()
        return {}

    return _move(entry, S.APPROVED, actor=actor, check=check, effects=effects)


def payment_problems(entry: LedgerEntry, *, actor) -> list[str]:
    """Why ``actor`` may not register the payment of ``entry`` whatever its state (empty: no
    such reason; decisions §49). A revoked title's reward is not paid — its entry can be
    cancelled — and the officer who approved an entry does not also register its payment
    (two people for money leaving the bureau, as for approval)."""
    problems = []
    if entry.title.status == TitleStatus.REVOKED:
        problems.append(
            _(
                "The title has been revoked: its reward cannot be paid. Cancel the entry, giving "
                "the revocation as the reason."
            )
        )
    if entry.approved_by_id is not None and entry.approved_by_id == actor.pk:
        problems.append(_("You approved this entry; another officer must register its payment."))
    return problems


def pay_entry(entry: LedgerEntry, *, actor, reference: str, paid_on: date) -> LedgerEntry:
    """Record the payment of an approved entry (支付): the bank or voucher reference and the day
    the money left. Requires ``rewards.pay_entry``. Refused before approval, when already paid,
    for a revoked title and for the officer who approved the entry (``payment_problems``), for
    an amount of 0 (nothing to pay), without a reference, and for a day in the future or before
    the approval. Side effects: payer, time, day and reference; audit entry
    ``rewards.entry.paid``."""
    reference = (reference or "").strip()

    def check(current):
        problems = payment_problems(current, actor=actor)
        if problems:
            raise PaymentRefused(*problems)
        if current.amount_due <= 0:
            raise LedgerRefused(_("Nothing to pay: the amount due is 0."))
        if not reference:
            raise LedgerRefused(_("Please give the payment reference."))
        if paid_on > timezone.localdate():
            raise LedgerRefused(_("The payment day cannot be in the future."))
        if paid_on < timezone.localtime(current.approved_at).date():
            raise LedgerRefused(_("The payment day cannot be before the approval."))

    def effects(current):
        current.paid_by = actor
        current.paid_at = timezone.now()
        current.paid_on = paid_on
        current.payment_reference = reference
        return {"reference": reference, "paid_on": paid_on.isoformat()}

    return _move(entry, S.PAID, actor=actor, check=check, effects=effects)


def cancel_entry(entry: LedgerEntry, *, actor, reason: str) -> LedgerEntry:
    """Cancel a due or approved entry with a reason (a revoked title, an entry made in error).
    Requires ``rewards.cancel_entry``; a paid entry cannot be cancelled. The enterprise's other
    entries are not recomputed: a due one can be recalculated. Side effects: who, when and why;
    audit entry ``rewards.entry.cancelled``."""
    reason = (reason or "").strip()

    def effects(current):
        current.cancelled_by = actor
        current.cancelled_at = timezone.now()
        current.cancel_reason = reason
        return {"reason": reason}

    return _move(entry, S.CANCELLED, actor=actor, reason=reason, effects=effects)
