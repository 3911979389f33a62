"""The enterprise's carbon accounts (科学算碳, decisions §73): a yearly inventory with its
process and scope 3 lines, numbered units claimed (green certificates in scope 2, offsets
retired), product carbon footprints, and the status rule as data. The arithmetic lives in
``programme.calculations.energy_carbon`` and ``applications.domain.carbon``."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from greenfactory.core.codes import new_code

from ..enums import (
    CarbonStatus,
    FootprintStandard,
    FootprintStatus,
    InventoryStandard,
    ProcessMethod,
    Scope3Category,
    UnitKind,
    UnitUse,
)

NON_NEGATIVE = [MinValueValidator(Decimal(0))]
YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]


def _quantity(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name, max_digits=18, decimal_places=4, validators=NON_NEGATIVE, **kwargs
    )


def carbon_file_path(instance, filename):
    return f"carbon/{new_code(16)}"


class StoredFile(models.Model):
    """A file accepted through ``core.uploads.check_upload``, named by a random path."""

    file = models.FileField(upload_to=carbon_file_path, blank=True)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        abstract = True


class CarbonInventory(models.Model):
    """One year's greenhouse-gas inventory of one enterprise (scope 1, scope 2 both ways,
    optional scope 3), on the energy data with a coefficient table and a grid factor."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    enterprise = models.ForeignKey(
        "accounts.Enterprise", on_delete=models.PROTECT, related_name="carbon_inventories"
    )
    year = models.PositiveIntegerField(_("year"), validators=YEAR)
    standard = models.CharField(
        _("accounting standard"),
        max_length=16,
        choices=InventoryStandard.choices,
        default=InventoryStandard.GBT32150,
    )
    guideline = models.CharField(
        _("industry accounting guideline"),
        max_length=200,
        blank=True,
        help_text=_("For example GB/T 32151.10 (化工生产企业)."),
    )
    coefficient_table = models.ForeignKey(
        "programme.CoefficientTable",
        verbose_name=_("coefficient table"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    grid_factor = models.ForeignKey(
        "programme.GridFactor",
        verbose_name=_("grid emission factor"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    energy = models.JSONField(_("energy use by carrier"), default=dict, blank=True)
    heat_content = models.JSONField(
        _("measured heat content by carrier (MJ per unit)"), default=dict, blank=True
    )
    exported_electricity_kwh = _quantity(
        _("electricity supplied to others (kWh)"), null=True, blank=True
    )
    exported_heat_mj = _quantity(_("heat supplied to others (MJ)"), null=True, blank=True)
    is_baseline = models.BooleanField(_("baseline year"), default=False)
    verifier = models.CharField(_("verification body"), max_length=200, blank=True)
    verified_on = models.DateField(_("verification statement dated"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["enterprise", "-year"]
        verbose_name = _("carbon inventory")
        verbose_name_plural = _("carbon inventories")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="one_inventory_a_year"),
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(is_baseline=True),
                name="one_baseline_inventory",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}"


class VerificationStatement(StoredFile):
    """The third-party verification statement (核查声明) of an inventory."""

    inventory = models.OneToOneField(
        CarbonInventory, on_delete=models.CASCADE, related_name="verification_statement"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name


class ProcessEmission(models.Model):
    """A process-emission line of scope 1: activity × factor, by the named method."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    inventory = models.ForeignKey(
        CarbonInventory, on_delete=models.CASCADE, related_name="process_lines"
    )
    description = models.CharField(_("source"), max_length=200)
    method = models.CharField(_("method"), max_length=16, choices=ProcessMethod.choices)
    activity = _quantity(_("activity data"))
    activity_unit = models.CharField(_("unit of the activity data"), max_length=16)
    factor_t = models.DecimalField(
        _("emission factor (tCO₂e per unit)"),
        max_digits=14,
        decimal_places=6,
        validators=NON_NEGATIVE,
    )

    class Meta:
        ordering = ["inventory", "pk"]

    def __str__(self) -> str:
        return self.description


class Scope3Emission(models.Model):
    """An optional scope 3 line, by ISO 14064-1 category, as the enterprise computed it."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    inventory = models.ForeignKey(
        CarbonInventory, on_delete=models.CASCADE, related_name="scope3_lines"
    )
    category = models.CharField(_("category"), max_length=2, choices=Scope3Category.choices)
    description = models.CharField(_("source"), max_length=200)
    method = models.CharField(_("method and factor"), max_length=200)
    tco2e = _quantity(_("emissions (tCO₂e)"))

    class Meta:
        ordering = ["inventory", "category", "pk"]

    def __str__(self) -> str:
        return self.description


class UnitClaim(StoredFile):
    """A range of numbered units claimed in one inventory: green certificates counted in
    market-based scope 2, or units retired as an offset. A serial number is claimed once on the
    whole platform (``applications.domain.carbon.claim_units`` refuses an overlap)."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    inventory = models.ForeignKey(
        CarbonInventory, on_delete=models.CASCADE, related_name="unit_claims"
    )
    use = models.CharField(_("counted as"), max_length=8, choices=UnitUse.choices)
    kind = models.CharField(_("kind"), max_length=8, choices=UnitKind.choices)
    # A serial number is the prefix followed by a number of ``width`` digits.
    prefix = models.CharField(_("serial prefix"), max_length=64, blank=True)
    first = models.PositiveBigIntegerField(_("first serial number"))
    last = models.PositiveBigIntegerField(_("last serial number"))
    width = models.PositiveSmallIntegerField()
    retired_on = models.DateField(_("retired (注销) on"))
    project = models.CharField(_("project or issuer"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["inventory", "use", "kind", "prefix", "first"]
        constraints = [
            models.CheckConstraint(condition=Q(last__gte=F("first")), name="unit_range_ordered")
        ]
        indexes = [models.Index(fields=["kind", "prefix", "first"])]

    def __str__(self) -> str:
        return f"{self.serial(self.first)}–{self.serial(self.last)}"

    def serial(self, number: int) -> str:
        return f"{self.prefix}{number:0{self.width}d}"

    @property
    def units(self) -> int:
        return self.last - self.first + 1


class UnitLedger(models.Model):
    """One row per kind of unit, locked while a claim is checked and written, so two claims on
    overlapping ranges at once cannot both pass (PostgreSQL and SQLite alike)."""

    kind = models.CharField(max_length=8, choices=UnitKind.choices, unique=True)

    def __str__(self) -> str:
        return self.kind


class ProductFootprint(models.Model):
    """A key product's carbon footprint (GB/T 24067-2024 / ISO 14067)."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    enterprise = models.ForeignKey(
        "accounts.Enterprise", on_delete=models.PROTECT, related_name="product_footprints"
    )
    year = models.PositiveIntegerField(_("year"), validators=YEAR)
    product = models.CharField(_("product"), max_length=200)
    functional_unit = models.CharField(_("declared or functional unit"), max_length=64)
    kgco2e_per_unit = _quantity(_("footprint (kgCO₂e per unit)"))
    standard = models.CharField(
        _("standard"),
        max_length=16,
        choices=FootprintStandard.choices,
        default=FootprintStandard.GBT24067,
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=FootprintStatus.choices,
        default=FootprintStatus.DECLARED,
    )
    verifier = models.CharField(_("verification body"), max_length=200, blank=True)

    class Meta:
        ordering = ["enterprise", "-year", "product"]

    def __str__(self) -> str:
        return f"{self.product} {self.year}"


class CarbonStatusRule(models.Model):
    """What one status needs, as data with its source (decisions §73). The strictest status
    whose rule in force is met is the factory's."""

    status = models.CharField(_("status"), max_length=16, choices=CarbonStatus.choices, unique=True)
    max_net_share_pct = models.DecimalField(
        _("net emissions at most (percent of the baseline year's emissions)"),
        max_digits=6,
        decimal_places=2,
        validators=NON_NEGATIVE,
    )
    min_reduction_pct = models.DecimalField(
        _("reduction against the baseline at least (%)"),
        max_digits=6,
        decimal_places=2,
        validators=NON_NEGATIVE,
    )
    max_offset_share_pct = models.DecimalField(
        _("offsets cover at most (percent of the year's emissions)"),
        max_digits=6,
        decimal_places=2,
        validators=NON_NEGATIVE,
    )
    source = models.TextField(_("source"))
    is_platform_default = models.BooleanField(
        _("platform default pending the bureau's rule"), default=True
    )

    class Meta:
        ordering = ["status"]

    def __str__(self) -> str:
        return self.get_status_display()
