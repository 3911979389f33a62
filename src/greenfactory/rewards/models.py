"""Reward rates (奖励标准) per region, level and years, and the ledger of rewards due for titles
(奖励台账): one entry per title, moving due → approved → paid, or cancelled with a reason."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from greenfactory.core.codes import new_code
from greenfactory.titles.enums import TitleLevel

from .enums import LedgerStatus

MONEY = {"max_digits": 12, "decimal_places": 2}


class RewardRate(models.Model):
    """The reward for a title of one level granted in ``year_from``..``year_to`` (open-ended
    when ``year_to`` is empty), set by the bureau of ``region``. Rates are data: a new policy
    adds a rate from its first year, closing the previous one."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    region = models.ForeignKey(
        "accounts.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("level"), max_length=16, choices=TitleLevel.choices)
    year_from = models.PositiveIntegerField(_("from year"))
    year_to = models.PositiveIntegerField(_("to year"), null=True, blank=True)
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    source = models.CharField(_("source"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["region", "level", "year_from"]
        verbose_name = _("reward rate")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "level", "year_from"], name="one_reward_rate_per_start"
            ),
            models.CheckConstraint(
                condition=Q(year_to__isnull=True) | Q(year_to__gte=F("year_from")),
                name="reward_rate_years_ordered",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="reward_rate_not_negative"),
        ]

    def __str__(self) -> str:
        until = self.year_to or "…"
        return f"{self.region_id} {self.level} {self.year_from}–{until}: {self.amount}"

    def covers(self, year: int) -> bool:
        return self.year_from <= year and (self.year_to is None or year <= self.year_to)


class LedgerEntry(models.Model):
    """The reward due for one title: the rate of its level and year, minus what the enterprise
    has already received or has due for its other titles (``calculation.reward_due``).

    Nothing but ``domain/ledger.py`` writes ``status`` and the fields of each step."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    title = models.OneToOneField(
        "titles.Title",
        verbose_name=pgettext_lazy("honour", "title"),
        on_delete=models.PROTECT,
        related_name="ledger_entry",
    )
    enterprise = models.ForeignKey(
        "accounts.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    level = models.CharField(_("level"), max_length=16, choices=TitleLevel.choices)
    year = models.PositiveIntegerField(_("year"))
    rate = models.ForeignKey(
        RewardRate,
        verbose_name=_("rate"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    rate_amount = models.DecimalField(_("rate (yuan)"), null=True, blank=True, **MONEY)
    deducted = models.DecimalField(_("deducted (yuan)"), default=0, **MONEY)
    # The entries deducted: [{"entry": code, "level": ..., "year": ..., "amount": "..."}].
    deductions = models.JSONField(default=list, blank=True)
    amount_due = models.DecimalField(_("amount due (yuan)"), **MONEY)
    status = models.CharField(
        _("status"), max_length=16, choices=LedgerStatus.choices, default=LedgerStatus.DUE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    recalculated_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    paid_at = models.DateTimeField(null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=64, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_due__gte=0), name="ledger_amount_due_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(deducted__gte=0), name="ledger_deducted_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("created_by")),
                name="ledger_approver_is_not_creator",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[LedgerStatus.APPROVED, LedgerStatus.PAID])
                | Q(approved_by__isnull=False, approved_at__isnull=False),
                name="ledger_approved_has_approver",
            ),
            models.CheckConstraint(
                condition=~Q(status=LedgerStatus.PAID)
                | (Q(paid_at__isnull=False, paid_on__isnull=False) & ~Q(payment_reference="")),
                name="ledger_paid_has_payment",
            ),
            models.CheckConstraint(
                condition=~Q(status=LedgerStatus.CANCELLED) | ~Q(cancel_reason=""),
                name="ledger_cancelled_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["year", "status"]),
            models.Index(fields=["enterprise", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.enterprise_id} {self.year} {self.level}: {self.amount_due}"
