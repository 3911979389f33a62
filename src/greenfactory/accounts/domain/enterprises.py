"""Writes on the enterprise registry: registration, confirmation by the district, profile."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenfactory.core.domain.audit import changed_fields, record_event, snapshot
from greenfactory.core.domain.workflow import Move, Workflow, move
from greenfactory.core.refusals import Refused

from ..enums import EnterpriseStatus, Role
from ..models import Enterprise, EnterpriseNameChange, User
from ..uscc import normalise_uscc


class StepRefused(Refused):
    """A step that cannot be taken now; the message tells the user why."""


PROFILE_FIELDS = (
    "name",
    "industry",
    "established_on",
    "address",
    "contact_person",
    "phone",
    "email",
)


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
    established_on=None,
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
        established_on=established_on,
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
        changes=snapshot(enterprise, ("uscc", "name", "district", "industry", "established_on")),
    )
    return user


STATUS_MOVES = {
    (EnterpriseStatus.PENDING, EnterpriseStatus.CONFIRMED): Move(
        "accounts.confirm_enterprise", "accounts.enterprise.confirmed"
    ),
    (EnterpriseStatus.PENDING, EnterpriseStatus.REJECTED): Move(
        "accounts.confirm_enterprise", "accounts.enterprise.rejected", needs_reason=True
    ),
    (EnterpriseStatus.REJECTED, EnterpriseStatus.PENDING): Move(
        "accounts.change_enterprise", "accounts.enterprise.resubmitted"
    ),
}

WORKFLOW = Workflow(
    name=_("Enterprise registration"),
    model=Enterprise,
    states=EnterpriseStatus,
    table=STATUS_MOVES,
    field="status",
    refused=StepRefused,
    wrong_state=_("This registration is already “%(status)s”; the step cannot be taken."),
    related=("district",),
    initial=EnterpriseStatus.PENDING,
)


def set_enterprise_status(
    enterprise: Enterprise, to: str, *, actor, reason: str = ""
) -> Enterprise:
    """Move an enterprise's registration status along ``STATUS_MOVES``
    (``core.domain.workflow.move``). Side effects: the reason and the confirmation time kept on
    the enterprise; audit entry named in the table. Confirming the registration confirms the
    date of establishment (成立日期) it shows, when one is given."""

    def effects(current):
        current.status_reason = (reason or "").strip()
        current.confirmed_at = timezone.now() if to == EnterpriseStatus.CONFIRMED else None
        if to == EnterpriseStatus.CONFIRMED and current.established_on is not None:
            current.established_on_confirmed = True
            return {"established_on": current.established_on.isoformat()}
        return None

    return move(enterprise, to, actor=actor, reason=reason, effects=effects)


def confirm_enterprise(enterprise, *, actor):
    return set_enterprise_status(enterprise, EnterpriseStatus.CONFIRMED, actor=actor)


def reject_enterprise(enterprise, *, actor, reason):
    return set_enterprise_status(enterprise, EnterpriseStatus.REJECTED, actor=actor, reason=reason)


@transaction.atomic
def update_enterprise_profile(enterprise: Enterprise, *, actor, data: dict) -> Enterprise:
    """Change the profile fields an enterprise keeps itself; a new name is kept in its history.

    A registration the district did not confirm goes back to the district after a correction.
    A changed date of establishment (成立日期) counts again only once the district confirms it.
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
    if "established_on" in changes and current.established_on_confirmed:
        current.established_on_confirmed = False
        current.save(update_fields=["established_on_confirmed"])
        changes["established_on_confirmed"] = [True, False]
    if "name" in changes:
        EnterpriseNameChange.objects.create(
            enterprise=current, old_name=old_name, new_name=current.name, changed_by=actor
        )
    if changes:
        record_event("accounts.enterprise.updated", actor=actor, obj=current, changes=changes)
    if current.status == EnterpriseStatus.REJECTED:
        current = set_enterprise_status(current, EnterpriseStatus.PENDING, actor=actor)
    return current


@transaction.atomic
def confirm_established_on(enterprise: Enterprise, *, actor) -> Enterprise:
    """The district confirms the date of establishment (成立日期) of an enterprise whose
    registration it confirmed before the date was given or changed. Only a district officer of
    the enterprise's district may (``accounts.confirm_enterprise``).

    Side effects: audit entry ``accounts.enterprise.established_on_confirmed``.
    """
    current = Enterprise.objects.select_for_update(of=("self",)).get(pk=enterprise.pk)
    if not actor.has_perm("accounts.confirm_enterprise", current):
        raise PermissionDenied
    if current.established_on is None:
        raise StepRefused(_("The enterprise has not given its date of establishment (成立日期)."))
    if current.status != EnterpriseStatus.CONFIRMED:
        raise StepRefused(
            _("Confirm the registration: the confirmation covers the date of establishment.")
        )
    if current.established_on_confirmed:
        raise StepRefused(_("The date of establishment is already confirmed."))
    current.established_on_confirmed = True
    current.save(update_fields=["established_on_confirmed", "updated_at"])
    record_event(
        "accounts.enterprise.established_on_confirmed",
        actor=actor,
        obj=current,
        changes={"established_on": current.established_on.isoformat()},
    )
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
