"""The programme's data: indicator systems (versioned trees), coefficient tables, batches,
targets."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from greenfactory.core.codes import new_code
from greenfactory.core.models import shown_name

from .enums import (
    AccidentGrade,
    AggregationRule,
    BatchPurpose,
    BatchState,
    Direction,
    Formula,
    GridBasis,
    GridScope,
    IndicatorKind,
    NotApplicablePolicy,
    NoticeDayKind,
    Programme,
    Requirement,
    ScoringMethod,
    TargetLevel,
    TieBreak,
)

validate_sections = RegexValidator(
    r"^[A-T]*$",
    _("Give the sections as capital letters A–T of GB/T 4754-2017, for example BCD."),
)

validate_divisions = RegexValidator(
    r"^([0-9]{2}(,[0-9]{2})*)?$",
    _("Give the divisions as 2-digit codes of GB/T 4754-2017 separated by commas, e.g. 34,36."),
)


class IndicatorSystem(models.Model):
    """One version of an evaluation indicator system (评价指标体系).

    A version that a batch uses is frozen: it is copied into a new version to be changed.
    """

    code = models.CharField(_("code"), max_length=40)
    version = models.PositiveIntegerField(_("version"), default=1)
    programme = models.CharField(
        _("programme"), max_length=16, choices=Programme.choices, default=Programme.GREEN_FACTORY
    )
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    standard = models.CharField(_("standard"), max_length=64, blank=True)
    scoring = models.CharField(_("scoring method"), max_length=16, choices=ScoringMethod.choices)
    na_policy = models.CharField(
        _("not-applicable items"),
        max_length=16,
        choices=NotApplicablePolicy.choices,
        default=NotApplicablePolicy.REDISTRIBUTE,
    )
    unmet_required_points = models.DecimalField(
        _("points of an unmet required item"), max_digits=6, decimal_places=2, default=0
    )
    source_note = models.TextField(_("source"), blank=True)
    # Whether any item has benchmark values per industry (``IndustryBenchmark``): kept by the
    # functions that write them, so that a version without any is scored with no extra query.
    has_industry_benchmarks = models.BooleanField(default=False, editable=False)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("indicator system")
        verbose_name_plural = _("indicator systems")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="one_system_version")
        ]

    def __str__(self) -> str:
        return f"{self.display_name} v{self.version}"

    @property
    def slug(self) -> str:
        return f"{self.code}.v{self.version}"

    @property
    def display_name(self) -> str:
        return shown_name(self.name, self.name_en)


class Indicator(models.Model):
    """A node of an indicator tree: an aspect, a sub-aspect, or a scored item or gate."""

    system = models.ForeignKey(IndicatorSystem, on_delete=models.CASCADE, related_name="indicators")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    level = models.PositiveSmallIntegerField(_("level"))
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=16, choices=IndicatorKind.choices)
    requirement = models.CharField(
        _("required or optional"), max_length=16, choices=Requirement.choices, blank=True
    )
    weight = models.DecimalField(
        _("weight (%)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    max_points = models.DecimalField(
        _("maximum points"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    unit = models.CharField(_("unit"), max_length=32, blank=True)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, blank=True
    )
    benchmark = models.DecimalField(
        _("benchmark value"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    leading = models.DecimalField(
        _("leading value"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    bands = models.JSONField(_("graded bands"), default=list, blank=True)
    levels = models.JSONField(_("judgement levels"), default=list, blank=True)
    formula = models.CharField(
        _("computed from"), max_length=40, choices=Formula.choices, blank=True
    )
    allow_na = models.BooleanField(_("may be not applicable"), default=False)
    guidance = models.TextField(_("guidance"), blank=True)
    evidence = models.JSONField(_("evidence expected"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["system", "position"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["system", "code"], name="one_indicator_code"),
        ]
        indexes = [models.Index(fields=["system", "position"])]

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"

    @property
    def display_name(self) -> str:
        return shown_name(self.name, self.name_en)

    @property
    def is_scored(self) -> bool:
        return self.kind in (IndicatorKind.QUALITATIVE, IndicatorKind.QUANTITATIVE)

    @property
    def is_gate(self) -> bool:
        return self.kind == IndicatorKind.GATE

    @property
    def is_weighted_aspect(self) -> bool:
        """An aspect (level 1) with a weight: a line of the score totals."""
        return self.level == 1 and self.weight is not None

    @property
    def is_required(self) -> bool:
        return self.requirement == Requirement.REQUIRED


class IndustryBenchmark(models.Model):
    """The benchmark and leading value of one quantitative item for one industry (GB/T 4754-2017
    class, 4 digits, or division, 2 digits), with the product and its unit. Part of the
    indicator system's version: frozen with it, copied with it. An enterprise without a row for
    its class or division is judged by the item's own (general) values."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="industry_benchmarks"
    )
    industry_code = models.CharField(_("industry (GB/T 4754 class or division)"), max_length=4)
    product = models.CharField(_("product"), max_length=100, blank=True)
    product_unit = models.CharField(_("unit of product"), max_length=16, blank=True)
    # Stated conversions: {"kg": 1000} means 1 product unit = 1000 kg, so a figure per kg times
    # 1000 is the figure per product unit.
    conversions = models.JSONField(_("accepted units of output"), default=dict, blank=True)
    benchmark = models.DecimalField(_("benchmark value"), max_digits=20, decimal_places=6)
    leading = models.DecimalField(_("leading value"), max_digits=20, decimal_places=6)
    source = models.TextField(_("source"), blank=True)
    is_default = models.BooleanField(_("platform default (not from a source)"), default=True)

    class Meta:
        ordering = ["indicator__position", "industry_code"]
        verbose_name = _("industry benchmark")
        verbose_name_plural = _("industry benchmarks")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "industry_code"], name="one_benchmark_per_industry"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.industry_code}"


