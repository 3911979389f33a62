from django.db import models
from django.utils.translation import gettext_lazy as _


class LedgerStatus(models.TextChoices):
    DUE = "due", _("Due")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


# Entries that count as money the enterprise has received or will receive: the rule deducts
# them from a later title of the same enterprise.
COUNTED_STATUSES = (LedgerStatus.DUE, LedgerStatus.APPROVED, LedgerStatus.PAID)
# Entries still waiting for a step; they can be cancelled.
OPEN_STATUSES = (LedgerStatus.DUE, LedgerStatus.APPROVED)
