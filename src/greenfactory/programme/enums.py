from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Programme(models.TextChoices):
    """The programme a batch, an indicator system and a title belong to (decisions §72): the
    green factory (绿色工厂) and the zero-carbon factory (零碳工厂, 工信部联节〔2026〕13号)."""

    GREEN_FACTORY = "green_factory", _("Green factory")
    ZERO_CARBON = "zero_carbon", _("Zero-carbon factory")


class TitleGrade(models.TextChoices):
    """The grade a zero-carbon title carries (decisions §78): 零碳工厂 or 近零碳工厂, as the
    Zhejiang guideline (浙经信绿色〔2023〕257号) grades them and the cities list them. The values
    are those of the statuses the carbon status rule computes (``applications.enums.
    CarbonStatus``); a green factory's title has none (empty)."""

    ZERO = "zero", _("Zero-carbon (零碳)")
    NEAR_ZERO = "near_zero", _("Near-zero-carbon (近零碳)")


class IndicatorKind(models.TextChoices):
    GROUP = "group", _("Group")
    GATE = "gate", _("Basic requirement (veto)")
    QUALITATIVE = "qualitative", _("Qualitative")
    QUANTITATIVE = "quantitative", _("Quantitative")


SCORED_KINDS = (IndicatorKind.QUALITATIVE, IndicatorKind.QUANTITATIVE)
LEAF_KINDS = (IndicatorKind.GATE, *SCORED_KINDS)


class Requirement(models.TextChoices):
    REQUIRED = "required", _("Required")
    OPTIONAL = "optional", _("Optional")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class ScoringMethod(models.TextChoices):
    POINTS = "points", _("Points per item (GB/T 36132-2018)")
    BENCHMARK = "benchmark", _("Benchmark and leading values (GB/T 36132-2025)")


class NotApplicablePolicy(models.TextChoices):
    REDISTRIBUTE = "redistribute", _("Points go to the applicable siblings pro rata")
    DROP = "drop", _("Points are dropped; the total is rescaled to 100")


class Formula(models.TextChoices):
    """Values the platform computes from an enterprise's performance data."""

    COMPREHENSIVE_ENERGY = "comprehensive_energy", _("Comprehensive energy consumption")
    UNIT_PRODUCT_ENERGY = "unit_product_energy", _("Energy per unit of product")
    UNIT_PRODUCT_CARBON = "unit_product_carbon", _("CO₂ per unit of product")
    CARBON_INTENSITY_OUTPUT = "carbon_intensity_output", _("CO₂ per 10 000 yuan of output")
    FLOOR_AREA_RATIO = "floor_area_ratio", _("Floor-area ratio")
    BUILDING_COEFFICIENT = "building_coefficient", _("Building coefficient")
    LAND_OUTPUT = "land_output", _("Output per m² of land")
    SOLID_WASTE_UTILISATION = "solid_waste_utilisation", _("Solid-waste utilisation rate")
    WATER_REUSE_RATE = "water_reuse_rate", _("Water reuse rate")
    WASTEWATER_REUSE_RATE = "wastewater_reuse_rate", _("Treated wastewater reuse rate")
    WATER_INTAKE_PER_PRODUCT = "water_intake_per_product", _("Water intake per unit of product")
    RENEWABLE_SHARE = "renewable_share", _("Renewable-energy share")


class BatchState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for applications")
    CLOSED = "closed", pgettext_lazy("batch", "Closed")
    IN_REVIEW = "in_review", _("In review")
    RANKED = "ranked", _("Ranked")
    PUBLISHED = "published", _("Published")


class BatchPurpose(models.TextChoices):
    """What a batch's applications are for: a new title, or a spot check (抽检) of titles held."""

    DESIGNATION = "designation", _("Designation (认定)")
    SPOT_CHECK = "spot_check", _("Spot check (抽检)")


class NoticeDayKind(models.TextChoices):
    CALENDAR = "calendar", _("Calendar days")
    WORKING = "working", _("Working days")


class AggregationRule(models.TextChoices):
    """How the experts' totals become the application's expert score (DOMAIN §8)."""

    MEAN = "mean", _("Mean")
    MEDIAN = "median", _("Median")
    TRIMMED_MEAN = "trimmed_mean", _("Trimmed mean (highest and lowest dropped)")


class TieBreak(models.TextChoices):
    """How equal final scores are ordered; the last resort is always the earlier submission,
    then the application code, so the order is total."""

    PART_THEN_SUBMISSION = (
        "part_then_submission",
        _("Higher subtotal of the tie-break part, then earlier submission"),
    )
    SUBMISSION = "submission", _("Earlier submission")


class TargetLevel(models.TextChoices):
    """The level of titles a programme target counts. The values are those of
    ``recognition.enums.TitleLevel`` (programme sits below recognition and does not import it)."""

    CITY = "city", _("City-level green factory")
    PROVINCIAL = "provincial", _("Provincial-level green factory")
    NATIONAL = "national", _("National-level green factory")


class GridScope(models.TextChoices):
    """Whose electricity a grid factor describes, as MEE and NBS publish them."""

    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional grid")
    PROVINCIAL = "provincial", _("Provincial")


class GridBasis(models.TextChoices):
    AVERAGE = "average", _("Average of all power (电力平均二氧化碳排放因子)")
    EXCLUDING_MARKET_NON_FOSSIL = (
        "excl_market_non_fossil",
        _("Average excluding market-traded non-fossil power (不包括市场化交易的非化石能源电量)"),
    )


class AccidentGrade(models.TextChoices):
    """The lowest grade of accident (生产安全事故等级, 国务院令第493号) that bars an application;
    documents differ (decisions §51), so each batch says which."""

    GENERAL = "general", _("Any accident (一般及以上)")
    SERIOUS = "serious", _("Serious or worse (较大及以上, GB/T 36132)")
    MAJOR = "major", _("Major or worse (重大及以上, Changzhou 2023 call)")


# Title levels from lowest to highest (the values of ``TargetLevel`` and ``titles``' levels).
LEVEL_ORDER = (TargetLevel.CITY, TargetLevel.PROVINCIAL, TargetLevel.NATIONAL)
