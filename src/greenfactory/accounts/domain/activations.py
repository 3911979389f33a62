"""One-time activation links: how an account's holder, and only its holder, sets a password.

三员分立 means that no administrator can act as another user alone. So the system
administrator never issues a password: creating an account or resetting a forgotten password
asks for an activation (``request_activation``), which the security administrator — a second
person, never the one who asked — releases (``release_activation``). Only then is a key made:
sent to the holder's own e-mail address, or, for an account without one, shown once to the
security administrator to hand over sealed. The holder opens the link, sets their own password
(``complete_activation``) and, if their role needs one, enrols their own second factor at the
first login. Administrators' accounts are never changed on the pages: their activations are
issued on the server's command line (``issue_on_server``), audited.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_otp.plugins.otp_totp.models import TOTPDevice

from greenfactory.core.domain.audit import record_event
from greenfactory.notifications.models import OutboundEmail
from greenfactory.notifications.tasks import send_email

from ..enums import ActivationPurpose
from ..hooks import credentials_changed
from ..models import Activation, User
from .enterprises import StepRefused
from .sessions import end_sessions

ACTIVATION_HOURS = 72
EMAIL_GROUP = "accounts.activation"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def activation_url(key: str) -> str:
    return f"{settings.PLATFORM_URL}{reverse('accounts:activate', args=[key])}"


def pending_activation(account: User) -> Activation | None:
    """The account's activation that waits for the security administrator, if any."""
    return (
        Activation.objects.filter(
            account=account,
            released_at__isnull=True,
            cancelled_at__isnull=True,
            used_at__isnull=True,
        )
        .select_related("requested_by")
        .first()
    )


@transaction.atomic
def request_activation(account: User, *, actor, purpose: str) -> Activation:
    """Ask for an activation of ``account`` (a new account, a forgotten password). Nothing
    changes for the account yet: the security administrator's release does that.

    Side effects: audit entry ``accounts.activation.requested``. An activation already
    waiting is returned as it is.
    """
    if not actor.has_perm("accounts.change_account", account):
        raise PermissionDenied
    waiting = pending_activation(account)
    if waiting is not None:
        return waiting
    activation = Activation.objects.create(account=account, purpose=purpose, requested_by=actor)
    record_event(
        "accounts.activation.requested",
        actor=actor,
        obj=account,
        changes={"activation": activation.code, "purpose": purpose},
    )
    return activation


def _start(activation: Activation, *, actor, now) -> str:
    """Make the key and end every credential the account held (its password, sessions, API
    tokens and second factor), so that only the link's holder can act as the account."""
    key = secrets.token_urlsafe(32)
    activation.digest = _digest(key)
    activation.released_at = now
    activation.released_by = actor
    activation.expires_at = now + timedelta(hours=ACTIVATION_HOURS)
    activation.save(update_fields=["digest", "released_at", "released_by", "expires_at"])
    account = User.objects.select_for_update(of=("self",)).get(pk=activation.account_id)
    account.set_unusable_password()
    account.must_change_password = False
    account.save(update_fields=["password", "password_changed_at", "must_change_password"])
    end_sessions(account)
    TOTPDevice.objects.filter(user=account).delete()
    credentials_changed.send(User, user=account, actor=actor, reason="password_reset")
    return key


def _send(activation: Activation, key: str) -> None:
    account = activation.account
    with override(settings.LANGUAGE_CODE):
        subject = _("Set your password for the green factory platform")
        body = _(
            "Open this link to set your own password for the login “%(username)s”. It works "
            "once, until %(expires)s; if you did not expect it, tell the platform's security "
            "administrator.\n\n%(url)s"
        ) % {
            "username": account.username,
            "expires": timezone.localtime(activation.expires_at).strftime("%Y-%m-%d %H:%M"),
            "url": activation_url(key),
        }
    email = OutboundEmail.objects.create(
        to=account.email,
        subject=subject,
        body=body,
        status=OutboundEmail.Status.QUEUED,
        group=EMAIL_GROUP,
    )
    transaction.on_commit(lambda pk=email.pk: send_email.enqueue(pk))


