"""The three administrators' own accounts, changed only on the server's command line.

No administrator may create, reset, deactivate or re-role another (三员分立): on the pages the
permissions refuse it. The server's operator does it with ``manage.py create_administrators``
(the first three, on a new installation) and ``manage.py administrator`` (a forgotten password,
a deactivation), each step audited with the operator's login on the server. An administrator
created or reset here receives a one-time activation link, with which only its holder sets the
password; the second factor is enrolled by the holder at the first login.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from greenfactory.core.domain.audit import record_event

from ..enums import ADMIN_ROLES, ActivationPurpose
from ..models import User
from .activations import issue_on_server
from .enterprises import StepRefused
from .sessions import end_sessions


def _operator(operator: str) -> str:
    return f"manage.py ({operator})"[:150]


@transaction.atomic
def create_administrators(specs: dict[str, dict], *, operator: str) -> dict[str, str]:
    """Create the three administrators of a new installation: ``specs`` maps each role of
    ``ADMIN_ROLES`` to ``{"username": …, "email": …}``. Refused while any administrator exists.
    Returns each username's activation link.

    Side effects: audit entries ``accounts.administrator.created`` and
    ``accounts.activation.issued_on_server`` per account.
    """
    if set(specs) != set(ADMIN_ROLES):
        raise StepRefused(_("Name one account for each of the three administrators."))
    usernames = [spec["username"] for spec in specs.values()]
    if len(set(usernames)) != 3:
        raise StepRefused(_("The three administrators need three different logins."))
    if User.objects.filter(role__in=ADMIN_ROLES).exists():
        raise StepRefused(
            _("Administrators exist already: change them with manage.py administrator.")
        )
    taken = sorted(User.objects.filter(username__in=usernames).values_list("username", flat=True))
    if taken:
        raise StepRefused(_("These logins are taken: %(names)s.") % {"names": ", ".join(taken)})
    links = {}
    for role in ADMIN_ROLES:
        spec = specs[role]
        user = User(username=spec["username"], email=spec.get("email", ""), role=role)
        user.set_unusable_password()
        user.save()
        record_event(
            "accounts.administrator.created",
            obj=user,
            username=_operator(operator),
            changes={"role": role, "email": user.email},
        )
        links[user.username] = issue_on_server(
            user, purpose=ActivationPurpose.BOOTSTRAP, operator=operator
        )
    return links


def _administrator(username: str) -> User:
    account = User.objects.select_for_update(of=("self",)).filter(username=username).first()
    if account is None or account.role not in ADMIN_ROLES:
        raise StepRefused(_("%(username)s is not an administrator.") % {"username": username})
    return account


@transaction.atomic
def reset_administrator(username: str, *, operator: str) -> str:
    """A new activation link for an administrator (a forgotten password, a lost second
    factor): the old password, sessions and second factor end. Returns the link."""
    return issue_on_server(
        _administrator(username), purpose=ActivationPurpose.RESET, operator=operator
    )


@transaction.atomic
def set_administrator_active(username: str, *, active: bool, operator: str) -> User:
    """Deactivate or reactivate an administrator. Side effects: on deactivation its sessions
    end; audit entry ``accounts.administrator.activated`` / ``.deactivated``."""
    account = _administrator(username)
    changes = {"is_active": [account.is_active, active]}
    account.is_active = active
    account.save(update_fields=["is_active"])
    if not active:
        changes["sessions_ended"] = end_sessions(account)
    action = "accounts.administrator.activated" if active else "accounts.administrator.deactivated"
    record_event(action, obj=account, username=_operator(operator), changes=changes)
    return account
