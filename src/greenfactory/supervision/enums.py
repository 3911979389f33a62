from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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


class SignalKind(models.TextChoices):
    """What an integrity signal (诚信提示) found: it informs a person, it decides nothing."""

    SAME_FILE = "same_file", _("Same file, two enterprises")
    COPIED_TEXT = "copied_text", _("Copied text")
    PEER_OUTLIER = "peer_outlier", _("Figure far from the industry's peers")
    IDENTICAL_YEARS = "identical_years", _("Figures identical across years")
    YEAR_JUMP = "year_jump", _("Year-on-year jump")
    CONTRADICTS_DESIGNATION = (
        "contradicts_designation",
        _("Filing contradicts the figures of the designation"),
    )


class SignalState(models.TextChoices):
    """An officer's disposition of a signal; a new signal is open."""

    OPEN = "open", pgettext_lazy("integrity signal state", "Open")
    EXPLAINED = "explained", _("Explained")
    REFERRED = "referred", _("Referred to the on-site audit")
    NOT_RELEVANT = "not_relevant", _("Not relevant")


DISPOSED_STATES = (SignalState.EXPLAINED, SignalState.REFERRED, SignalState.NOT_RELEVANT)
