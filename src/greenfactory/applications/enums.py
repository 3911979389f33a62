from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted: awaiting district pre-review")
    RETURNED = "returned", _("Returned for revision")
    DISTRICT_REJECTED = "district_rejected", _("Not recommended by the district")
    RECOMMENDED = "recommended", _("Recommended to the city")
    SITE_AUDIT = "site_audit", _("On-site audit scheduled")
    AUDITED = "audited", _("On-site audit completed")
    EXPERT_REVIEW = "expert_review", _("In expert review")
    REVIEWED = "reviewed", _("Expert review completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The enterprise (or its agency) may change the application only in these states.
EDITABLE_STATES = (ApplicationState.DRAFT, ApplicationState.RETURNED)
# An enterprise has at most one application per batch that is not finished.
ACTIVE_STATES = (
    ApplicationState.DRAFT,
    ApplicationState.SUBMITTED,
    ApplicationState.RETURNED,
    ApplicationState.RECOMMENDED,
    ApplicationState.SITE_AUDIT,
    ApplicationState.AUDITED,
    ApplicationState.EXPERT_REVIEW,
    ApplicationState.REVIEWED,
)


class NegativeListItem(models.TextChoices):
    """The negative list of DOMAIN §3: each a yes/no declaration for the last three years."""

    NOT_OPERATING = (
        "not_operating",
        _(
            "Not operating normally (deregistered, stopped for 12 months or more, or on the "
            "abnormal-operation list)"
        ),
    )
    ACCIDENT = (
        "accident",
        _(
            "A safety (including cyber and data security), quality or pollution accident, or tax "
            "evasion"
        ),
    )
    REMOVED = "removed", _("Removed from a green-manufacturing list before")
    INSPECTION = "inspection", _("Serious problems found by State Council or ministry inspections")
    ENERGY_RECTIFICATION = (
        "energy_rectification",
        _("On the energy-inspection rectification list and not rectified"),
    )
    DISHONEST_DEBTOR = "dishonest_debtor", _("Listed as a dishonest judgment debtor (失信被执行人)")


class CertificationKind(models.TextChoices):
    QMS = "qms", _("Quality management system (GB/T 19001 / ISO 9001)")
    EMS = "ems", _("Environmental management system (GB/T 24001 / ISO 14001)")
    OHSMS = "ohsms", _("Occupational health and safety (GB/T 45001 / ISO 45001)")
    ENMS = "enms", _("Energy management system (GB/T 23331 / ISO 50001)")


class EvidenceKind(models.TextChoices):
    EVIDENCE = "evidence", _("Evidence")
    REPORT_SCAN = "report_scan", _("Signed and sealed self-evaluation report")
    THIRD_PARTY_REPORT = "third_party_report", _("Third-party evaluation report")
    ENERGY_AUDIT = (
        "energy_audit",
        _("Energy audit, cleaner-production audit or energy diagnosis report"),
    )


class AuditKind(models.TextChoices):
    """The audits the 2023 Changzhou call accepts within the batch's years (decisions §51)."""

    ENERGY_AUDIT = "energy_audit", _("Energy audit (能源审计)")
    CLEANER_PRODUCTION = "cleaner_production", _("Cleaner-production audit (清洁生产审核)")
    ENERGY_DIAGNOSIS = "energy_diagnosis", _("Energy diagnosis (节能诊断)")


# The enterprise's carbon accounts (decisions §73).
class InventoryStandard(models.TextChoices):
    GBT32150 = "gbt32150", _("GB/T 32150-2015 工业企业温室气体排放核算和报告通则")
    INDUSTRY = "industry", _("The industry's accounting guideline (GB/T 32151 series)")
    ISO14064 = "iso14064", _("ISO 14064-1:2018")


class ProcessMethod(models.TextChoices):
    EMISSION_FACTOR = "emission_factor", _("Emission factor (activity × factor)")
    MASS_BALANCE = "mass_balance", _("Carbon mass balance")
    MEASUREMENT = "measurement", _("Continuous measurement")


class Scope3Category(models.TextChoices):
    """ISO 14064-1:2018 indirect categories 3–6 (the GHG Protocol's 15 fall within them)."""

    TRANSPORT = "3", _("Category 3: indirect emissions from transportation")
    PRODUCTS_USED = "4", _("Category 4: indirect emissions from products the organisation uses")
    PRODUCTS_SOLD = "5", _("Category 5: indirect emissions from the use of its products")
    OTHER = "6", _("Category 6: indirect emissions from other sources")


class UnitKind(models.TextChoices):
    """Numbered units a factory may claim: one serial number, one claim on the platform."""

    GREEN_CERTIFICATE = "gec", _("Green electricity certificate (绿证, 1 MWh each)")
    CCER = "ccer", _("CCER (国家核证自愿减排量, 1 tCO₂e each)")
    OTHER = "other", _("Other credit the rules allow (1 tCO₂e each)")


class UnitUse(models.TextChoices):
    SCOPE2 = "scope2", _("Green electricity claimed in market-based scope 2")
    OFFSET = "offset", _("Offset retired")


class FootprintStandard(models.TextChoices):
    GBT24067 = "gbt24067", _("GB/T 24067-2024 产品碳足迹")
    ISO14067 = "iso14067", _("ISO 14067:2018")


class FootprintStatus(models.TextChoices):
    DECLARED = "declared", _("Declared by the enterprise")
    VERIFIED = "verified", _("Verified by a third party")


class CarbonStatus(models.TextChoices):
    ZERO = "zero", _("Zero-carbon (零碳)")
    NEAR_ZERO = "near_zero", _("Near-zero-carbon (近零碳)")
    NOT_YET = "not_yet", _("Not yet near-zero")
