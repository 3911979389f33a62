from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FilingState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for revision")
    CITY_REVIEWED = "city_reviewed", _("Reviewed by the city")


# The enterprise may change the figures; a district officer may decide.
EDITABLE_STATES = (FilingState.DRAFT, FilingState.RETURNED)
FILED_STATES = (FilingState.SUBMITTED, FilingState.ACCEPTED, FilingState.CITY_REVIEWED)


class Adjustment(models.TextChoices):
    """The city's 动态调整意见 on a provincial or national title after the yearly filing."""

    KEEP = "keep", _("Keep on the list")
    RECTIFY = "rectify", _("Keep, with rectification")
    PROPOSE_REMOVAL = "propose_removal", _("Propose removal from the list")


class MajorChangeKind(models.TextChoices):
    """重大事项变更 a listed factory reports (名称、地址、组织边界、兼并重组)."""

    NAME = "name", pgettext_lazy("major change kind", "Name")
    ADDRESS = "address", _("Production address")
    BOUNDARY = "boundary", _("Organisational boundary or scope of production")
    MERGER = "merger", _("Merger, acquisition or investment")
    OTHER = "other", _("Other major change")


class MajorChangeState(models.TextChoices):
    REPORTED = "reported", _("Reported")
    DISTRICT_ACKNOWLEDGED = "district_ack", _("Acknowledged by the district")
    CITY_ACKNOWLEDGED = "city_ack", _("Acknowledged by the city")
    RETURNED = "returned", _("Returned to the enterprise")


class FlagCode(models.TextChoices):
    """Why a designated factory is flagged for the bureau (and for a targeted spot check)."""

    NOT_FILED = "not_filed", _("Not filed by the deadline")
    WORSE_THAN_BENCHMARK = "worse_than_benchmark", _("Worse than the benchmark value")
    WORSE_THAN_DESIGNATION = "worse_than_designation", _("Worse than at designation")
    WORSE_THAN_PREVIOUS_YEAR = "worse_than_previous_year", _("Worse than the year before")
    CARBON_RULE_NOT_MET = "carbon_rule_not_met", _("Carbon disclosure below the status rule")


# Key indicators that worsened: the bureau should consider a 现场评估 (on-site assessment).
WORSENING_FLAGS = (
    FlagCode.WORSE_THAN_BENCHMARK,
    FlagCode.WORSE_THAN_DESIGNATION,
    FlagCode.WORSE_THAN_PREVIOUS_YEAR,
)


class SiteAssessmentState(models.TextChoices):
    """A 现场评估 of a listed factory: called by the district or the city, then held (with
    date, assessors, findings and outcome) or cancelled with the reason."""

    CALLED = "called", _("Called")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class SiteAssessmentOutcome(models.TextChoices):
    """What the 现场评估 found against the title's requirements."""

    MEETS = "meets", _("Still meets the requirements")
    RECTIFY = "rectify", _("Meets them after rectification")
    FAILS = "fails", _("No longer meets the requirements")
