"""Every move of the application's state table × every persona: exactly the expected people
hold the move's permission, from the move's own starting state."""

import pytest
from django.utils import timezone

from greenfactory.applications.domain.transitions import TRANSITIONS
from greenfactory.applications.enums import ApplicationState as S
from greenfactory.applications.models import Application
from tests.conftest import PERSONAS
from tests.factories import BatchFactory

pytestmark = pytest.mark.django_db

ALLOWED = {
    "applications.submit_application": {"enterprise_user"},
    "applications.withdraw_application": {"enterprise_user"},
    "applications.review_application": {"district_officer"},
    "reviews.schedule_site_audit": {"city_officer"},
    "reviews.complete_site_audit": {"city_officer"},
    "reviews.assign_experts": {"city_officer"},
    "reviews.complete_expert_review": {"city_officer"},
}


def test_every_permission_of_the_table_is_listed():
    assert {move.permission for move in TRANSITIONS.values()} == set(ALLOWED)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("pair", sorted(TRANSITIONS), ids=lambda pair: "→".join(pair))
def test_who_may_make_each_move(request, enterprise, pair, persona):
    source, _target = pair
    application = Application.objects.create(
        batch=BatchFactory(),
        enterprise=enterprise,
        state=source,
        submitted_at=None if source == S.DRAFT else timezone.now(),
    )
    user = request.getfixturevalue(persona)
    permission = TRANSITIONS[pair].permission
    allowed = user is not None and user.has_perm(permission, application)
    assert allowed == (persona in ALLOWED[permission]), f"{permission} as {persona}"
