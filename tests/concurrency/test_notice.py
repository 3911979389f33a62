"""The public notice and its objections, acted on at once by two city officers."""

import pytest
from django.utils import translation

from greenfactory.core.models import AuditEvent
from greenfactory.recognition.domain.notice import NoticeRefused, close_notice
from greenfactory.recognition.domain.objections import (
    ObjectionRefused,
    decide_objection,
    investigate_objection,
)
from greenfactory.recognition.enums import ObjectionOutcome, ObjectionState
from greenfactory.recognition.models import NoticeEntry, Objection, PublicNotice
from tests.factories import UserFactory, region
from tests.recognition.test_notice import MONDAY, decided_batch, publish

from .helpers import at_once, winner_and_loser

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def officers():
    return [
        UserFactory(username=name, role="city_officer", region=region("320400"))
        for name in ("city", "city2")
    ]


@pytest.fixture
def notice(time_machine, officers):
    time_machine.move_to(MONDAY, tick=False)
    return publish(decided_batch(), officers[0])


def test_two_officers_closing_the_same_notice_close_it_once(time_machine, notice, officers):
    time_machine.move_to("2026-06-08 09:00:00+08:00", tick=False)
    outcomes = at_once(*(lambda o=officer: close_notice(notice, actor=o) for officer in officers))
    closed, refusal = winner_and_loser(outcomes, NoticeRefused)
    assert str(refusal) == "The notice is already closed."
    current = PublicNotice.objects.get(pk=notice.pk)
    assert (current.state, current.closed_by) == ("closed", closed.closed_by)
    assert AuditEvent.objects.filter(action="recognition.notice.closed").count() == 1


def test_two_officers_deciding_the_same_objection_decide_it_once(notice, officers):
    entry = notice.entries.get(position=1)
    objection = Objection.objects.create(
        notice=notice, entry=entry, name="李四", contact="139", reason="去年发生过环境污染事故"
    )
    investigate_objection(objection, actor=officers[0])
    outcomes = at_once(
        lambda: decide_objection(
            objection,
            actor=officers[0],
            outcome=ObjectionOutcome.UPHOLD,
            investigation="环保部门确认有行政处罚",
            outcome_reason="存在环境违法行为",
        ),
        lambda: decide_objection(
            objection,
            actor=officers[1],
            outcome=ObjectionOutcome.DISMISS,
            investigation="处罚发生在申报期之前",
            outcome_reason="不影响本次认定",
        ),
    )
    decided, refusal = winner_and_loser(outcomes, ObjectionRefused)
    with translation.override("en"):
        label = str(ObjectionState(decided.state).label)
    assert str(refusal) == f"This objection has already been decided ({label})."
    current = Objection.objects.get(pk=objection.pk)
    assert (current.state, current.handled_by) == (decided.state, decided.handled_by)
    assert current.outcome_reason == decided.outcome_reason
    assert NoticeEntry.objects.get(pk=entry.pk).removed == (decided.state == "upheld")
    assert (
        AuditEvent.objects.filter(
            action__in=["recognition.objection.upheld", "recognition.objection.dismissed"]
        ).count()
        == 1
    )


def test_closing_while_the_last_objection_is_decided(time_machine, notice, officers):
    """Either the decision comes first and the notice closes, or the officer closing is told
    an objection is still open; the notice is never closed over an undecided objection."""
    objection = Objection.objects.create(
        notice=notice, entry=notice.entries.get(position=1), name="李四", contact="139", reason="x"
    )
    investigate_objection(objection, actor=officers[0])
    time_machine.move_to("2026-06-08 09:00:00+08:00", tick=False)
    decided, closing = at_once(
        lambda: decide_objection(
            objection,
            actor=officers[0],
            outcome=ObjectionOutcome.DISMISS,
            investigation="经核查不属实",
            outcome_reason="举报内容与事实不符",
        ),
        lambda: close_notice(notice, actor=officers[1]),
    )
    assert isinstance(decided, Objection) and decided.state == "dismissed"
    if isinstance(closing, BaseException):
        assert isinstance(closing, NoticeRefused)
        assert str(closing) == ("1 objection is still open: decide it before closing the notice.")
        assert PublicNotice.objects.get(pk=notice.pk).state == "open"
    else:
        assert closing.state == "closed"
        closed_entry = AuditEvent.objects.get(action="recognition.notice.closed")
        decided_entry = AuditEvent.objects.get(action="recognition.objection.dismissed")
        assert decided_entry.seq < closed_entry.seq
