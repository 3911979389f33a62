"""An enterprise user's registration for a training event, and its cancellation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..domain.training import (
    TrainingRefused,
    active_registration,
    can_register,
    cancel_registration,
    published_events,
    register_for_event,
)
from ..forms.training import RegistrationForm
from .public import event_page


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
    return event_page(request, event, form, status=400)


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
