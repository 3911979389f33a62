"""Writes on second-factor devices: confirming an enrolment and the security administrator's
reset. Wrong codes are recorded by ``accounts.signals`` (they count as login failures)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from greenfactory.core.domain.audit import record_event

from ..models import User


@transaction.atomic
def confirm_device(device: TOTPDevice, *, actor) -> TOTPDevice:
    """Confirm the device whose first code the user has just typed; only one device counts.

    Side effects: other devices of the user removed; audit entry
    ``accounts.second_factor.enrolled``.
    """
    if device.user_id != actor.pk:
        raise PermissionDenied
    TOTPDevice.objects.filter(user_id=actor.pk).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record_event(
        "accounts.second_factor.enrolled",
        actor=actor,
        obj=actor,
        changes={"device": device.persistent_id},
    )
    return device


@transaction.atomic
def reset_second_factor(account: User, *, actor) -> int:
    """Remove an account's second factor (a lost phone): at its next login the user enrols a
    new one. Only the security administrator, never on their own account.

    Side effects: the account's TOTP devices deleted; its sessions stay, but the next login
    needs the new enrolment; audit entry ``accounts.second_factor.reset``.
    """
    current = User.objects.select_for_update(of=("self",)).get(pk=account.pk)
    if not actor.has_perm("accounts.reset_second_factor", current):
        raise PermissionDenied
    removed, _ = TOTPDevice.objects.filter(user=current).delete()
    record_event(
        "accounts.second_factor.reset",
        actor=actor,
        obj=current,
        changes={"devices_removed": removed},
    )
    return removed
