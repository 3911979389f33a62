"""Ending every session of an account at once (deactivation, a new password)."""

from django.utils import timezone

from ..models import AccountSession


def end_sessions(user, *, keep: str | None = None) -> int:
    """Delete the account's live sessions except the session key ``keep``; return how many.

    Each session's row names its account (``AccountSession.user``, written from the session's
    data at every save), so this is one indexed delete. Django's own check of the session's
    password hash, and ``AccountBackend.get_user`` for deactivated accounts, would refuse them
    at their next request anyway; deleting them leaves nothing to refuse. Expired sessions are
    left to ``clearsessions``.
    """
    live = AccountSession.objects.filter(user=user, expire_date__gt=timezone.now())
    if keep is not None:
        live = live.exclude(session_key=keep)
    ended, _ = live.delete()
    return ended
