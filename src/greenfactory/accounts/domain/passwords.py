"""Password changes: the user's own, and the system administrator's request for a reset (which
the security administrator releases as an activation link to the holder)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from greenfactory.core.domain.audit import record_event

from ..enums import ActivationPurpose
from ..hooks import credentials_changed
from ..models import Activation, User
from .activations import request_activation
from .sessions import end_sessions


@transaction.atomic
def change_password(user: User, *, actor, new_password: str, keep_session: str | None) -> User:
    """Set the user's own new password (validated by the caller's form against the policy and
    the last passwords) and clear an administrator's must-change flag.

    Side effects: the password's age restarts; every other session of the account ends (the
    caller keeps its own with ``update_session_auth_hash``) and ``credentials_changed`` ends its
    API tokens; the hash joins the password history; audit entry ``accounts.password.changed``.
    """
    if actor.pk != user.pk:
        raise PermissionDenied
    current = User.objects.select_for_update(of=("self",)).get(pk=user.pk)
    was_required = current.must_change_password
    current.set_password(new_password)
    current.must_change_password = False
    current.save(update_fields=["password", "password_changed_at", "must_change_password"])
    ended = end_sessions(current, keep=keep_session)
    credentials_changed.send(User, user=current, actor=actor, reason="password_changed")
    record_event(
        "accounts.password.changed",
        actor=actor,
        obj=current,
        changes={"was_required": was_required, "sessions_ended": ended},
    )
    user.password = current.password
    user.password_changed_at = current.password_changed_at
    user.must_change_password = False
    return current


def reset_password(account: User, *, actor) -> Activation:
    """The system administrator asks for a new password for an account (a forgotten one):
    nothing changes until the security administrator releases the activation, and then only
    the account's holder sets the new password (``domain/activations.py``).

    Side effects: audit entry ``accounts.activation.requested``.
    """
    return request_activation(account, actor=actor, purpose=ActivationPurpose.RESET)
