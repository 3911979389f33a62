"""Logins, logouts, failed logins and lockouts go into the audit trail; a login starts the
session's absolute lifetime."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from greenfactory.core.context import client_ip
from greenfactory.core.domain.audit import record_event

from .middleware import mark_session_start


def _ip(request):
    return client_ip(request) if request is not None else None


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    device = getattr(user, "otp_device", None)
    changes = {"second_factor": device.persistent_id} if device is not None else None
    record_event("accounts.login", actor=user, ip=_ip(request), changes=changes)


@receiver(user_logged_in)
def start_session_lifetime(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        mark_session_start(request)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        record_event("accounts.logout", actor=user, ip=_ip(request))


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    # A wrong second-factor code is sent as a login failure too, so django-axes counts it.
    action = "accounts.second_factor.failed" if credentials.get("second_factor") else None
    record_event(action or "accounts.login_failed", username=username, ip=_ip(request))


@receiver(user_locked_out)
def audit_locked_out(sender, request, username, ip_address, **kwargs):
    record_event("accounts.locked_out", username=str(username or "")[:150], ip=ip_address)
