from django.db import models
from django.utils.translation import gettext_lazy as _


class CreditResult(models.TextChoices):
    CLEAN = "clean", _("No adverse record")
    LISTED = "listed", _("Adverse record found")


class DistrictDecision(models.TextChoices):
    RECOMMENDED = "recommended", _("Recommended")
    RETURNED = "returned", _("Returned for revision")
    REJECTED = "rejected", _("Not recommended")


class DecisionStep(models.TextChoices):
    """The district's decision as the pre-review page and the API ask for it (one vocabulary);
    ``DistrictDecision`` is how the review records it."""

    RECOMMEND = "recommend", DistrictDecision.RECOMMENDED.label
    RETURN = "return", DistrictDecision.RETURNED.label
    REJECT = "reject", DistrictDecision.REJECTED.label


class AuditStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    COMPLETED = "completed", _("Completed")


class AuditMethod(models.TextChoices):
    RECHECK = "recheck", _("Indicator re-check (指标复核)")
    ORIGINALS = "originals", _("Originals inspected (查看原件)")
    ON_SITE = "on_site", _("On-site inspection (现场查看)")
    INQUIRY = "inquiry", _("On-site inquiry (现场问询)")
