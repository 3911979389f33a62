"""Training events: creation and publication by the city, registration within the seats and the
closing time (under concurrent requests too), cancellation and attendance."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone, translation

from greenfactory.accounts.enums import EnterpriseStatus
from greenfactory.core.models import AuditEvent
from greenfactory.outreach.domain.training import (
    EventDraft,
    TrainingRefused,
    cancel_registration,
    create_event,
    publish_event,
    record_attendance,
    register_for_event,
    seats_left,
)
from greenfactory.outreach.models import Registration

from .training_helpers import enterprise_users, make_event, seat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages compared as worded in English, whatever the catalogue holds."""
    with translation.override("en"):
        yield


def register(event, user, name="李四"):
    return register_for_event(event, actor=user, attendee_name=name, attendee_phone="13900000000")


def draft(**changes):
    starts = timezone.now() + timedelta(days=10)
    values = dict(
        title="绿色工厂申报培训",
        description="",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        place="市工信局会议室",
        capacity=40,
        registration_closes_at=starts - timedelta(days=1),
    )
    values.update(changes)
    return EventDraft(**values)


def test_the_city_creates_then_publishes_an_event(city_officer):
    event = create_event(actor=city_officer, draft=draft())
    assert event.published_at is None
    assert event.region.code == "320400"
    publish_event(event, actor=city_officer)
    event.refresh_from_db()
    assert event.published_at is not None
    assert list(
        AuditEvent.objects.filter(action__startswith="recognition.training")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["recognition.training.created", "recognition.training.published"]
    with pytest.raises(TrainingRefused) as refusal:
        publish_event(event, actor=city_officer)
    assert str(refusal.value) == "This training event has already been published."


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"capacity": 0}, "A training event needs at least one seat."),
        ({"place": "  "}, "A training event needs a title and a place."),
        (
            {"ends_at": timezone.now() + timedelta(days=9)},
            "The event cannot end before it starts.",
        ),
        (
            {"registration_closes_at": timezone.now() + timedelta(days=11)},
            "Registration must close before the event starts.",
        ),
    ],
)
def test_a_bad_event_is_refused_with_its_reason(city_officer, changes, message):
    with pytest.raises(TrainingRefused) as refusal:
        create_event(actor=city_officer, draft=draft(**changes))
    assert str(refusal.value) == message


def test_only_city_officers_create_events(district_officer, enterprise_user):
    for user in (district_officer, enterprise_user):
        with pytest.raises(PermissionDenied):
            create_event(actor=user, draft=draft())


def test_an_enterprise_user_registers_once(enterprise_user):
    event = make_event(capacity=2)
    registration = register(event, enterprise_user)
    assert registration.enterprise == enterprise_user.enterprise
    assert seats_left(event) == 1
    with pytest.raises(TrainingRefused) as refusal:
        register(event, enterprise_user, name="王五")
    assert str(refusal.value) == "Your enterprise is already registered for this event."
    assert Registration.objects.count() == 1
    assert AuditEvent.objects.filter(action="recognition.training.registered").count() == 1


def test_registration_after_closing_is_refused(enterprise_user):
    event = make_event()
    after = event.registration_closes_at + timedelta(seconds=1)
    with time_machine.travel(after, tick=False), pytest.raises(TrainingRefused) as refusal:
        register(event, enterprise_user)
    moment = timezone.localtime(event.registration_closes_at).strftime("%Y-%m-%d %H:%M")
    assert str(refusal.value) == f"Registration closed on {moment}."
    assert not Registration.objects.exists()


def test_an_unconfirmed_enterprise_is_refused(enterprise_user):
    enterprise_user.enterprise.status = EnterpriseStatus.PENDING
    enterprise_user.enterprise.save()
    with pytest.raises(TrainingRefused) as refusal:
        register(make_event(), enterprise_user)
    assert str(refusal.value) == (
        "Only an enterprise confirmed by its district bureau can register; "
        "yours is still “Awaiting district confirmation”."
    )
    assert not Registration.objects.exists()


def test_a_full_event_is_refused(enterprise_user):
    event = make_event(capacity=1)
    seat(event)
    with pytest.raises(TrainingRefused) as refusal:
        register(event, enterprise_user)
    assert str(refusal.value) == "Every seat of this event is taken."


def test_a_draft_event_cannot_be_registered_for(enterprise_user):
    with pytest.raises(PermissionDenied):
        register(make_event(published=False), enterprise_user)


def test_officers_cannot_register(city_officer, agency_user):
    for user in (city_officer, agency_user):
        with pytest.raises(PermissionDenied):
            register(make_event(), user)


def test_cancelling_frees_the_seat(enterprise_user, other_enterprise_user):
    event = make_event(capacity=1)
    registration = register(event, enterprise_user)
    with pytest.raises(PermissionDenied):
        cancel_registration(registration, actor=other_enterprise_user)
    cancel_registration(registration, actor=enterprise_user)
    assert seats_left(event) == 1
    with pytest.raises(TrainingRefused) as refusal:
        cancel_registration(registration, actor=enterprise_user)
    assert str(refusal.value) == "This registration has already been cancelled."
    register(event, other_enterprise_user)
    # the first enterprise may register again once its seat was given back... if one is free
    with pytest.raises(TrainingRefused):
        register(event, enterprise_user)


def test_attendance_before_the_event_is_refused(city_officer):
    event = make_event()
    registration = seat(event)
    with pytest.raises(TrainingRefused) as refusal:
        record_attendance(event, actor=city_officer, present={registration.code})
    assert str(refusal.value) == "Attendance can be recorded once the event has started."
    registration.refresh_from_db()
    assert registration.attended is None


def test_attendance_marks_present_and_absent(city_officer, district_officer):
    event = make_event()
    came, missed, cancelled = seat(event), seat(event), seat(event)
    cancelled.cancelled_at = timezone.now()
    cancelled.save()
    with time_machine.travel(event.starts_at + timedelta(minutes=30), tick=False):
        with pytest.raises(PermissionDenied):
            record_attendance(event, actor=district_officer, present={came.code})
        with pytest.raises(TrainingRefused):
            record_attendance(event, actor=city_officer, present={cancelled.code})
        assert record_attendance(event, actor=city_officer, present={came.code}) == 2
    attended = dict(Registration.objects.values_list("code", "attended"))
    assert attended == {came.code: True, missed.code: False, cancelled.code: None}
    entry = AuditEvent.objects.get(action="recognition.training.attendance")
    assert entry.changes == {"present": [came.code], "absent": [missed.code]}


THREADS = 8


@pytest.mark.django_db(transaction=True)
def test_the_last_three_seats_go_to_exactly_three_of_eight_concurrent_requests():
    event = make_event(capacity=5)
    seat(event)
    seat(event)
    users = enterprise_users(THREADS)
    barrier = threading.Barrier(THREADS)
    made, refused, errors = [], [], []

    def attempt(user):
        try:
            barrier.wait()
            made.append(register(event, user))
        except TrainingRefused as refusal:
            refused.append(str(refusal))
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(made) == 3
    assert refused == ["本次培训名额已满。"] * 5
    assert Registration.objects.filter(event=event, cancelled_at__isnull=True).count() == 5
    assert AuditEvent.objects.filter(action="recognition.training.registered").count() == 3
