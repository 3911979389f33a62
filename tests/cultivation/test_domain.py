"""Writes of the cultivation pipeline: who may make them, what they refuse, what they record."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from greenfactory.accounts.models import Enterprise
from greenfactory.core.models import AuditEvent
from greenfactory.cultivation.domain.candidates import (
    CultivationRefused,
    add_candidate,
    add_project,
    remove_candidate,
    save_trial_answers,
    set_candidate_status,
    update_project,
)
from greenfactory.cultivation.models import Candidate, TrialAnswer
from tests.factories import EnterpriseFactory, region

from .conftest import answers_for

PROJECT = {
    "name": "余热回收改造",
    "kind": "energy_saving",
    "investment": D("300.00"),
    "energy_saving_tce": D("120.00"),
    "co2_reduction_t": D("310.00"),
    "status": "planned",
    "starts_on": date(2026, 3, 1),
    "ends_on": date(2026, 12, 31),
}


def actions(obj):
    return list(
        AuditEvent.objects.filter(object_id=obj.code)
        .order_by("seq")
        .values_list("action", flat=True)
    )


def test_a_district_officer_adds_a_confirmed_enterprise_of_the_district(
    enterprise, district_officer
):
    candidate = add_candidate(enterprise, actor=district_officer, note="重点培育")
    assert (candidate.district, candidate.status, candidate.added_by, candidate.note) == (
        region("320412"),
        "active",
        district_officer,
        "重点培育",
    )
    assert actions(candidate) == ["cultivation.candidate.added"]


def test_a_pending_enterprise_is_refused_with_a_reason(district_officer):
    pending = EnterpriseFactory(status="pending")
    with translation.override("en"), pytest.raises(CultivationRefused) as refusal:
        add_candidate(pending, actor=district_officer)
    assert str(refusal.value) == "Only enterprises confirmed by their district can be cultivated."
    assert not Candidate.objects.exists()


@pytest.mark.parametrize("persona", ["other_district_officer", "city_officer", "enterprise_user"])
def test_only_the_enterprises_district_officer_may_add_it(request, enterprise, persona):
    with pytest.raises(PermissionDenied):
        add_candidate(enterprise, actor=request.getfixturevalue(persona))
    assert not Candidate.objects.exists()


def test_an_active_candidate_is_not_added_twice_and_a_dropped_one_comes_back(
    candidate, district_officer
):
    with translation.override("en"), pytest.raises(CultivationRefused) as refusal:
        add_candidate(candidate.enterprise, actor=district_officer)
    assert str(refusal.value) == "This enterprise is already on the cultivation list."
    add_project(candidate, actor=district_officer, data=PROJECT)
    remove_candidate(candidate, actor=district_officer, reason="企业搬迁")
    again = add_candidate(candidate.enterprise, actor=district_officer)
    assert (again.pk, again.status, again.projects.count()) == (candidate.pk, "active", 1)
    assert actions(candidate) == [
        "cultivation.candidate.added",
        "cultivation.candidate.status_changed",
        "cultivation.candidate.added",
    ]
    event = AuditEvent.objects.get(action="cultivation.candidate.status_changed")
    assert event.changes == {"status": ["active", "dropped"], "reason": "企业搬迁"}


def test_status_changes_are_refused_to_others_and_when_nothing_changes(
    candidate, district_officer, other_district_officer, city_officer
):
    for outsider in (other_district_officer, city_officer):
        with pytest.raises(PermissionDenied):
            set_candidate_status(candidate, "graduated", actor=outsider)
    with pytest.raises(CultivationRefused):
        set_candidate_status(candidate, "active", actor=district_officer)
    assert set_candidate_status(candidate, "graduated", actor=district_officer).status == (
        "graduated"
    )


def test_projects_are_added_and_updated_with_their_changes_audited(candidate, district_officer):
    project = add_project(candidate, actor=district_officer, data=PROJECT)
    update_project(project, actor=district_officer, data={**PROJECT, "status": "in_progress"})
    project.refresh_from_db()
    assert (project.status, project.investment) == ("in_progress", D("300.00"))
    assert actions(project) == ["cultivation.project.added", "cultivation.project.updated"]
    event = AuditEvent.objects.get(action="cultivation.project.updated")
    assert event.changes == {"status": ["planned", "in_progress"]}


def test_a_project_ending_before_it_starts_is_refused(candidate, district_officer):
    with translation.override("en"), pytest.raises(CultivationRefused) as refusal:
        add_project(
            candidate, actor=district_officer, data={**PROJECT, "ends_on": date(2026, 1, 1)}
        )
    assert str(refusal.value) == "A project cannot end before it starts."
    assert not candidate.projects.exists()


def test_trial_answers_are_saved_once_and_only_changes_are_audited(
    candidate, district_officer, other_district_officer, small_system
):
    given = answers_for(small_system, G1={"met": True}, Q3={"score": D(30)}, Q2={})
    assert save_trial_answers(candidate, actor=district_officer, answers=given) == 2
    assert save_trial_answers(candidate, actor=district_officer, answers=given) == 0
    assert TrialAnswer.objects.filter(candidate=candidate).count() == 2
    event = AuditEvent.objects.get(action="cultivation.trial.saved")
    assert event.changes == {"G1": {"met": [None, True]}, "Q3": {"score": [None, "30"]}}
    with pytest.raises(PermissionDenied):
        save_trial_answers(candidate, actor=other_district_officer, answers=given)


def test_a_status_it_already_has_is_told_as_such_even_to_outsiders(
    candidate, district_officer, other_district_officer
):
    """The engine's order: the candidate's table before the permission."""
    remove_candidate(candidate, actor=district_officer, reason="企业搬迁")
    with translation.override("en"), pytest.raises(CultivationRefused) as again:
        set_candidate_status(candidate, "dropped", actor=other_district_officer)
    assert str(again.value) == "The candidate already has this status."
    with pytest.raises(PermissionDenied):
        set_candidate_status(candidate, "active", actor=other_district_officer)


def test_taking_a_candidate_back_on_needs_its_enterprises_district(
    candidate, district_officer, city_officer
):
    remove_candidate(candidate, actor=district_officer)
    with pytest.raises(PermissionDenied):
        set_candidate_status(candidate, "active", actor=city_officer)
    back = set_candidate_status(candidate, "active", actor=district_officer, reason="恢复培育")
    assert back.status == "active"
    event = AuditEvent.objects.filter(action="cultivation.candidate.added").latest("pk")
    assert event.changes == {"status": ["dropped", "active"], "reason": "恢复培育"}


def test_an_enterprise_no_longer_confirmed_is_not_taken_back_on_and_is_told_why(
    candidate, district_officer
):
    """Being confirmed is a "when" of the step, not a "who" of the permission: the officer of
    the district is told why, not refused with 403."""
    remove_candidate(candidate, actor=district_officer)
    Enterprise.objects.filter(pk=candidate.enterprise_id).update(status="rejected")
    with translation.override("en"), pytest.raises(CultivationRefused) as refusal:
        set_candidate_status(candidate, "active", actor=district_officer, reason="恢复培育")
    assert str(refusal.value) == "Only enterprises confirmed by their district can be cultivated."
    candidate.refresh_from_db()
    assert candidate.status == "dropped"
