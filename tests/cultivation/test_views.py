"""The cultivation pages: adding, projects, the trial form, the lists and their cost."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from greenfactory.accounts.models import Enterprise
from greenfactory.cultivation.domain.candidates import (
    add_candidate,
    add_project,
    remove_candidate,
    save_trial_answers,
)
from greenfactory.cultivation.models import Candidate, TrialAnswer
from tests.factories import BatchFactory, EnterpriseFactory, region

from .conftest import answers_for

PROJECT_POST = {
    "name": "空压机节能改造",
    "kind": "energy_saving",
    "investment": "250.5",
    "energy_saving_tce": "80",
    "co2_reduction_t": "210",
    "status": "planned",
    "starts_on": "2026-05-01",
    "ends_on": "2026-10-31",
}


def project_data(**over):
    data = {
        "name": "改造",
        "kind": "energy_saving",
        "investment": D("100.00"),
        "energy_saving_tce": D("10.00"),
        "co2_reduction_t": D("25.00"),
        "status": "planned",
        "starts_on": date(2026, 1, 1),
        "ends_on": date(2026, 6, 30),
    }
    return {**data, **over}


def test_a_district_officer_adds_a_candidate_from_the_list(client, enterprise, district_officer):
    client.force_login(district_officer)
    page = client.get(reverse("cultivation:pipeline"))
    assert list(page.context["add_form"].fields["enterprise"].queryset) == [enterprise]
    response = client.post(
        reverse("cultivation:add_candidate"), {"enterprise": enterprise.pk, "note": "重点"}
    )
    candidate = Candidate.objects.get()
    assert response["Location"] == reverse("cultivation:candidate", args=[candidate.code])
    assert (candidate.enterprise, candidate.note) == (enterprise, "重点")


def test_an_enterprise_of_another_district_or_pending_cannot_be_chosen_and_the_note_is_kept(
    client, district_officer, other_enterprise
):
    pending = EnterpriseFactory(status="pending")
    client.force_login(district_officer)
    for chosen in (pending, other_enterprise):
        response = client.post(
            reverse("cultivation:add_candidate"), {"enterprise": chosen.pk, "note": "保留的备注"}
        )
        assert response.status_code == 400
        assert response.context["add_form"].errors["enterprise"]
        assert "保留的备注" in response.content.decode()
    assert not Candidate.objects.exists()


def test_a_project_is_added_and_bad_dates_keep_what_was_typed(client, candidate, district_officer):
    client.force_login(district_officer)
    url = reverse("cultivation:project_add", args=[candidate.code])
    response = client.post(url, {**PROJECT_POST, "ends_on": "2026-01-01"})
    assert response.status_code == 400
    assert response.context["project_form"].errors == {
        "ends_on": [response.context["project_form"].errors["ends_on"][0]]
    }
    assert "空压机节能改造" in response.content.decode()
    assert not candidate.projects.exists()
    response = client.post(url, PROJECT_POST)
    assert response.status_code == 302
    project = candidate.projects.get()
    assert (project.investment, project.energy_saving_tce, project.ends_on) == (
        D("250.50"),
        D("80.00"),
        date(2026, 10, 31),
    )
    edit = reverse("cultivation:project_edit", args=[project.code])
    assert client.post(edit, {**PROJECT_POST, "status": "done"}).status_code == 302
    project.refresh_from_db()
    assert project.status == "done"


def test_the_trial_form_saves_answers_and_the_page_shows_the_gap(
    client, candidate, district_officer, small_system
):
    BatchFactory(indicator_system=small_system)
    ids = {i.code: i.pk for i in small_system.indicators.all()}
    client.force_login(district_officer)
    response = client.post(
        reverse("cultivation:trial", args=[candidate.code]),
        {
            f"met_{ids['G1']}": "yes",
            f"met_{ids['Q1']}": "yes",
            f"score_{ids['Q1']}": "10",
            f"score_{ids['Q2']}": "20",
            f"value_{ids['N1']}": "60",
            f"score_{ids['Q3']}": "40",
        },
    )
    assert response.status_code == 302
    assert TrialAnswer.objects.filter(candidate=candidate).count() == 5
    page = client.get(reverse("cultivation:candidate", args=[candidate.code]))
    state = page.context["readiness"]
    # N1: (100 - 60) / (100 - 50) = 0.8 of 20 = 16
    assert (state.total, state.gap, state.can_put_forward) == (D("86.00"), D(0), True)
    assert [(p.indicator.code, p.potential) for p in state.potentials] == [
        ("Q3", D("10.00")),
        ("N1", D("4.00")),
    ]


def test_a_score_above_the_maximum_is_refused_and_nothing_is_saved(
    client, candidate, district_officer, small_system
):
    BatchFactory(indicator_system=small_system)
    q3 = small_system.indicators.get(code="Q3")
    client.force_login(district_officer)
    response = client.post(
        reverse("cultivation:trial", args=[candidate.code]), {f"score_{q3.pk}": "51"}
    )
    assert response.status_code == 400
    assert response.context["trial_form"].errors[f"score_{q3.pk}"]
    assert not TrialAnswer.objects.exists()


def test_a_chosen_system_is_compared_and_kept_after_saving(
    client, candidate, district_officer, small_system
):
    BatchFactory()  # the open batch uses GB/T 36132-2025
    q3 = small_system.indicators.get(code="Q3")
    client.force_login(district_officer)
    url = reverse("cultivation:trial", args=[candidate.code]) + f"?system={small_system.slug}"
    response = client.post(url, {f"score_{q3.pk}": "45"})
    target = reverse("cultivation:candidate", args=[candidate.code])
    assert response["Location"] == f"{target}?system={small_system.slug}"
    page = client.get(response["Location"])
    assert (page.context["readiness"].total, page.context["readiness"].threshold) == (
        D("45.00"),
        D(70),
    )


def _candidate_in(district_code, officer, system=None, score=None):
    enterprise = EnterpriseFactory(district=region(district_code))
    candidate = add_candidate(enterprise, actor=officer)
    add_project(candidate, actor=officer, data=project_data())
    if system is not None:
        save_trial_answers(
            candidate,
            actor=officer,
            answers=answers_for(
                system,
                G1={"met": True},
                Q1={"met": True, "score": D(10)},
                Q2={"score": D(20)},
                N1={"value": D(50)},
                Q3={"score": score},
            ),
        )
    return candidate


@pytest.mark.queries
def test_the_district_list_costs_the_same_for_1_and_many(client, district_officer, small_system):
    BatchFactory(indicator_system=small_system)
    _candidate_in("320412", district_officer, small_system, D(50))
    client.force_login(district_officer)
    url = reverse("cultivation:pipeline")
    with CaptureQueriesContext(connection) as one:
        page = client.get(url)
    assert len(page.context["rows"]) == 1
    for score in (D(0), D(20), D(41)):
        _candidate_in("320412", district_officer, small_system, score)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert sorted(state.total for _, state in page.context["rows"]) == [
        D("50.00"),
        D("70.00"),
        D("91.00"),
        D("100.00"),
    ]
    assert page.context["totals"] == {
        "investment": D("400.00"),
        "energy": D("40.00"),
        "co2": D("100.00"),
        "projects": 4,
    }
    assert len(many) == len(one)


@pytest.mark.queries
def test_the_city_overview_counts_per_district_at_the_same_cost(
    client, city_officer, district_officer, other_district_officer, small_system
):
    BatchFactory(indicator_system=small_system, pass_threshold=D(70))
    _candidate_in("320412", district_officer, small_system, D(50))
    client.force_login(city_officer)
    url = reverse("cultivation:city_overview")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    _candidate_in("320412", district_officer, small_system, D(20))  # 70: not above
    _candidate_in("320412", district_officer)  # nothing answered
    _candidate_in("320411", other_district_officer, small_system, D(21))  # 71
    dropped = _candidate_in("320411", other_district_officer, small_system, D(50))
    dropped.status = "dropped"
    dropped.save()
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert len(many) == len(one)
    rows = {row["district"].code: row for row in page.context["rows"]}
    assert {
        code: (r["candidates"], r["ready"], r["projects"], r["investment"], r["co2"])
        for code, r in rows.items()
        if r["candidates"]
    } == {
        "320412": (3, 1, 3, D("300.00"), D("75.00")),
        "320411": (1, 1, 1, D("100.00"), D("25.00")),
    }
    assert page.context["totals"]["candidates"] == 4
    assert page.context["totals"]["ready"] == 2
    # An independent count of active candidates per district.
    assert Candidate.objects.filter(status="active", district__code="320412").count() == 3


def test_a_city_officer_reads_one_district_and_cannot_add(
    client, city_officer, district_officer, other_district_officer
):
    mine = _candidate_in("320412", district_officer)
    _candidate_in("320411", other_district_officer)
    client.force_login(city_officer)
    page = client.get(reverse("cultivation:pipeline"), {"district": "320412"})
    assert [candidate for candidate, _ in page.context["rows"]] == [mine]
    assert page.context["add_form"] is None


def test_the_demo_candidate(db, district_officer, enterprise):
    from greenfactory.cultivation.demo import cultivation_demo

    district_officer.username = "district"
    district_officer.save()
    BatchFactory()
    candidate = cultivation_demo()
    assert candidate.enterprise == enterprise
    assert candidate.projects.count() == 1
    assert candidate.answers.exists()
    assert cultivation_demo() is None


def test_the_status_form_tells_why_an_enterprise_no_longer_confirmed_stays_off(
    client, candidate, district_officer
):
    remove_candidate(candidate, actor=district_officer)
    Enterprise.objects.filter(pk=candidate.enterprise_id).update(status="rejected")
    client.force_login(district_officer)
    url = reverse("cultivation:candidate_status", args=[candidate.code])
    response = client.post(url, {"status": "active", "reason": "恢复培育"}, follow=True)
    assert response.status_code == 200
    told = [str(m) for m in response.context["messages"]]
    assert told == ["只有经所在辖市区确认的企业才能列入培育库。"]
    candidate.refresh_from_db()
    assert candidate.status == "dropped"
