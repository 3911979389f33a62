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
    _password, logins = load_demo("First-Password-1")
    assert [login for login, _role in logins] == DEMO_LOGINS
    assert Enterprise.objects.count() == 30
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
    assert Enterprise.objects.count() == 30
    assert User.objects.get(username="city").check_password("Second-Password-2")
    assert all(
        User.objects.get(username=name).check_password("Second-Password-2") for name in DEMO_LOGINS
    )
