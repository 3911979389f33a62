from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What an account does on the platform. Each account holds exactly one role."""

    ENTERPRISE = "enterprise", _("Enterprise user")
    # A consulting agency (咨询服务机构) that an enterprise authorises to help prepare its
    # materials; the value stays "agency" (it is stored on every such account).
    AGENCY = "agency", _("Consulting agency")
    DISTRICT_OFFICER = "district_officer", _("District bureau officer")
    CITY_OFFICER = "city_officer", _("City bureau officer")
    EXPERT = "expert", _("Expert")
    # An account of a third-party evaluation body (第三方评价机构): evaluates the applications
    # the bureau commissions it for, independently of the enterprise and its consultant.
    EVALUATOR = "evaluator", _("Third-party evaluation body")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    SECURITY_ADMIN = "security_admin", _("Security administrator")
    AUDIT_ADMIN = "audit_admin", _("Audit administrator")


# The three separated administrators of 三员分立: none may hold another role.
ADMIN_ROLES = (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)
OFFICER_ROLES = (Role.DISTRICT_OFFICER, Role.CITY_OFFICER)
# Roles a security administrator may grant to an account created by the system administrator;
# enterprise accounts come from self-registration only. The administrators' roles are given
# only on the server's command line (manage.py create_administrators), never by one of them.
GRANTABLE_ROLES = (
    Role.AGENCY,
    Role.DISTRICT_OFFICER,
    Role.CITY_OFFICER,
    Role.EXPERT,
    Role.EVALUATOR,
)


class ActivationPurpose(models.TextChoices):
    """Why an account's holder is sent a one-time link to set their own password."""

    NEW = "new", _("New account")
    RESET = "reset", _("Password reset")
    BOOTSTRAP = "bootstrap", _("Issued on the server")


class RegionLevel(models.TextChoices):
    NATION = "nation", _("Nation")
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    DISTRICT = "district", _("District / county-level city")


class EnterpriseStatus(models.TextChoices):
    """Registration state: a district officer confirms an enterprise before it may apply."""

    PENDING = "pending", _("Awaiting district confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Not confirmed")
