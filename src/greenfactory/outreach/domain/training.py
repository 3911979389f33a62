"""Training events (培训): the city bureau publishes sessions with a number of seats, users of
confirmed enterprises register for one seat per enterprise, and the bureau records who came.

Who may act is decided here from the role (city officers manage the events of their region,
enterprise users register their own enterprise); the events a user can reach come from the
``*_visible_to`` queries, so an outsider gets 404 and a visible but refused step 403.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from greenfactory.accounts.scope import inside
from greenfactory.core.domain.audit import record_event
from greenfactory.core.refusals import Refused

from ..models import Registration, TrainingEvent

ACTIVE = Q(registrations__cancelled_at__isnull=True)


class TrainingRefused(Refused):
    """The step cannot be taken now; the message says why, in words for the user."""


def can_manage_training(user) -> bool:
    return bool(user.has_perm("outreach.manage_training") and user.region_id)


def can_register(user) -> bool:
    return bool(user.has_perm("outreach.register_training") and user.enterprise_id)


def with_seats(events: QuerySet[TrainingEvent]) -> QuerySet[TrainingEvent]:
    """Each event with ``taken`` (active registrations) and ``left`` (free seats), counted in
    the same query."""
    return events.annotate(taken=Count("registrations", filter=ACTIVE)).annotate(
        left=Greatest(F("capacity") - F("taken"), Value(0))
    )


def _published() -> QuerySet[TrainingEvent]:
    return TrainingEvent.objects.filter(published_at__lte=timezone.now())


def _of_region(user) -> QuerySet[TrainingEvent]:
    if can_manage_training(user):
        return TrainingEvent.objects.filter(inside(user.region, via="region"))
    return TrainingEvent.objects.none()


def published_events() -> QuerySet[TrainingEvent]:
    """What the public site lists: published events, the latest first, with their seats."""
    return with_seats(_published()).order_by("-starts_at", "-pk")


def events_visible_to(user) -> QuerySet[TrainingEvent]:
    """City officers: the events of their region, drafts included, with their seats; nobody
    else."""
    return with_seats(_of_region(user).select_related("created_by")).order_by("-starts_at", "-pk")


def registrations_for(event: TrainingEvent) -> QuerySet[Registration]:
    """The event's registrations for the officers' page and the attendance export."""
    # Active seats first on every database (PostgreSQL sorts NULL last by default).
    return event.registrations.select_related("enterprise__district", "registered_by").order_by(
        F("cancelled_at").asc(nulls_first=True), "registered_at", "pk"
    )


def active_registration(event: TrainingEvent, user) -> Registration | None:
    """The user's enterprise's current seat at ``event``, if any."""
    if not can_register(user):
        return None
    return event.registrations.filter(
        enterprise_id=user.enterprise_id, cancelled_at__isnull=True
    ).first()


def _moment(value: datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def seats_left(event: TrainingEvent) -> int:
    """Free seats: from the ``left`` annotation when the event came through ``with_seats``."""
    left = getattr(event, "left", None)
    if left is None:
        taken = event.registrations.filter(cancelled_at__isnull=True).count()
        left = max(event.capacity - taken, 0)
    return left


@dataclass(frozen=True)
class EventDraft:
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    place: str
    capacity: int
    registration_closes_at: datetime


def _check_draft(draft: EventDraft) -> None:
    if not draft.title.strip() or not draft.place.strip():
        raise TrainingRefused(_("A training event needs a title and a place."))
    if draft.capacity < 1:
        raise TrainingRefused(_("A training event needs at least one seat."))
    if draft.ends_at < draft.starts_at:
        raise TrainingRefused(_("The event cannot end before it starts."))
    if draft.registration_closes_at > draft.starts_at:
        raise TrainingRefused(_("Registration must close before the event starts."))


@transaction.atomic
def create_event(*, actor, draft: EventDraft) -> TrainingEvent:
    """A draft event of the officer's region. Side effects: audit entry
    ``recognition.training.created``."""
    if not can_manage_training(actor):
        raise PermissionDenied
    _check_draft(draft)
    event = TrainingEvent.objects.create(
        region=actor.region,
        title=draft.title.strip(),
        description=draft.description.strip(),
        starts_at=draft.starts_at,
        ends_at=draft.ends_at,
        place=draft.place.strip(),
        capacity=draft.capacity,
        registration_closes_at=draft.registration_closes_at,
        created_by=actor,
    )
    record_event(
        "recognition.training.created",
        actor=actor,
        obj=event,
        changes={
            "title": event.title,
            "starts_at": event.starts_at.isoformat(),
            "capacity": event.capacity,
            "place": event.place,
        },
    )
    return event


def _locked_event(event: TrainingEvent, queryset: QuerySet[TrainingEvent]) -> TrainingEvent:
    current = queryset.select_for_update(of=("self",)).filter(pk=event.pk).first()
    if current is None:
        raise PermissionDenied
    return current


@transaction.atomic
def publish_event(event: TrainingEvent, *, actor) -> TrainingEvent:
    """Show a draft on the public site from now on; registration opens with it.

    Side effects: locks the event row; audit entry ``recognition.training.published``."""
    if not can_manage_training(actor):
        raise PermissionDenied
    current = _locked_event(event, _of_region(actor))
    if current.published_at is not None:
        raise TrainingRefused(_("This training event has already been published."))
    now = timezone.now()
    if current.registration_closes_at <= now:
        raise TrainingRefused(
            _("Registration for this event has already closed; it cannot be published.")
        )
    current.published_at = now
    current.save(update_fields=["published_at"])
    record_event(
        "recognition.training.published",
        actor=actor,
        obj=current,
        changes={"published_at": now.isoformat()},
    )
    return current


@transaction.atomic
def register_for_event(
    event: TrainingEvent, *, actor, attendee_name: str, attendee_phone: str
) -> Registration:
    """One seat for the actor's enterprise.

    Refused for an unconfirmed enterprise, after registration closes, for a second active
    registration of the same enterprise and when every seat is taken. The event row is locked
    (``SELECT … FOR UPDATE``) before the seats are counted, so concurrent requests queue on it
    and the last seat goes to exactly one of them.

    Side effects: locks the event row; the registration; audit entry
    ``recognition.training.registered``.
    """
    if not can_register(actor):
        raise PermissionDenied
    current = _locked_event(event, _published())
    enterprise = actor.enterprise
    if not enterprise.is_confirmed:
        raise TrainingRefused(
            _(
                "Only an enterprise confirmed by its district bureau can register; "
                "yours is still “%(status)s”."
            )
            % {"status": enterprise.get_status_display()}
        )
    now = timezone.now()
    if now >= current.registration_closes_at:
        raise TrainingRefused(
            _("Registration closed on %(moment)s.")
            % {
                "moment": timezone.localtime(current.registration_closes_at).strftime(
                    "%Y-%m-%d %H:%M"
                )
            }
        )
    active = current.registrations.filter(cancelled_at__isnull=True)
    if active.filter(enterprise=enterprise).exists():
        raise TrainingRefused(_("Your enterprise is already registered for this event."))
    if active.count() >= current.capacity:
        raise TrainingRefused(_("Every seat of this event is taken."))
    name, phone = attendee_name.strip(), attendee_phone.strip()
    if not name or not phone:
        raise TrainingRefused(_("Give the attendee's name and phone number."))
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                event=current,
                enterprise=enterprise,
                registered_by=actor,
                attendee_name=name,
                attendee_phone=phone,
            )
    except IntegrityError as clash:
        raise TrainingRefused(_("Your enterprise is already registered for this event.")) from clash
    record_event(
        "recognition.training.registered",
        actor=actor,
        obj=registration,
        changes={"event": current.code, "enterprise": enterprise.uscc, "attendee": name},
    )
    return registration


@transaction.atomic
def cancel_registration(registration: Registration, *, actor) -> Registration:
    """Give the enterprise's seat back, up to the moment registration closes.

    Side effects: locks the event row, then the registration; audit entry
    ``recognition.training.cancelled``."""
    if not can_register(actor) or registration.enterprise_id != actor.enterprise_id:
        raise PermissionDenied
    event = _locked_event(registration.event, TrainingEvent.objects.all())
    current = Registration.objects.select_for_update().get(pk=registration.pk)
    if current.cancelled_at is not None:
        raise TrainingRefused(_("This registration has already been cancelled."))
    if timezone.now() >= event.registration_closes_at:
        raise TrainingRefused(
            _("Registration has closed; tell the bureau if your attendee cannot come.")
        )
    current.cancelled_at = timezone.now()
    current.save(update_fields=["cancelled_at"])
    record_event(
        "recognition.training.cancelled",
        actor=actor,
        obj=current,
        changes={"event": event.code, "enterprise": current.enterprise.uscc},
    )
    return current


@transaction.atomic
def record_attendance(event: TrainingEvent, *, actor, present: set[str]) -> int:
    """Mark who came: every active registration whose code is in ``present`` attended, every
    other one did not. Possible once the event has started.

    Side effects: locks the event row; updates the active registrations; one audit entry
    ``recognition.training.attendance`` with the codes present and absent. Returns how many
    registrations were marked."""
    if not can_manage_training(actor):
        raise PermissionDenied
    current = _locked_event(event, _of_region(actor))
    if timezone.now() < current.starts_at:
        raise TrainingRefused(_("Attendance can be recorded once the event has started."))
    active = current.registrations.filter(cancelled_at__isnull=True)
    codes = set(active.values_list("code", flat=True))
    unknown = set(present) - codes
    if unknown:
        raise TrainingRefused(_("Some of the registrations marked present are not active."))
    came = sorted(codes & set(present))
    absent = sorted(codes - set(present))
    active.filter(code__in=came).update(attended=True)
    active.filter(code__in=absent).update(attended=False)
    record_event(
        "recognition.training.attendance",
        actor=actor,
        obj=current,
        changes={"present": came, "absent": absent},
    )
    return len(codes)
