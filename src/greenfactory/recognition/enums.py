from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class NoticeState(models.TextChoices):
    OPEN = "open", _("Open for objections")
    CLOSED = "closed", pgettext_lazy("notice", "Closed")


class ObjectionState(models.TextChoices):
    OPEN = "open", _("Received")
    INVESTIGATING = "investigating", _("Under investigation")
    UPHELD = "upheld", _("Upheld: the factory leaves the list")
    DISMISSED = "dismissed", _("Dismissed")


class ObjectionOutcome(models.TextChoices):
    """The city bureau's decision on an objection as the objection page and the API ask for it
    (one vocabulary); ``ObjectionState`` is how the objection records it."""

    DISMISS = "dismiss", _("Dismiss: the factory stays on the list")
    UPHOLD = "uphold", _("Uphold: the factory leaves the list")


OPEN_OBJECTION_STATES = (ObjectionState.OPEN, ObjectionState.INVESTIGATING)
CLOSED_OBJECTION_STATES = (ObjectionState.UPHELD, ObjectionState.DISMISSED)
