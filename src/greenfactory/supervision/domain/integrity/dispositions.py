"""An officer's disposition of an integrity signal (decisions §66): explained, referred to the
on-site audit, or not relevant, always with a note. Through the one workflow engine, so every
disposition is a history row and an audit entry in the same transaction. A disposition can be
changed (the audit found the explanation wrong), and with a note again."""

from django.utils import timezone
from django.utils.translation import gettext_lazy

from greenfactory.core.domain.workflow import Move, Workflow, move
from greenfactory.core.refusals import Refused

from ...enums import DISPOSED_STATES, SignalState
from ...models import IntegritySignal, SignalDisposition

PERMISSION = "supervision.dispose_signal"
ACTION = "supervision.signal.disposed"


class DispositionRefused(Refused):
    """The disposition cannot be recorded (no note, or the same disposition again)."""


MOVES = {
    (before, to): Move(PERMISSION, ACTION, needs_reason=True)
    for before in SignalState.values
    for to in DISPOSED_STATES
    if before != to
}

WORKFLOW = Workflow(
    name=gettext_lazy("Integrity signal"),
    model=IntegritySignal,
    states=SignalState,
    table=MOVES,
    history=SignalDisposition,
    history_fk="signal",
    refused=DispositionRefused,
    wrong_state=gettext_lazy("The signal is already “%(state)s”."),
    reason_missing=gettext_lazy("Write a note: it is shown with the disposition."),
    related=("application", "filing", "district"),
    audit=lambda signal, before, to, reason: {
        "kind": signal.kind,
        "subject": signal.application.code if signal.application_id else signal.filing.code,
    },
    initial=SignalState.OPEN,
)


def dispose_signal(signal: IntegritySignal, to: str, *, actor, note: str) -> IntegritySignal:
    """Record the officer's disposition ``to`` with ``note``.

    Side effects (``move``): the signal's state, note, officer and time; a
    ``SignalDisposition`` row; the audit entry ``supervision.signal.disposed``."""

    def effects(current):
        current.note = note.strip()
        current.disposed_by = actor
        current.disposed_at = timezone.now()

    return move(signal, to, actor=actor, reason=note, effects=effects)
