from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundState(models.TextChoices):
    DRAFT = "draft", _("Draft: sample not drawn")
    DRAWN = "drawn", _("Sample drawn: checks under way")
    PUBLISHED = "published", _("Results published")


class SampleKind(models.TextChoices):
    RANDOM = "random", _("Random draw")
    TARGETED = "targeted", _("Targeted")


class CheckState(models.TextChoices):
    IN_PROGRESS = "in_progress", _("Under check")
    PASSED = "passed", _("Passed")
    RECTIFYING = "rectifying", _("Rectification ordered")
    RECTIFIED = "rectified", _("Rectification reported: awaiting re-check")
    REVOKED = "revoked", _("Title revoked")


# A check in these states has an outcome that can be published.
DECIDED_STATES = (
    CheckState.PASSED,
    CheckState.RECTIFYING,
    CheckState.RECTIFIED,
    CheckState.REVOKED,
)
# ... and in these the outcome is final.
FINAL_STATES = (CheckState.PASSED, CheckState.REVOKED)
