"""Training events: the public list and page (where enterprise users register and cancel), and
the city bureau's pages to create, publish, take attendance and export the sheet."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenfactory.core.models import ExportJob
from greenfactory.core.ratelimits import limit_exports

from ..domain import training_export  # noqa: F401  (registers the exporter in the web process)
from ..domain.training import (
    TrainingRefused,
    active_registration,
    can_manage_training,
    can_register,
    cancel_registration,
    create_event,
    events_visible_to,
    publish_event,
    published_events,
    record_attendance,
    register_for_event,
    registrations_for,
    seats_left,
)
from ..domain.training_export import ATTENDANCE_EXPORT, request_attendance_export
from ..forms.training import AttendanceForm, EventForm, RegistrationForm

PAGE_SIZE = 30


@require_GET
def training_list(request):
    """Published training events, the latest first, with the seats left."""
    page = Paginator(published_events(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "outreach/public/training_list.html", {"page": page})


def _event_page(request, event, form=None, status=200):
    mine = active_registration(event, request.user)
    is_open = event.registration_closes_at > timezone.now()
    enterprise = request.user.enterprise if can_register(request.user) else None
    return render(
        request,
        "outreach/public/training_detail.html",
        {
            "event": event,
            "seats_left": seats_left(event),
            "mine": mine,
            "is_open": is_open,
            "can_register": can_register(request.user),
            "enterprise_confirmed": bool(enterprise and enterprise.is_confirmed),
            "form": form or RegistrationForm(),
        },
        status=status,
    )


@require_GET
def training_detail(request, code):
    event = get_object_or_404(published_events(), code=code)
    return _event_page(request, event)


@login_required
@require_POST
def training_register(request, code):
    event = get_object_or_404(published_events(), code=code)
    if not can_register(request.user):
        raise PermissionDenied
    form = RegistrationForm(request.POST)
    if form.is_valid():
        try:
            register_for_event(event, actor=request.user, **form.cleaned_data)
        except TrainingRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Your enterprise is registered for this event."))
            return redirect("outreach:training_detail", code=event.code)
    event = get_object_or_404(published_events(), code=code)
    return _event_page(request, event, form, status=400)


@login_required
@require_POST
def training_cancel(request, code):
    event = get_object_or_404(published_events(), code=code)
    if not can_register(request.user):
        raise PermissionDenied
    registration = active_registration(event, request.user)
    if registration is None:
        messages.error(request, _("Your enterprise has no registration for this event."))
    else:
        try:
            cancel_registration(registration, actor=request.user)
        except TrainingRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Your registration is cancelled; the seat is free again."))
    return redirect("outreach:training_detail", code=event.code)


def _require_manager(request):
    if not can_manage_training(request.user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def city_training(request):
    _require_manager(request)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = create_event(actor=request.user, draft=form.draft())
        except TrainingRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Training event saved as a draft; publish it when ready."))
            return redirect("outreach:city_training_event", code=event.code)
    page = Paginator(events_visible_to(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/city/training_list.html",
        {"form": form, "page": page},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def city_training_event(request, code):
    """One event with its registrations; the POST records the attendance."""
    _require_manager(request)
    event = get_object_or_404(events_visible_to(request.user), code=code)
    registrations = list(registrations_for(event))
    active = [r for r in registrations if r.cancelled_at is None]
    form = AttendanceForm(request.POST or None, registrations=active)
    if request.method == "POST" and form.is_valid():
        try:
            record_attendance(event, actor=request.user, present=set(form.cleaned_data["present"]))
        except TrainingRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Attendance recorded."))
            return redirect("outreach:city_training_event", code=event.code)
    return render(
        request,
        "outreach/city/training_event.html",
        {
            "event": event,
            "registrations": registrations,
            "seats_left": seats_left(event),
            "form": form,
            "started": event.starts_at <= timezone.now(),
            "exports": ExportJob.objects.filter(
                requested_by=request.user, kind=ATTENDANCE_EXPORT, params__event=event.code
            )[:5],
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def city_training_publish(request, code):
    _require_manager(request)
    event = get_object_or_404(events_visible_to(request.user), code=code)
    try:
        publish_event(event, actor=request.user)
    except TrainingRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Training event published; enterprises can register now."))
    return redirect("outreach:city_training_event", code=event.code)


@login_required
@limit_exports
@require_POST
def city_training_export(request, code):
    _require_manager(request)
    event = get_object_or_404(events_visible_to(request.user), code=code)
    request_attendance_export(event, actor=request.user)
    messages.success(request, _("The attendance sheet is being prepared; it appears below."))
    return redirect("outreach:city_training_event", code=event.code)
