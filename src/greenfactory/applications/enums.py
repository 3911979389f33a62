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
