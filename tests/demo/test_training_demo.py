"""The demo's training events: one held, with attendance recorded; one upcoming with a few seats
left; one whose seats are all taken; all made through the training domain functions."""

import pytest
from django.urls import reverse
from django.utils import timezone

from greenfactory.core.domain.audit import verify_chain
from greenfactory.core.models import AuditEvent
from greenfactory.demo.data import load_demo
from greenfactory.demo.training import training_demo
from greenfactory.outreach.domain.training import published_events

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_past_an_open_and_a_full_training_event(client):
    load_demo("First-Password-1", applications=False, history=False)
    now = timezone.now()
    events = list(published_events().order_by("starts_at"))
    assert len(events) == 3
    past, full, upcoming = events

    assert past.ends_at < now
    marked = list(past.registrations.values_list("attended", flat=True))
    assert len(marked) == 10
    assert sorted(marked) == [False] * 2 + [True] * 8
    assert AuditEvent.objects.filter(
        action="recognition.training.attendance", object_id=past.code
    ).exists()

    assert now < upcoming.registration_closes_at
    assert (upcoming.capacity, upcoming.taken, upcoming.left) == (12, 9, 3)

    assert now < full.registration_closes_at
    assert (full.capacity, full.taken, full.left) == (6, 6, 0)

    registered = AuditEvent.objects.filter(action="recognition.training.registered")
    assert registered.count() == 10 + 9 + 6
    assert verify_chain()[1] == []

    page = client.get(reverse("outreach:training_list")).content.decode()
    for event in events:
        assert event.title in page
    assert training_demo() == []  # a second run adds nothing
    assert published_events().count() == 3