class CoefficientTable(models.Model):
    """Standard-coal coefficients and CO₂ factors, versioned by year and source."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveIntegerField(_("year"))
    source_note = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["-year", "code"]
        verbose_name = _("coefficient table")
        verbose_name_plural = _("coefficient tables")

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class EnergyCarrier(models.Model):
    table = models.ForeignKey(CoefficientTable, on_delete=models.CASCADE, related_name="carriers")
    key = models.CharField(max_length=40)
    name = models.CharField(_("name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=64, blank=True)
    unit = models.CharField(_("unit"), max_length=16)
    # None where the standard gives no single value (steam, LNG): the enterprise's measured
    # heat content is then needed.
    standard_coal = models.DecimalField(
        _("standard coal coefficient (kgce per unit)"),
        max_digits=12,
        decimal_places=6,
        null=True,
        blank=True,
    )
    co2 = models.DecimalField(
        _("CO₂ factor (kgCO₂ per unit)"), max_digits=12, decimal_places=6, null=True, blank=True
    )
    is_electricity = models.BooleanField(default=False)
    is_renewable = models.BooleanField(default=False)
    is_heat = models.BooleanField(default=False)
    is_green_electricity = models.BooleanField(default=False)
    certificate_kwh = models.DecimalField(
        _("kWh per certificate"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # A measured heat content (MJ per unit: a fuel's net calorific value, steam's enthalpy)
    # may replace the coefficient; CO₂ is then this factor per MJ.
    heat_content_measurable = models.BooleanField(default=False)
    co2_per_mj = models.DecimalField(
        _("CO₂ per MJ of measured heat content (kgCO₂/MJ)"),
        max_digits=12,
        decimal_places=6,
        null=True,
        blank=True,
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["table", "position"]
        constraints = [models.UniqueConstraint(fields=["table", "key"], name="one_carrier_key")]

    def __str__(self) -> str:
        if translation.get_language() == "en" and self.name_en:
            return f"{self.name_en} ({self.unit})"
        return f"{self.name}（{self.unit}）"


class GridFactor(models.Model):
    """A grid emission factor for purchased electricity (kgCO₂/kWh); a batch picks one."""

    table = models.ForeignKey(
        CoefficientTable, on_delete=models.CASCADE, related_name="grid_factors"
    )
    key = models.CharField(max_length=40)
    name = models.CharField(_("name"), max_length=100)
    value = models.DecimalField(_("kgCO₂/kWh"), max_digits=8, decimal_places=4)
    year = models.PositiveIntegerField(_("year of the data"), null=True, blank=True)
    scope = models.CharField(_("scope"), max_length=16, choices=GridScope.choices, blank=True)
    area = models.CharField(_("grid or province"), max_length=32, blank=True)
    basis = models.CharField(
        _("basis"), max_length=24, choices=GridBasis.choices, default=GridBasis.AVERAGE
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    # The factor of the same year without market-traded non-fossil power: applied to the rest
    # of the grid electricity when green electricity or certificates are counted.
    residual_value = models.DecimalField(
        _("factor for the rest when green electricity is counted (kgCO₂/kWh)"),
        max_digits=8,
        decimal_places=4,
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["table", "key"]
        constraints = [models.UniqueConstraint(fields=["table", "key"], name="one_grid_key")]

    def __str__(self) -> str:
        return f"{self.name}: {self.value} kgCO₂/kWh"


class BatchQuerySet(models.QuerySet):
    def calls(self):
        """Calls for applications for a title (认定), not the batches of spot checks."""
        return self.filter(purpose=BatchPurpose.DESIGNATION)


class Batch(models.Model):
    """One yearly round of applications (年度批次) with its rules."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    region = models.ForeignKey(
        "accounts.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField(
        _("year"), validators=[MinValueValidator(2016), MaxValueValidator(2100)]
    )
    title = models.CharField(pgettext_lazy("batch", "title"), max_length=200)
    # Editable only while the batch is a draft (``programme.domain.batches``, decisions §72).
    programme = models.CharField(
        _("programme"), max_length=16, choices=Programme.choices, default=Programme.GREEN_FACTORY
    )
    purpose = models.CharField(
        _("purpose"),
        max_length=16,
        choices=BatchPurpose.choices,
        default=BatchPurpose.DESIGNATION,
        editable=False,
    )
    opens_at = models.DateTimeField(_("applications open"))
    closes_at = models.DateTimeField(_("applications close"))
    indicator_system = models.ForeignKey(
        IndicatorSystem,
        verbose_name=_("indicator system"),
        on_delete=models.PROTECT,
        related_name="batches",
    )
    coefficient_table = models.ForeignKey(
        CoefficientTable,
        verbose_name=_("coefficient table"),
        on_delete=models.PROTECT,
        related_name="batches",
    )
    grid_factor = models.ForeignKey(
        GridFactor,
        verbose_name=_("grid emission factor"),
        on_delete=models.PROTECT,
        related_name="batches",
    )
    pass_threshold = models.DecimalField(
        _("pass threshold (score strictly above)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(70),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    quota = models.PositiveIntegerField(
        _("quota (top N)"), default=20, validators=[MinValueValidator(1)]
    )
    notice_days = models.PositiveIntegerField(
        _("public notice length"), default=7, validators=[MinValueValidator(1)]
    )
    notice_day_kind = models.CharField(
        _("notice days are"),
        max_length=16,
        choices=NoticeDayKind.choices,
        default=NoticeDayKind.CALENDAR,
    )
    third_party_report_required = models.BooleanField(
        _("third-party evaluation report required"), default=False
    )
    # How many applications of the batch one third-party evaluation body may evaluate
    # (commissions under way or reported), so that no body carries a batch alone (决策 §54).
    evaluations_per_body = models.PositiveSmallIntegerField(
        _("evaluations per third-party evaluation body (at most)"),
        default=15,
        validators=[MinValueValidator(1)],
    )
    # Expert review (专家评审) settings: practice, so data per batch (DOMAIN §8).
    experts_per_application = models.PositiveSmallIntegerField(
        _("experts per application"), default=5, validators=[MinValueValidator(1)]
    )
    aggregation_rule = models.CharField(
        _("aggregation of the experts' scores"),
        max_length=16,
        choices=AggregationRule.choices,
        default=AggregationRule.TRIMMED_MEAN,
    )
    divergence_threshold = models.DecimalField(
        _("divergence threshold (points between highest and lowest total)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(15),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    same_district_conflict = models.BooleanField(
        _("an expert from the enterprise's district has a conflict of interest"), default=True
    )
    # Recognition settings (认定): how ties are ordered and what the public notice shows.
    tie_break = models.CharField(
        _("ties are broken by"),
        max_length=24,
        choices=TieBreak.choices,
        default=TieBreak.SUBMISSION,
    )
    tie_break_part = models.CharField(
        _("tie-break part (code of a top-level part)"),
        max_length=16,
        blank=True,
        help_text=_("For example 6 (绩效) in GB/T 36132-2018, 1 (能源低碳化) in GB/T 36132-2025."),
    )
    # Jiangsu's notices list the factories 排名不分先后, without scores (decisions §50).
    publish_scores = models.BooleanField(
        _("scores are shown in the public notice"),
        default=False,
        help_text=_(
            "Off: the notice lists the factories by district and name, in no order of rank "
            "(排名不分先后), without scores."
        ),
    )
    notice_bureau_contact = models.CharField(
        _("contact for objections on the public notice"),
        max_length=200,
        blank=True,
        help_text=_(
            "The bureau's office and phone, e.g. 常州市工业和信息化局节能与综合利用处 0519-…"
        ),
    )
    notice_discipline_contact = models.CharField(
        _("discipline-inspection contact (纪检监察) on the public notice"),
        max_length=200,
        blank=True,
        help_text=_("The discipline-inspection group and phone, e.g. 驻市工信局纪检监察组 0519-…"),
    )
    # Integrity signals (decisions §66): the thresholds the background checks use for this
    # batch's applications and for the filings that refer to it.
    integrity_mad_k = models.DecimalField(
        _("figures outside the median ± k·MAD of peers: k"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("3.5"),
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(20))],
    )
    integrity_min_peers = models.PositiveSmallIntegerField(
        _("peers of the same industry class needed for the peer comparison"),
        default=5,
        validators=[MinValueValidator(5), MaxValueValidator(100)],
    )
    integrity_jump_factor = models.DecimalField(
        _("year-on-year change flagged beyond this factor"),
        max_digits=4,
        decimal_places=1,
        default=Decimal(2),
        validators=[MinValueValidator(Decimal("1.1")), MaxValueValidator(Decimal(100))],
    )
    integrity_text_similarity = models.DecimalField(
        _("similarity of two passages flagged as copied text"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.70"),
        validators=[MinValueValidator(Decimal("0.50")), MaxValueValidator(Decimal(1))],
        help_text=_("Estimated Jaccard similarity of their 5-character shingles, 0.50 to 1."),
    )
    # Who may apply (申报条件): the batch's eligibility rules, read by
    # ``applications.domain.eligibility`` (decisions §51). Defaults: the 2023 Changzhou call.
    min_years_operating = models.PositiveSmallIntegerField(
        _("years in operation at least"),
        null=True,
        blank=True,
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_(
            "Counted to the close of applications from the business licence's date of "
            "establishment (成立日期) and from the declared start of production (投产时间). "
            "Leave empty for no minimum."
        ),
    )
    industry_sections = models.CharField(
        _("industry sections that may apply (GB/T 4754-2017)"),
        max_length=20,
        blank=True,
        default="BCD",
        validators=[validate_sections],
        help_text=_(
            "Section letters, for example BCD (mining, manufacturing, utilities). Leave empty "
            "for every industry."
        ),
    )
    # The zero-carbon programme's industries (工信部联节〔2026〕13号) are divisions across
    # sections (算力设施 is in section I): decisions §72.
    industry_divisions = models.CharField(
        _("industry divisions that may apply (GB/T 4754-2017, 2 digits)"),
        max_length=200,
        blank=True,
        default="",
        validators=[validate_divisions],
        help_text=_(
            "Division codes separated by commas, for example 34,35,36,39. Leave empty for "
            "every division of the sections above."
        ),
    )
    barred_title_level = models.CharField(
        _("holders of a title in force of this level or higher may not apply"),
        max_length=16,
        choices=TargetLevel.choices,
        blank=True,
        default=TargetLevel.CITY,
        help_text=_("Leave empty to let title holders apply."),
    )
    audit_within_years = models.PositiveSmallIntegerField(
        _("energy audit, cleaner-production audit or energy diagnosis within (years)"),
        null=True,
        blank=True,
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("Leave empty if no audit is required."),
    )
    accident_grade = models.CharField(
        _("accidents in the last three years that bar an application"),
        max_length=16,
        choices=AccidentGrade.choices,
        default=AccidentGrade.MAJOR,
    )
    accident_gate = models.CharField(
        _("basic requirement on accidents (indicator code)"),
        max_length=20,
        blank=True,
        default="0.2",
        help_text=_(
            "The basic requirement of the indicator system that the negative-list declaration "
            "on accidents answers, with this batch's grade: 0.2 in both GB/T 36132 systems. "
            "Leave empty to let the enterprise answer it on the self-evaluation table."
        ),
    )
    state = models.CharField(
        _("state"), max_length=16, choices=BatchState.choices, default=BatchState.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BatchQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-opens_at"]
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="batch_window_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Target(models.Model):
    """A programme target (创建目标): so many titles of a level in a region by a deadline year,
    for example 40 city-level green factories in 常州市 by 2020 (the 2019 plan).

    The region is the city or one of its districts. Progress is the number of titles held in
    the region at that level, granted from ``from_year`` (when set) to ``by_year``; the
    dashboards count it, since titles live above this app.
    """

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    region = models.ForeignKey(
        "accounts.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("level"), max_length=16, choices=TargetLevel.choices)
    count = models.PositiveIntegerField(_("number of titles"), validators=[MinValueValidator(1)])
    by_year = models.PositiveIntegerField(
        _("by the end of"), validators=[MinValueValidator(2016), MaxValueValidator(2100)]
    )
    from_year = models.PositiveIntegerField(
        _("counting titles from"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2016), MaxValueValidator(2100)],
        help_text=_("Leave empty to count every title granted up to the deadline year."),
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["by_year", "region", "level"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "level", "by_year"],
                name="one_target_per_region_level_year",
                violation_error_message=_(
                    "This region already has a target for this level and year; change that one."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(count__gte=1),
                name="target_count_positive",
                violation_error_message=_("A target counts at least one title."),
            ),
            models.CheckConstraint(
                condition=models.Q(from_year__isnull=True)
                | models.Q(from_year__lte=models.F("by_year")),
                name="target_years_ordered",
                violation_error_message=_(
                    "The first year counted must not be after the deadline year."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.by_year} {self.get_level_display()} {self.count}"
