from django.db import models
from django.utils.translation import gettext_lazy as _


class TitleLevel(models.TextChoices):
    CITY = "city", _("City-level green factory")
    PROVINCIAL = "provincial", _("Provincial-level green factory")
    NATIONAL = "national", _("National-level green factory")


# The name of a title by programme, level and grade is the programme's (``programme.programmes``
# ``TERMS``, decisions §72, §78): ``Title.title_name`` reads it.


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


class CandidateState(models.TextChoices):
    """A city title recommended upward to the province (推荐省级绿色工厂), decisions §64."""

    SELECTED = "selected", _("Selected by the city")
    CONFIRMED = "confirmed", _("Confirmed by the enterprise")
    EXPORTED = "exported", _("Sent to the province")
    LISTED = "listed", _("Listed by the province")
    NOT_LISTED = "not_listed", _("Not listed by the province")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A candidate whose outcome is known or who left: nothing more is recorded on it.
CANDIDATE_CLOSED_STATES = (
    CandidateState.LISTED,
    CandidateState.NOT_LISTED,
    CandidateState.WITHDRAWN,
)


class ProvinceStage(models.TextChoices):
    """The steps of the province's procedure a city records per candidate: its own check on the
    province's behalf, then the province's 形式审查, 专家评审 and 公示 (苏工信节能〔2020〕80号)."""

    CITY_AUDIT = "city_audit", _("City's check on the province's behalf")
    FORMAL_REVIEW = "formal_review", _("Formal review (形式审查)")
    EXPERT_REVIEW = "expert_review", _("Expert review (专家评审)")
    PUBLICITY = "publicity", _("Public notice (公示)")


class StageResult(models.TextChoices):
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Not passed")
