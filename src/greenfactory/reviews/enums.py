from django.db import models
from django.utils.translation import gettext_lazy as _


class CreditResult(models.TextChoices):
    CLEAN = "clean", _("No adverse record")
    LISTED = "listed", _("Adverse record found")


class DistrictDecision(models.TextChoices):
    RECOMMENDED = "recommended", _("Recommended")
    RETURNED = "returned", _("Returned for revision")
    REJECTED = "rejected", _("Not recommended")
