import pytest
from django.utils import timezone

from greenfactory.accounts.models import Enterprise, User
from greenfactory.applications.enums import ApplicationState
from greenfactory.applications.models import Application
from greenfactory.core.domain.audit import verify_chain
from greenfactory.demo.data import DEMO_LOGINS, load_demo
from greenfactory.programme.models import Batch

pytestmark = pytest.mark.django_db


def test_demo_loads_once_and_resets_passwords():
    _password, logins = load_demo("First-Password-1", history=False)
    assert [login for login, _role in logins] == DEMO_LOGINS
    assert Enterprise.objects.count() == 42
    this_year = timezone.localdate().year
    assert set(Batch.objects.values_list("year", "state")) == {
        (2019, "closed"),
        (this_year, "open"),
    }
    states = set(Application.objects.values_list("state", flat=True))
    assert states == {
        ApplicationState.DRAFT,
        ApplicationState.SUBMITTED,
        ApplicationState.RETURNED,
        ApplicationState.RECOMMENDED,
        ApplicationState.DISTRICT_REJECTED,
        ApplicationState.SITE_AUDIT,
        ApplicationState.EXPERT_REVIEW,
    }
    from greenfactory.reviews.models import ExpertAssignment

    assignments = ExpertAssignment.objects.all()
    assert assignments.count() == 5
    assert assignments.filter(submitted_at__isnull=False).count() == 4
    assert assignments.get(submitted_at__isnull=True).expert.username == "expert"
    assert verify_chain()[1] == []
    load_demo("Second-Password-2")
    assert Enterprise.objects.count() == 42
    assert User.objects.get(username="city").check_password("Second-Password-2")
    assert all(
        User.objects.get(username=name).check_password("Second-Password-2") for name in DEMO_LOGINS
    )


def test_the_2019_round_is_replayed_on_its_dates_and_waits_for_ranking():
    from greenfactory.recognition.domain.ranking import compute_ranking

    load_demo("First-Password-1", applications=False)
    batch = Batch.objects.get(year=2019)
    assert batch.state == "in_review"
    applications = Application.objects.filter(batch=batch)
    assert applications.count() == 28
    assert set(applications.values_list("state", flat=True)) == {
        ApplicationState.REVIEWED,
        ApplicationState.DISTRICT_REJECTED,
    }
    assert {a.submitted_at.year for a in applications} == {2019}
    ranking = compute_ranking(batch, actor=User.objects.get(username="city"))
    entries = list(ranking.entries.all())
    assert ranking.candidates == 28
    assert ranking.eligible_count == 21
    assert sum(e.proposed for e in entries) == 20
    unmet = [e for e in entries if {"code": "required_unmet", "items": ["2.1.1"]} in e.reasons]
    assert len(unmet) == 1
    assert any(r["code"] == "tie_broken" for e in entries for r in e.reasons)
    assert verify_chain()[1] == []
