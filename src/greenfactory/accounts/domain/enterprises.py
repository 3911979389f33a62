"""Writes on the enterprise registry: registration, confirmation by the district, profile."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenfactory.core.domain.audit import changed_fields, record_event, snapshot
from greenfactory.core.refusals import Refused

from ..enums import EnterpriseStatus, Role
from ..models import Enterprise, EnterpriseNameChange, User
from ..uscc import normalise_uscc


class StepRefused(Refused):
    """A step that cannot be taken now; the message tells the user why."""


PROFILE_FIELDS = ("name", "industry", "address", "contact_person", "phone", "email")


@transaction.atomic
def register_enterprise(
    *,
    uscc: str,
    name: str,
    district,
    industry,
    address: str,
    contact_person: str,
    phone: str,
    email: str,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
) -> User:
    """Self-service registration: the enterprise and its first account, awaiting the district.

    Side effects: audit entry ``accounts.enterprise.registered``.
    """
    enterprise = Enterprise.objects.create(
        uscc=normalise_uscc(uscc),
        name=name,
        district=district,
        industry=industry,
        address=address,
        contact_person=contact_person,
        phone=phone,
        email=email,
    )
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        phone=phone,
        role=Role.ENTERPRISE,
        enterprise=enterprise,
    )
    user.set_password(password)
    user.save()
    record_event(
        "accounts.enterprise.registered",
        actor=user,
        obj=enterprise,
        changes=snapshot(enterprise, ("uscc", "name", "district", "industry")),
    )
    return user


@dataclass(frozen=True)
class StatusMove:
    permission: str
    needs_reason: bool
    action: str


STATUS_MOVES = {
    (EnterpriseStatus.PENDING, EnterpriseStatus.CONFIRMED): StatusMove(
        "accounts.confirm_enterprise", False, "accounts.enterprise.confirmed"
    ),
    (EnterpriseStatus.PENDING, EnterpriseStatus.REJECTED): StatusMove(
        "accounts.confirm_enterprise", True, "accounts.enterprise.rejected"
    ),
    (EnterpriseStatus.REJECTED, EnterpriseStatus.PENDING): StatusMove(
        "accounts.change_enterprise", False, "accounts.enterprise.resubmitted"
    ),
}


def set_enterprise_status(
    enterprise: Enterprise, to: str, *, actor, reason: str = ""
) -> Enterprise:
    """Move an enterprise's registration status along the table above.

    Locks the row, so of two officers acting at once the second is told the status has already
    changed. Side effects: audit entry named in the table.
    """
    with transaction.atomic():
        current = (
            Enterprise.objects.select_for_update(of=("self",))
            .select_related("district")
            .get(pk=enterprise.pk)
        )
        move = STATUS_MOVES.get((current.status, to))
        if move is None:
            raise StepRefused(
                _("This registration is already “%(status)s”; the step cannot be taken.")
                % {"status": current.get_status_display()}
            )
        if not actor.has_perm(move.permission, current):
            raise PermissionDenied
        reason = reason.strip()
        if move.needs_reason and not reason:
            raise StepRefused(_("Please give the reason."))
        before = current.status
        current.status = to
        current.status_reason = reason
        current.confirmed_at = timezone.now() if to == EnterpriseStatus.CONFIRMED else None
        current.save(update_fields=["status", "status_reason", "confirmed_at", "updated_at"])
        record_event(
            move.action,
            actor=actor,
            obj=current,
            changes={"status": [before, to], **({"reason": reason} if reason else {})},
        )
    return current


def confirm_enterprise(enterprise, *, actor):
    return set_enterprise_status(enterprise, EnterpriseStatus.CONFIRMED, actor=actor)


def reject_enterprise(enterprise, *, actor, reason):
    return set_enterprise_status(enterprise, EnterpriseStatus.REJECTED, actor=actor, reason=reason)


@transaction.atomic
def update_enterprise_profile(enterprise: Enterprise, *, actor, data: dict) -> Enterprise:
    """Change the profile fields an enterprise keeps itself; a new name is kept in its history.

    A registration the district did not confirm goes back to the district after a correction.
    Side effects: audit entry ``accounts.enterprise.updated``; a name-history row on renaming.
    """
    current = Enterprise.objects.select_for_update(of=("self",)).get(pk=enterprise.pk)
    if not actor.has_perm("accounts.change_enterprise", current):
        raise PermissionDenied
    before = snapshot(current, PROFILE_FIELDS)
    old_name = current.name
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(current, field, data[field])
    current.full_clean()
    current.save()
    changes = changed_fields(before, snapshot(current, PROFILE_FIELDS))
    if "name" in changes:
        EnterpriseNameChange.objects.create(
            enterprise=current, old_name=old_name, new_name=current.name, changed_by=actor
        )
    if changes:
        record_event("accounts.enterprise.updated", actor=actor, obj=current, changes=changes)
    if current.status == EnterpriseStatus.REJECTED:
        current = set_enterprise_status(current, EnterpriseStatus.PENDING, actor=actor)
    return current


def bar_enterprise(enterprise: Enterprise, *, until, reason: str, actor) -> Enterprise:
    """Bar the enterprise from applying for a title until ``until`` (DOMAIN §7: a revoked title
    bars new applications). Called by the step that revokes a title, which has checked the
    actor's permission; a bar is only ever extended, never shortened here. Side effects: the
    enterprise row locked and saved; audit entry."""
    with transaction.atomic():
        current = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        if current.barred_until is not None and current.barred_until >= until:
            return current
        before = current.barred_until
        current.barred_until = until
        current.barred_reason = reason
        current.save(update_fields=["barred_until", "barred_reason", "updated_at"])
        record_event(
            "accounts.enterprise.barred",
            actor=actor,
            obj=current,
            changes={
                "barred_until": [before.isoformat() if before else None, until.isoformat()],
                "reason": reason,
            },
        )
    enterprise.barred_until, enterprise.barred_reason = current.barred_until, current.barred_reason
    return current


def bar_in_force(enterprise: Enterprise, on=None) -> bool:
    """Whether the enterprise is barred from applying on the day ``on`` (today by default)."""
    on = on or timezone.localdate()
    return enterprise.barred_until is not None and on < enterprise.barred_until
