from django.db import models
from django.utils.translation import gettext_lazy as _


class CandidateStatus(models.TextChoices):
    ACTIVE = "active", _("Being cultivated")
    GRADUATED = "graduated", _("Graduated")
    DROPPED = "dropped", _("Dropped")


class ProjectKind(models.TextChoices):
    """Kinds of green transformation projects (绿色化改造项目)."""

    ENERGY_SAVING = "energy_saving", _("Energy saving")
    RENEWABLE = "renewable", _("Renewable energy")
    RESOURCE = "resource", _("Resource recycling")
    WATER = "water", _("Water saving")
    POLLUTION = "pollution", _("Pollution control")
    DIGITAL = "digital", _("Digital and smart upgrade")
    OTHER = "other", _("Other")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
