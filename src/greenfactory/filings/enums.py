from django.db import models
from django.utils.translation import gettext_lazy as _


class FilingState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for revision")


# The enterprise may change the figures; a district officer may decide.
EDITABLE_STATES = (FilingState.DRAFT, FilingState.RETURNED)
FILED_STATES = (FilingState.SUBMITTED, FilingState.ACCEPTED)


class FlagCode(models.TextChoices):
    """Why a designated factory is flagged for the bureau (and for a targeted spot check)."""

    NOT_FILED = "not_filed", _("Not filed by the deadline")
    WORSE_THAN_BENCHMARK = "worse_than_benchmark", _("Worse than the benchmark value")
    WORSE_THAN_DESIGNATION = "worse_than_designation", _("Worse than at designation")
