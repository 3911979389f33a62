from django.db import models
from django.utils.translation import gettext_lazy as _


class TitleLevel(models.TextChoices):
    CITY = "city", _("City-level green factory")
    PROVINCIAL = "provincial", _("Provincial-level green factory")
    NATIONAL = "national", _("National-level green factory")


# Higher levels of the same line: an upgrade pays only the difference (DOMAIN §7, §9).
LEVEL_ORDER = (TitleLevel.CITY, TitleLevel.PROVINCIAL, TitleLevel.NATIONAL)


class TitleStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    UNDER_CHECK = "under_check", _("Under spot check")
    RECTIFYING = "rectifying", _("Rectifying")
    REVOKED = "revoked", _("Revoked")


# The statuses a title can be in force in; whether it is in force on a day is
# ``titles.domain.validity.title_standing`` / ``in_force_q`` (revocation date, re-evaluation).
HELD_STATUSES = (TitleStatus.VALID, TitleStatus.UNDER_CHECK, TitleStatus.RECTIFYING)


class TitleSource(models.TextChoices):
    DESIGNATED = "designated", _("Designated on this platform")
    IMPORTED = "imported", _("Imported from a provincial or national list")
