"""Logins, logouts, failed logins and lockouts go into the audit trail."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from greenfactory.core.context import client_ip
from greenfactory.core.domain.audit import record_event


def _ip(request):
    return client_ip(request) if request is not None else None


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    record_event("accounts.login", actor=user, ip=_ip(request))


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        record_event("accounts.logout", actor=user, ip=_ip(request))


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    record_event("accounts.login_failed", username=username, ip=_ip(request))


@receiver(user_locked_out)
def audit_locked_out(sender, request, username, ip_address, **kwargs):
    record_event("accounts.locked_out", username=str(username or "")[:150], ip=ip_address)
