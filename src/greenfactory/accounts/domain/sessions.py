"""Ending every session of an account at once (deactivation, a new password)."""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone


def end_sessions(user, *, keep: str | None = None) -> int:
    """Delete the account's live sessions except the session key ``keep``; return how many.

    Sessions are stored in the database (Django's default engine) without an index by user, so
    the live ones are decoded one by one: with the 30-minute idle timeout a bureau has a few
    hundred at most (docs/decisions.md §41 has the measured cost). Django's own check of the
    session's password hash, and ``AccountBackend.get_user`` for deactivated accounts, would
    refuse them at their next request anyway; deleting them leaves nothing to refuse.
    """
    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key == keep:
            continue
        data = session.get_decoded()
        if data.get(SESSION_KEY) == str(user.pk):
            ended.append(session.session_key)
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)
