"""Readiness: the score of the trial self-evaluation, its gap and each indicator's potential."""

from decimal import Decimal as D

import pytest
from django.utils import timezone

from greenfactory.applications.domain.figures import self_score
from greenfactory.applications.models import Application, SelfEvaluation
from greenfactory.cultivation.domain.candidates import save_trial_answers
from greenfactory.cultivation.domain.readiness import (
    DEFAULT_THRESHOLD,
    current_reference,
    readiness,
    readiness_of_many,
)
from greenfactory.cultivation.models import TrialAnswer
from greenfactory.programme.enums import IndicatorKind
from tests.factories import BatchFactory, shipped_system

from .conftest import answers_for


def test_the_gap_and_each_indicators_potential_on_a_small_case(
    candidate, district_officer, small_system
):
    BatchFactory(indicator_system=small_system, pass_threshold=D(70))
    save_trial_answers(
        candidate,
        actor=district_officer,
        answers=answers_for(
            small_system,
            G1={"met": True},
            Q1={"met": True, "score": D(8)},
            Q2={"score": D(5)},
            N1={"value": D(75)},  # halfway from benchmark 100 to leading 50: 10 of 20
            Q3={"score": D(30)},
        ),
    )
    state = readiness(candidate)
    assert state.reference.system == small_system
    assert (state.total, state.threshold, state.gap) == (D("53.00"), D(70), D("17.00"))
    assert state.sheet.subtotals == {"A": D("23.00"), "B": D("30.00")}
    assert [(p.indicator.code, p.max_points, p.points, p.potential) for p in state.potentials] == [
        ("Q3", D("50.00"), D("30.00"), D("20.00")),
        ("Q2", D("20.00"), D("5.00"), D("15.00")),
        ("N1", D("20.00"), D("10.00"), D("10.00")),
        ("Q1", D("10.00"), D("8.00"), D("2.00")),
    ]
    assert (state.gate_failures, state.unmet_required, state.missing) == ([], [], [])
    assert state.can_put_forward is False


def test_failed_gate_and_unmet_required_item_stop_a_candidate_above_the_threshold(
    candidate, district_officer, small_system
):
    BatchFactory(indicator_system=small_system, pass_threshold=D(70))
    save_trial_answers(
        candidate,
        actor=district_officer,
        answers=answers_for(
            small_system,
            G1={"met": False},
            Q1={"met": False, "score": D(10)},
            Q2={"score": D(20)},
            N1={"value": D(50)},
            Q3={"score": D(50)},
        ),
    )
    state = readiness(candidate)
    # The unmet required item scores the system's unmet points (0) and stays open.
    assert state.total == D("90.00")
    assert state.gap == D(0)
    assert [i.code for i in state.gate_failures] == ["G1"]
    assert [i.code for i in state.unmet_required] == ["Q1"]
    assert [(p.indicator.code, p.potential) for p in state.potentials] == [("Q1", D("10.00"))]
    assert state.can_put_forward is False
    save_trial_answers(
        candidate,
        actor=district_officer,
        answers=answers_for(small_system, G1={"met": True}, Q1={"met": True}),
    )
    state = readiness(candidate)
    assert (state.total, state.potentials, state.can_put_forward) == (D("100.00"), [], True)


def test_exactly_at_the_threshold_is_not_enough(candidate, district_officer, small_system):
    BatchFactory(indicator_system=small_system, pass_threshold=D(50))
    save_trial_answers(
        candidate,
        actor=district_officer,
        answers=answers_for(
            small_system, G1={"met": True}, Q1={"met": True, "score": D(0)}, Q3={"score": D(50)}
        ),
    )
    state = readiness(candidate)
    assert (state.total, state.gap, state.can_put_forward) == (D("50.00"), D(0), False)


def _hand_made_answers(indicators):
    """A varied answer set: gates met, one not applicable where allowed, qualitative items at
    70 % (required ones met, one unmet), quantitative values between benchmark and leading."""
    answers, made_na, made_unmet = {}, False, False
    for indicator in indicators:
        if indicator.kind == IndicatorKind.GATE:
            answers[indicator] = {"met": True}
        elif indicator.allow_na and not made_na:
            answers[indicator] = {"not_applicable": True}
            made_na = True
        elif indicator.kind == IndicatorKind.QUALITATIVE:
            values = {"score": (indicator.max_points * D("0.7")).quantize(D("0.01"))}
            if indicator.is_required:
                values["met"] = made_unmet
                made_unmet = True
            answers[indicator] = values
        elif indicator.kind == IndicatorKind.QUANTITATIVE and indicator.benchmark is not None:
            middle = (indicator.benchmark * 2 + indicator.leading) / 3
            answers[indicator] = {"value": middle.quantize(D("0.000001"))}
    return answers


@pytest.mark.parametrize("year", [2018, 2025])
def test_readiness_equals_what_an_application_with_the_same_answers_gets(
    candidate, district_officer, enterprise, year
):
    system = shipped_system(year)
    batch = BatchFactory(indicator_system=system)
    indicators = list(system.indicators.order_by("position"))
    given = _hand_made_answers(indicators)
    save_trial_answers(candidate, actor=district_officer, answers=given)
    application = Application.objects.create(
        batch=batch, enterprise=enterprise, submitted_at=timezone.now()
    )
    SelfEvaluation.objects.bulk_create(
        SelfEvaluation(application=application, indicator=indicator, **fields)
        for indicator, fields in given.items()
    )
    expected = self_score(application)
    state = readiness(candidate)
    assert state.total == expected.total
    assert state.sheet.subtotals == expected.subtotals
    assert state.sheet.items == expected.items
    assert state.sheet.unmet_required == expected.unmet_required
    required_judged = [i for i in indicators if i.is_required and i.kind == "qualitative"]
    assert len(state.sheet.unmet_required) == min(len(required_judged), 1)
    assert any(item.status == "not_applicable" for item in state.sheet.items.values())
    assert readiness_of_many([candidate], state.reference)[candidate.pk].sheet == state.sheet


def test_the_reference_is_the_open_batch_else_the_latest_else_the_newest_system(db, small_system):
    assert current_reference().batch is None
    closed = BatchFactory(indicator_system=shipped_system(2018), state="closed", year=2025)
    reference = current_reference()
    assert (reference.batch, reference.system) == (closed, shipped_system(2018))
    opened = BatchFactory(indicator_system=small_system, pass_threshold=D(75))
    BatchFactory(indicator_system=shipped_system(2025), purpose="spot_check")  # not a call
    reference = current_reference()
    assert (reference.batch, reference.system, reference.threshold) == (
        opened,
        small_system,
        D(75),
    )
    chosen = current_reference(shipped_system(2025))
    assert (chosen.batch, chosen.system, chosen.threshold) == (
        None,
        shipped_system(2025),
        DEFAULT_THRESHOLD,
    )


def test_answers_of_another_system_are_kept_and_not_counted(
    candidate, district_officer, small_system
):
    save_trial_answers(
        candidate,
        actor=district_officer,
        answers=answers_for(small_system, Q3={"score": D(40)}),
    )
    other = shipped_system(2025)
    assert readiness(candidate, other).total == D("0.00")
    assert readiness(candidate, small_system).total == D("40.00")
    assert TrialAnswer.objects.filter(candidate=candidate).count() == 1
