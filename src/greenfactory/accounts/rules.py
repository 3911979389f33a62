"""Who may do what: predicates composed into the platform's permissions.

Visibility (what a user may see at all) lives in ``domain/queries.py``; these rules decide the
actions on objects a user can already see.
"""

import rules

from .enums import ADMIN_ROLES, Role
from .scope import in_officer_region


def _has_role(role):
    @rules.predicate(name=f"has_role_{role}")
    def predicate(user):
        return bool(user and user.is_authenticated and user.is_active and user.role == role)

    return predicate


is_enterprise_user = _has_role(Role.ENTERPRISE)
is_agency_user = _has_role(Role.AGENCY)
is_district_officer = _has_role(Role.DISTRICT_OFFICER)
is_city_officer = _has_role(Role.CITY_OFFICER)
is_expert = _has_role(Role.EXPERT)
is_evaluator = _has_role(Role.EVALUATOR)
is_system_admin = _has_role(Role.SYSTEM_ADMIN)
is_security_admin = _has_role(Role.SECURITY_ADMIN)
is_audit_admin = _has_role(Role.AUDIT_ADMIN)
is_officer = is_district_officer | is_city_officer


@rules.predicate
def is_administrator(user):
    return bool(user and user.is_authenticated and user.role in ADMIN_ROLES)


@rules.predicate
def is_own_enterprise(user, enterprise):
    return enterprise is not None and user.enterprise_id == enterprise.pk


is_in_officer_region = in_officer_region(
    lambda enterprise: enterprise.district, name="is_in_officer_region"
)
is_district_in_officer_region = in_officer_region(
    lambda district: district, name="is_district_in_officer_region"
)


@rules.predicate
def is_not_self(user, account):
    return account is not None and account.pk != user.pk


@rules.predicate
def is_administrator_account(user, account):
    """One of the three administrators' accounts: changed on the server's command line only."""
    return account is not None and account.role in ADMIN_ROLES


@rules.predicate
def is_activation_of_another(user, activation):
    return activation is not None and activation.account_id != user.pk


@rules.predicate
def is_activation_of_an_administrator(user, activation):
    return activation is not None and activation.account.role in ADMIN_ROLES


@rules.predicate
def asked_for_the_activation(user, activation):
    return activation is not None and activation.requested_by_id == user.pk


rules.add_perm("accounts.change_enterprise", is_enterprise_user & is_own_enterprise)
# Who confirms; when (a pending registration) is the workflow table's.
rules.add_perm("accounts.confirm_enterprise", is_district_officer & is_in_officer_region)
rules.add_perm("accounts.record_pilot_code", is_officer & is_district_in_officer_region)
rules.add_perm("accounts.view_enterprise_list", is_officer)
rules.add_perm("accounts.manage_accounts", is_system_admin)
# No administrator acts on their own account or on another administrator's (三员分立).
rules.add_perm("accounts.change_account", is_system_admin & is_not_self & ~is_administrator_account)
rules.add_perm("accounts.grant_role", is_security_admin & is_not_self & ~is_administrator_account)
rules.add_perm("accounts.unlock_account", is_security_admin)
rules.add_perm(
    "accounts.reset_second_factor", is_security_admin & is_not_self & ~is_administrator_account
)
# An activation is released by a second person: the security administrator, never for an
# activation they asked for themselves, never for an administrator.
rules.add_perm(
    "accounts.release_activation",
    is_security_admin
    & is_activation_of_another
    & ~is_activation_of_an_administrator
    & ~asked_for_the_activation,
)
rules.add_perm(
    "accounts.cancel_activation",
    (is_system_admin | is_security_admin)
    & is_activation_of_another
    & ~is_activation_of_an_administrator,
)
# The city bureau suspends a third-party evaluation body whose work it no longer accepts.
rules.add_perm("accounts.suspend_evaluation_body", is_city_officer)
rules.add_perm("core.view_auditevent", is_audit_admin)
rules.add_perm("notifications.manage_outbox", is_city_officer)
