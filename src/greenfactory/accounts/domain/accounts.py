"""Writes on accounts by the system and security administrators (三员分立).

The system administrator creates and deactivates accounts; the security administrator grants
roles and lifts lockouts; the audit administrator only reads. Nobody acts on their own account,
and no administrator acts on another administrator's account: that is done on the server's
command line only (``manage.py create_administrators``, ``manage.py issue_activation``).
"""

import secrets
import string

from axes.utils import reset as axes_reset
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from greenfactory.core.domain.audit import changed_fields, record_event, snapshot

from ..enums import GRANTABLE_ROLES, ActivationPurpose, RegionLevel, Role
from ..hooks import credentials_changed
from ..models import Activation, User
from .activations import request_activation
from .enterprises import StepRefused
from .sessions import end_sessions

SCOPE_FIELDS = ("role", "region", "agency", "evaluation_body", "enterprise")


def issue_password(length: int = 14) -> str:
    """A random password that satisfies the password policy (all four character classes)."""
    pools = [string.ascii_uppercase, string.ascii_lowercase, string.digits, "-_.@#%+!*"]
    chars = [secrets.choice(pool) for pool in pools]
    chars += [secrets.choice("".join(pools)) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


@transaction.atomic
def create_account(
    *, actor, username: str, first_name: str, last_name: str, email: str, phone: str
) -> tuple[User, Activation]:
    """Create an account without a role and without a usable password; return it with its
    activation, which the security administrator releases (``domain/activations.py``): the
    system administrator never learns a password that works.

    Side effects: audit entries ``accounts.account.created`` and
    ``accounts.activation.requested``.
    """
    if not actor.has_perm("accounts.manage_accounts"):
        raise PermissionDenied
    user = User(
        username=username, first_name=first_name, last_name=last_name, email=email, phone=phone
    )
    user.set_unusable_password()
    user.save()
    record_event(
        "accounts.account.created",
        actor=actor,
        obj=user,
        changes=snapshot(user, ("username", "first_name", "last_name", "email", "phone")),
    )
    return user, request_activation(user, actor=actor, purpose=ActivationPurpose.NEW)


@transaction.atomic
def set_account_active(account: User, *, actor, active: bool) -> User:
    """Activate or deactivate an account; a deactivated account's sessions end.

    Side effects: on deactivation every session of the account deleted and its API tokens
    revoked (``credentials_changed``); audit entry
    ``accounts.account.activated`` or ``.deactivated``.
    """
    current = User.objects.select_for_update(of=("self",)).get(pk=account.pk)
    if not actor.has_perm("accounts.change_account", current):
        raise PermissionDenied
    if current.is_active == active:
        return current
    current.is_active = active
    current.save(update_fields=["is_active"])
    changes = {"is_active": [not active, active]}
    if not active:
        changes["sessions_ended"] = end_sessions(current)
        credentials_changed.send(User, user=current, actor=actor, reason="deactivated")
    action = "accounts.account.activated" if active else "accounts.account.deactivated"
    record_event(action, actor=actor, obj=current, changes=changes)
    return current


REGION_LEVEL_FOR_ROLE = {
    Role.DISTRICT_OFFICER: (RegionLevel.DISTRICT,),
    Role.CITY_OFFICER: (RegionLevel.CITY, RegionLevel.PROVINCE),
}


@transaction.atomic
def grant_role(
    account: User, *, actor, role: str, region=None, agency=None, evaluation_body=None
) -> User:
    """Give an account its role and scope. Enterprise accounts come only from registration.

    Side effects: when the role or scope changes, every session of the account ends and its API
    tokens are revoked (``credentials_changed``), so the new role is taken up only at a new
    login, with the second factor it may now require; audit entry
    ``accounts.account.role_granted`` with the old and new scope.
    """
    current = User.objects.select_for_update(of=("self",)).get(pk=account.pk)
    if not actor.has_perm("accounts.grant_role", current):
        raise PermissionDenied
    if current.role == Role.ENTERPRISE:
        raise StepRefused(_("An enterprise account keeps its role; it cannot be changed here."))
    if role not in GRANTABLE_ROLES:
        raise StepRefused(_("This role cannot be granted here."))
    wanted_levels = REGION_LEVEL_FOR_ROLE.get(role)
    if wanted_levels:
        if region is None or region.level not in wanted_levels:
            raise StepRefused(
                _("A district officer needs a district; a city officer needs a city.")
            )
    else:
        region = None
    if role == Role.AGENCY:
        if agency is None:
            raise StepRefused(_("A consulting agency's account needs its agency."))
    else:
        agency = None
    if role == Role.EVALUATOR:
        if evaluation_body is None:
            raise StepRefused(
                _("An account of a third-party evaluation body needs its evaluation body.")
            )
    else:
        evaluation_body = None
    before = snapshot(current, SCOPE_FIELDS)
    current.role = role
    current.region = region
    current.agency = agency
    current.evaluation_body = evaluation_body
    current.save(update_fields=["role", "region", "agency", "evaluation_body"])
    changes = changed_fields(before, snapshot(current, SCOPE_FIELDS))
    if changes:
        changes["sessions_ended"] = end_sessions(current)
        credentials_changed.send(User, user=current, actor=actor, reason="role_changed")
    record_event("accounts.account.role_granted", actor=actor, obj=current, changes=changes)
    return current


@transaction.atomic
def unlock_account(username: str, *, actor) -> int:
    """Lift a login lockout early. Side effects: audit entry ``accounts.account.unlocked``."""
    if not actor.has_perm("accounts.unlock_account") or username == actor.get_username():
        raise PermissionDenied
    removed = axes_reset(username=username)
    record_event(
        "accounts.account.unlocked",
        actor=actor,
        changes={"username": username, "attempts_cleared": removed},
    )
    return removed
