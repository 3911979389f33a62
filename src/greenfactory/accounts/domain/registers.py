"""The platform's registers of organisations beside the enterprises — consulting agencies
(咨询服务机构) and third-party evaluation bodies (第三方评价机构): one way to register one."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from greenfactory.core.domain.audit import record_event, snapshot

from ..uscc import normalise_uscc


@transaction.atomic
def register_organisation(
    model, action: str, *, actor, uscc: str, legal_representative: str, **fields
):
    """Register an organisation of ``model`` by the system administrator, its credit code
    normalised and its legal representative trimmed (that name is what tells an agency and an
    evaluation body of the same owner, 决策 §54). Side effects: audit entry ``action``."""
    if not actor.has_perm("accounts.manage_accounts"):
        raise PermissionDenied
    organisation = model(
        uscc=normalise_uscc(uscc), legal_representative=legal_representative.strip(), **fields
    )
    organisation.full_clean()
    organisation.save()
    record_event(
        action,
        actor=actor,
        obj=organisation,
        changes=snapshot(organisation, ("uscc", "name", "legal_representative")),
    )
    return organisation
