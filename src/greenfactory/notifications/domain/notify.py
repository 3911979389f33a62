"""Telling people: an inbox entry for each recipient, and an e-mail where they have an address.

E-mails are sent by the task worker after the surrounding transaction commits, so a failing
mail server never blocks or undoes the decision that caused the message. An e-mail may be
held in the outbox for an officer to check before it goes.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from ..models import Notification, OutboundEmail
from ..tasks import send_email

MAX_ATTEMPTS = 5


def notify(
    recipients, *, subject: str, body: str = "", url: str = "", hold: bool = False, group: str = ""
) -> list[Notification]:
    """Queue one message for each recipient (inactive accounts are skipped)."""
    created = []
    for user in {u.pk: u for u in recipients if u is not None and u.is_active}.values():
        created.append(
            Notification.objects.create(recipient=user, subject=subject, body=body, url=url)
        )
        _forget_unread(user)
        if user.email:
            email = OutboundEmail.objects.create(
                to=user.email,
                subject=subject,
                body=f"{body}\n\n{settings.PLATFORM_URL}{url}" if url else body,
                status=OutboundEmail.Status.HELD if hold else OutboundEmail.Status.QUEUED,
                group=group,
            )
            if not hold:
                transaction.on_commit(lambda pk=email.pk: send_email.enqueue(pk))
    return created


def deliver(email: OutboundEmail) -> bool:
    """Send one e-mail now; a failure is recorded for a later retry, never raised."""
    if email.status not in (OutboundEmail.Status.QUEUED, OutboundEmail.Status.FAILED):
        return False
    email.attempts += 1
    try:
        send_mail(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to])
    except Exception as error:  # any transport error: keep the message, retry later
        email.status = OutboundEmail.Status.FAILED
        email.last_error = f"{type(error).__name__}: {error}"[:2000]
        email.save(update_fields=["status", "attempts", "last_error"])
        return False
    email.status = OutboundEmail.Status.SENT
    email.sent_at = timezone.now()
    email.last_error = ""
    email.save(update_fields=["status", "attempts", "last_error", "sent_at"])
    return True


def retry_failed() -> int:
    """Send the queued and failed e-mails again (a periodic job); returns how many went."""
    sent = 0
    pending = OutboundEmail.objects.filter(
        status__in=[OutboundEmail.Status.QUEUED, OutboundEmail.Status.FAILED],
        attempts__lt=MAX_ATTEMPTS,
    )
    for email in pending.order_by("pk"):
        sent += deliver(email)
    return sent


def release_group(group: str) -> int:
    """An officer releases the held e-mails of one decision."""
    held = list(OutboundEmail.objects.filter(group=group, status=OutboundEmail.Status.HELD))
    OutboundEmail.objects.filter(pk__in=[e.pk for e in held]).update(
        status=OutboundEmail.Status.QUEUED
    )
    for email in held:
        transaction.on_commit(lambda pk=email.pk: send_email.enqueue(pk))
    return len(held)


def discard_group(group: str) -> int:
    return OutboundEmail.objects.filter(group=group, status=OutboundEmail.Status.HELD).update(
        status=OutboundEmail.Status.DISCARDED
    )


def mark_read(user, code: str | None = None) -> int:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if code:
        unread = unread.filter(code=code)
    marked = unread.update(read_at=timezone.now())
    _forget_unread(user)
    return marked


def _unread_key(user) -> str:
    return f"notifications:unread:{user.pk}"


def _forget_unread(user) -> None:
    """The count changes for its user at once in this process; other web processes keep
    theirs for at most ``UNREAD_COUNT_SECONDS``."""
    key = _unread_key(user)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def unread_count(user) -> int:
    """The user's unread messages for the page header, kept ``UNREAD_COUNT_SECONDS`` per
    user (a query on every page otherwise)."""
    seconds = settings.UNREAD_COUNT_SECONDS
    key = _unread_key(user)
    if seconds and (kept := cache.get(key)) is not None:
        return kept
    count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    if seconds:
        cache.set(key, count, seconds)
    return count
