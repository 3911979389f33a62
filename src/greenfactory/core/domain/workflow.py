"""The one workflow engine (STYLE.md, "A state change lives in exactly one function").

Every stateful model declares a ``Workflow``: its table ``{(FROM, TO): Move(...)}`` says
*when* a move is possible and which permission it needs; the ``rules`` predicate behind the
permission says only *who*. Each app keeps its table and thin named steps
(``submit_application``, ``confirm_enterprise``, ...) that call ``move``. Nothing else assigns
a workflow's state field.

The order of the checks is fixed, for every table: the pair must be in the table (else
``Refused``), then the actor needs the move's permission (else ``PermissionDenied``), then the
reason where the table asks for it, then the step's own ``check``. So a wrong-state request by
someone who may see the object but not act on it is told the state, not 403.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from ..refusals import Refused
from .audit import record_event


class MoveRefused(Refused):
    """The move is not possible now (not in the table, or without the reason it needs)."""


@dataclass(frozen=True)
class Move:
    """One allowed move: the permission it needs (checked on ``Workflow.permission_object``),
    the audit action it records and whether a reason is required. A table may subclass it to
    carry what its own steps need (a rectification date, the title's status after a check)."""

    permission: str
    action: str
    needs_reason: bool = False


def _default_lock(workflow: "Workflow", pk) -> models.Model:
    return (
        workflow.model.objects.select_for_update(of=("self",))
        .select_related(*workflow.related)
        .get(pk=pk)
    )


@dataclass(frozen=True)
class Edits:
    """When the content of an object (its fields, answers, files, not its state) may be
    changed, and by whom: ``states``, the states it may be changed in (the "when"); and
    ``permission``, checked on the object (the "who"). ``closed`` is the message for any other
    state (a format string with ``%(state)s``)."""

    permission: str
    states: tuple[str, ...]
    closed: Any = None


WRONG_STATE = _("It is “%(state)s”; it cannot become “%(to)s”.")
NOT_EDITABLE = _("It is “%(state)s” and can no longer be changed.")
REASON_MISSING = _("Please give the reason.")


@dataclass(frozen=True)
class Workflow:
    """What the engine needs to know of one stateful model.

    ``field`` is the state field ("state" or "status") and ``states`` its enum (for labels and
    the diagram). ``history`` is the history model (a ``core.models.StateChange``) and
    ``history_fk`` its foreign key to the model. ``refused`` is the refusal class raised for a
    pair not in the table or a missing reason (a ``MoveRefused`` unless the app has its own);
    ``wrong_state`` the message for a pair not in the table (a format string with
    ``%(state)s`` and ``%(to)s``, or a function of the locked object and the target);
    ``reason_missing`` the message for a missing reason. ``lock`` reads the row locked
    (default: ``select_for_update(of=("self",))`` with ``related`` joined);
    ``permission_object`` gives what the permission is checked on (default: the object);
    ``audit`` adds keys to every audit entry of the table; ``notify`` tells people of a move;
    ``initial`` is the state a new object starts in (for the diagram); ``edits`` says when and
    by whom its content may be changed (``check_edit``).
    """

    name: str
    model: type[models.Model]
    states: Any
    table: Mapping[tuple[str, str], Move]
    field: str = "state"
    history: type[models.Model] | None = None
    history_fk: str = ""
    refused: type[Refused] = MoveRefused
    wrong_state: Any = WRONG_STATE
    reason_missing: Any = REASON_MISSING
    related: tuple[str, ...] = ()
    lock: Callable | None = None
    permission_object: Callable[[Any], Any] | None = None
    audit: Callable[[Any, str, str, str], dict] | None = None
    notify: Callable[..., None] | None = None
    initial: str = ""
    edits: Edits | None = None

    def __post_init__(self):
        WORKFLOWS[self.model] = self

    def label(self, state: str) -> str:
        try:
            return str(self.states(state).label)
        except ValueError:
            return str(state)

    def next_states(self, state: str) -> list[str]:
        """The states an object in ``state`` may move to, in the enum's order."""
        return [to for to in self.states.values if (state, to) in self.table]

    def refusal_message(self, current, to: str) -> str:
        if callable(self.wrong_state):
            return self.wrong_state(current, to)
        state = self.label(getattr(current, self.field))
        return self.wrong_state % {
            "state": state,
            "status": state,
            "from": state,
            "to": self.label(to),
        }


WORKFLOWS: dict[type[models.Model], Workflow] = {}


def workflow_of(obj_or_model) -> Workflow:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    return WORKFLOWS[model._meta.concrete_model]


def check_move(actor, obj: models.Model, to: str) -> Move:
    """The table, then the permission, for moving ``obj`` (as read) to ``to``: the move, or the
    workflow's refusal for a pair not in the table, or ``PermissionDenied``. ``move`` asks the
    same of the locked row; a page asks it before reading a form, so that a wrong state is
    told as such to anyone who may see the object."""
    workflow = workflow_of(obj)
    step = workflow.table.get((getattr(obj, workflow.field), to))
    if step is None:
        raise workflow.refused(workflow.refusal_message(obj, to))
    target = workflow.permission_object(obj) if workflow.permission_object else obj
    if not actor.has_perm(step.permission, target):
        raise PermissionDenied
    return step


def can_move(actor, obj: models.Model, to: str) -> bool:
    """Whether ``actor`` may move ``obj`` to ``to`` now (for the buttons a page shows)."""
    try:
        check_move(actor, obj, to)
    except (Refused, PermissionDenied):
        return False
    return True


def check_edit(actor, obj: models.Model) -> None:
    """When, then who, for changing ``obj``'s content, in the order of a move: a state its
    workflow's ``edits`` does not name is refused (``workflow.refused`` with ``edits.closed``),
    then the actor needs ``edits.permission`` on ``obj`` (else ``PermissionDenied``). The
    caller reads ``obj`` under its lock where the change is written."""
    workflow = workflow_of(obj)
    edits = workflow.edits
    state = getattr(obj, workflow.field)
    if state not in edits.states:
        raise workflow.refused((edits.closed or NOT_EDITABLE) % {"state": workflow.label(state)})
    if not actor.has_perm(edits.permission, obj):
        raise PermissionDenied


def can_edit(actor, obj: models.Model) -> bool:
    """Whether ``actor`` may change ``obj``'s content now (for the forms a page offers)."""
    try:
        check_edit(actor, obj)
    except (Refused, PermissionDenied):
        return False
    return True


def move(
    obj: models.Model,
    to: str,
    *,
    actor,
    reason: str = "",
    check: Callable[[Any], None] | None = None,
    effects: Callable[[Any], dict | None] | None = None,
    history: dict | None = None,
) -> models.Model:
    """Move ``obj`` to the state ``to`` along its workflow's table.

    In one transaction, always in this order:

    1. lock the row (``select_for_update``), so of two people acting at once the second is
       told the state has changed;
    2. refuse a (current, ``to``) pair not in the table: ``workflow.refused`` (a ``Refused``)
       naming the current and the target state;
    3. check ``actor.has_perm(move.permission, ...)``: ``PermissionDenied``;
    4. require a reason where the move says so (the reason is stripped): ``workflow.refused``;
    5. run ``check(locked)``, which may raise a ``Refused``;
    6. set the state, run ``effects(locked)`` (it may set other fields and lock other rows;
       the dict it returns joins the audit entry), save the row;
    7. write the history row (``workflow.history``: from, to, actor, reason, plus ``history``);
    8. write the audit entry ``move.action`` with ``{field: [from, to]}``, the reason when
       given, ``workflow.audit``'s keys and the effects' keys (``core.domain.audit``);
    9. call ``workflow.notify(locked, before, to, actor=, reason=)``: inbox entries are written
       in the transaction (so a refused or rolled-back move tells nobody) and e-mails are
       queued with ``transaction.on_commit``, leaving only after the move is committed.

    Returns the saved object; ``obj``'s state field is updated too.
    """
    workflow = workflow_of(obj)
    with transaction.atomic():
        lock = workflow.lock or (lambda pk: _default_lock(workflow, pk))
        current = lock(obj.pk)
        before = getattr(current, workflow.field)
        step = check_move(actor, current, to)
        reason = (reason or "").strip()
        if step.needs_reason and not reason:
            raise workflow.refused(workflow.reason_missing)
        if check is not None:
            check(current)
        setattr(current, workflow.field, to)
        extra = (effects(current) if effects is not None else None) or {}
        current.save()
        if workflow.history is not None:
            workflow.history.record(
                **{workflow.history_fk: current},
                before=before,
                to=to,
                actor=actor,
                reason=reason,
                **(history or {}),
            )
        changes = {workflow.field: [before, to], **({"reason": reason} if reason else {})}
        if workflow.audit is not None:
            changes.update(workflow.audit(current, before, to, reason))
        changes.update(extra)
        record_event(step.action, actor=actor, obj=current, changes=changes)
        if workflow.notify is not None:
            workflow.notify(current, before, to, actor=actor, reason=reason)
    setattr(obj, workflow.field, to)
    return current
