"""A new application in the batch starts from the content of the one withdrawn."""

import pytest

from greenfactory.applications.domain.drafts import start_application
from greenfactory.applications.domain.submission import withdraw_application
from greenfactory.applications.enums import ApplicationState
from greenfactory.core.models import AuditEvent
from tests.factories import BatchFactory, DraftApplicationFactory, shipped_system

pytestmark = pytest.mark.django_db


def answers(application):
    return sorted(
        application.self_evaluations.values_list(
            "indicator_id", "met", "score", "value", "explanation"
        )
    )


def test_starting_again_takes_the_withdrawn_content(enterprise_user):
    batch = BatchFactory(indicator_system=shipped_system(2018), year=2026)
    first = DraftApplicationFactory(batch=batch, enterprise=enterprise_user.enterprise, filled=True)
    first.products = "铸件、锻件"
    first.declaration_accepted = True
    first.save()
    withdraw_application(first, actor=enterprise_user)

    again = start_application(batch, actor=enterprise_user)

    assert again.pk != first.pk and again.state == ApplicationState.DRAFT
    assert again.products == "铸件、锻件"
    assert again.declaration_accepted is False  # given again
    assert answers(again) == answers(first) and answers(first)
    assert sorted(again.performance_years.values_list("year", "energy")) == sorted(
        first.performance_years.values_list("year", "energy")
    )
    assert again.certifications.count() == first.certifications.count()
    event = AuditEvent.objects.get(action="applications.application.carried_over")
    assert event.changes["from"] == first.code


def test_a_first_start_is_blank(enterprise_user):
    batch = BatchFactory(indicator_system=shipped_system(2018), year=2026)
    started = start_application(batch, actor=enterprise_user)
    assert not started.self_evaluations.exists()
    assert not AuditEvent.objects.filter(action="applications.application.carried_over").exists()


def test_a_score_off_the_half_point_steps_is_refused_naming_the_rule():
    from decimal import Decimal

    from django.core.exceptions import ValidationError
    from django.utils.translation import override

    from greenfactory.applications.forms import in_score_steps

    in_score_steps(Decimal("2.5"))
    with override("en"):
        with pytest.raises(ValidationError) as refused:
            in_score_steps(Decimal("1.3"))
        assert "steps of 0.5" in str(refused.value.messages[0] % refused.value.params)
