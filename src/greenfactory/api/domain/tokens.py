"""Issuing, revoking and checking API tokens.

A key reads ``gf_<prefix>_<secret>``: the prefix finds the row, the SHA-256 of the whole key
must match its digest. The key has 256 bits of randomness, so one round of SHA-256 is enough
(no password stretching); the plain key is never stored and is shown to the user once.
"""

import hashlib
import hmac
import re
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenfactory.accounts.passwords import password_change_required
from greenfactory.core.domain.audit import record_event
from greenfactory.core.refusals import Refused

from ..models import ApiToken

LIFETIMES_DAYS = (30, 90, 180, 365)
PREFIX = re.compile(r"[0-9a-f]{12}")
MAX_ACTIVE_TOKENS = 10
# Writing the last use on every request would make every read a write.
LAST_USED_RESOLUTION = timedelta(minutes=5)


class TokenRefused(Refused):
    """A token cannot be issued or revoked; the message says why."""


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def tokens_visible_to(user) -> QuerySet[ApiToken]:
    """Each user sees their own tokens; the security administrator sees everyone's (never a
    key: only names, prefixes and dates), to revoke any of them."""
    if not (user and user.is_authenticated):
        return ApiToken.objects.none()
    if user.has_perm("api.view_all_tokens"):
        return ApiToken.objects.select_related("user")
    return ApiToken.objects.filter(user=user)


def active_tokens(user) -> QuerySet[ApiToken]:
    """The user's own tokens that still open the API."""
    return ApiToken.objects.filter(
        user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


@transaction.atomic
def issue_token(*, actor, name: str, days: int) -> tuple[ApiToken, str]:
    """Issue a token for the actor's own use; returns it with the plain key (shown once).

    Side effects: audit entry ``api.token.issued`` (name, prefix, expiry; never the key).
    """
    if not actor.has_perm("api.issue_token"):
        raise PermissionDenied
    if days not in LIFETIMES_DAYS:
        raise TokenRefused(_("Choose one of the offered lifetimes."))
    name = name.strip()
    if not name:
        raise TokenRefused(_("Give the token a name."))
    if active_tokens(actor).count() >= MAX_ACTIVE_TOKENS:
        raise TokenRefused(
            _("You already hold %(count)s active tokens: revoke one first.")
            % {"count": MAX_ACTIVE_TOKENS}
        )
    prefix = secrets.token_hex(6)
    key = f"gf_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=actor,
        name=name,
        prefix=prefix,
        digest=_digest(key),
        expires_at=timezone.now() + timedelta(days=days),
    )
    record_event(
        "api.token.issued",
        actor=actor,
        obj=token,
        changes={"name": name, "prefix": prefix, "expires_at": token.expires_at.isoformat()},
    )
    return token, key


@transaction.atomic
def revoke_token(token: ApiToken, *, actor) -> ApiToken:
    """Revoke a token at once: the actor's own, or anyone's by the security administrator.

    Side effects: audit entry ``api.token.revoked`` (reason ``revoked``)."""
    current = ApiToken.objects.select_for_update().get(pk=token.pk)
    if not actor.has_perm("api.revoke_token", current):
        raise PermissionDenied
    if current.revoked_at is not None:
        raise TokenRefused(_("This token was already revoked."))
    current.revoked_at = timezone.now()
    current.save(update_fields=["revoked_at"])
    record_event(
        "api.token.revoked",
        actor=actor,
        obj=current,
        changes={"name": current.name, "prefix": current.prefix, "reason": "revoked"},
    )
    return current


def revoke_tokens_of(user, *, actor, reason: str) -> int:
    """Revoke every active token of ``user`` (a credential event: ``accounts.hooks``), each
    with its own audit entry ``api.token.revoked`` naming the reason; returns how many."""
    revoked = 0
    now = timezone.now()
    for token in ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True):
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        record_event(
            "api.token.revoked",
            actor=actor,
            obj=token,
            changes={"name": token.name, "prefix": token.prefix, "reason": reason},
        )
        revoked += 1
    return revoked


def on_credentials_changed(sender, *, user, actor, reason, **kwargs):
    """Receiver of ``accounts.hooks.credentials_changed``, in the event's transaction."""
    revoke_tokens_of(user, actor=actor, reason=reason)


def user_for_key(key: str):
    """The active user a presented key belongs to, with its token; ``None`` for any key that
    is malformed, unknown, wrong, expired or revoked, whose user is deactivated, or whose user
    must first change an issued or expired password (as the pages require too)."""
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != "gf" or not PREFIX.fullmatch(parts[1]) or not parts[2]:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.digest, _digest(key)):
        return None
    now = timezone.now()
    if token.revoked_at is not None or token.expires_at <= now or not token.user.is_active:
        return None
    if password_change_required(token.user):
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user, token
