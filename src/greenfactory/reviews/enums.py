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


class EvaluationState(models.TextChoices):
    """A third-party evaluation (第三方评价): commissioned by the bureau, then submitted by the
    body — or refused by the body, or withdrawn by the bureau."""

    COMMISSIONED = "commissioned", _("Commissioned")
    SUBMITTED = "submitted", _("Report submitted")
    REFUSED = "refused", _("Declined by the body")
    WITHDRAWN = "withdrawn", _("Withdrawn by the bureau")


# Commissions that count against the batch's cap and that the body may read.
LIVE_EVALUATION_STATES = (EvaluationState.COMMISSIONED, EvaluationState.SUBMITTED)


class EvaluationPurpose(models.TextChoices):
    """Why the bureau commissioned the evaluation (评价用途)."""

    APPLICATION = "application", _("Evaluation of an application")
    SPOT_CHECK = "spot_check", _("Spot check (抽检)")