@transaction.atomic
def release_activation(activation: Activation, *, actor) -> tuple[Activation, str | None]:
    """The security administrator releases an activation the system administrator asked for.

    Returns the activation and, for an account without an e-mail address, the link to hand
    over (shown once); with an address the link goes only there and ``None`` is returned.

    Side effects: the account's password made unusable, its sessions ended, its API tokens
    revoked (``credentials_changed``) and its second factor removed, so its holder enrols their
    own; the e-mail queued; audit entry ``accounts.activation.released`` (never the key).
    """
    current = (
        Activation.objects.select_for_update(of=("self",))
        .select_related("account")
        .get(pk=activation.pk)
    )
    if not actor.has_perm("accounts.release_activation", current):
        raise PermissionDenied
    if not current.is_pending:
        raise StepRefused(_("This activation was already released, used or cancelled."))
    key = _start(current, actor=actor, now=timezone.now())
    delivered = "email" if current.account.email else "in_person"
    if delivered == "email":
        _send(current, key)
    record_event(
        "accounts.activation.released",
        actor=actor,
        obj=current.account,
        changes={
            "activation": current.code,
            "purpose": current.purpose,
            "requested_by": current.requested_by.username if current.requested_by else "",
            "delivered": delivered,
        },
    )
    return current, (activation_url(key) if delivered == "in_person" else None)


@transaction.atomic
def cancel_activation(activation: Activation, *, actor) -> Activation:
    """Withdraw an activation that has not been used. Side effects: audit entry
    ``accounts.activation.cancelled``."""
    current = Activation.objects.select_for_update(of=("self",)).get(pk=activation.pk)
    if not actor.has_perm("accounts.cancel_activation", current):
        raise PermissionDenied
    if current.used_at is not None or current.cancelled_at is not None:
        raise StepRefused(_("This activation was already used or cancelled."))
    current.cancelled_at = timezone.now()
    current.save(update_fields=["cancelled_at"])
    record_event(
        "accounts.activation.cancelled",
        actor=actor,
        obj=current.account,
        changes={"activation": current.code},
    )
    return current


@transaction.atomic
def issue_on_server(account: User, *, purpose: str, operator: str) -> str:
    """An activation made on the server's command line (the first administrators, or an
    administrator's forgotten password): released at once, its link returned to the operator.

    Side effects: as ``release_activation``; audit entry ``accounts.activation.issued_on_server``
    naming the operator's login on the server.
    """
    Activation.objects.filter(
        account=account, used_at__isnull=True, cancelled_at__isnull=True
    ).update(cancelled_at=timezone.now())
    activation = Activation.objects.create(account=account, purpose=purpose)
    key = _start(activation, actor=None, now=timezone.now())
    record_event(
        "accounts.activation.issued_on_server",
        obj=account,
        username=f"manage.py ({operator})"[:150],
        changes={"activation": activation.code, "purpose": purpose, "role": account.role},
    )
    return activation_url(key)


def activation_for_key(key: str) -> Activation | None:
    """The usable activation a link's key belongs to; ``None`` for any other key."""
    if not key or len(key) > 100:
        return None
    digest = _digest(key)
    activation = Activation.objects.select_related("account").filter(digest=digest).first()
    if activation is None or not hmac.compare_digest(activation.digest, digest):
        return None
    if not activation.is_usable or not activation.account.is_active:
        return None
    return activation


@transaction.atomic
def complete_activation(activation: Activation, *, password: str) -> User:
    """The holder sets their own password through the link (validated by the caller's form
    against the password policy); the link is used up.

    Side effects: the password set (its age starts now); audit entry
    ``accounts.activation.completed`` by the account itself.
    """
    current = Activation.objects.select_for_update(of=("self",)).get(pk=activation.pk)
    if not current.is_usable:
        raise StepRefused(_("This link has expired or was already used."))
    account = User.objects.select_for_update(of=("self",)).get(pk=current.account_id)
    account.set_password(password)
    account.must_change_password = False
    account.save(update_fields=["password", "password_changed_at", "must_change_password"])
    current.used_at = timezone.now()
    current.save(update_fields=["used_at"])
    record_event(
        "accounts.activation.completed",
        actor=account,
        obj=account,
        changes={"activation": current.code, "purpose": current.purpose},
    )
    return account


def activations_waiting() -> list[Activation]:
    """The activations the security administrator has still to release, oldest first."""
    return list(
        Activation.objects.filter(
            released_at__isnull=True, cancelled_at__isnull=True, used_at__isnull=True
        )
        .select_related("account", "requested_by")
        .order_by("requested_at", "pk")
    )


__all__ = [
    "ACTIVATION_HOURS",
    "ActivationPurpose",
    "activation_for_key",
    "activations_waiting",
    "cancel_activation",
    "complete_activation",
    "issue_on_server",
    "pending_activation",
    "release_activation",
    "request_activation",
]
