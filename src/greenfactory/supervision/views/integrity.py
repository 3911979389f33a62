"""Integrity signals (§66): the panel on the pages where a decision is taken, the officer's
disposition, and the city's list per batch."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from greenfactory.programme.models import Batch

from ..domain.integrity.dispositions import DispositionRefused, dispose_signal
from ..domain.integrity.queries import (
    shown_signals,
    signals_of_application,
    signals_of_batch,
    signals_visible_to,
)
from ..forms import DispositionForm


def _with_forms(request, shown, next_url):
    for item in shown:
        item.can_dispose = request.user.has_perm("supervision.dispose_signal", item.signal)
        item.form = DispositionForm(initial={"next": next_url}, auto_id=f"id_{item.signal.code}_%s")
    return shown


def signal_panel(request, application) -> str:
    """The application's integrity signals as ``request.user`` may see them."""
    shown = signals_of_application(request.user, application)
    if not shown:
        return ""
    return render_to_string(
        "supervision/integrity/_panel.html",
        {"signals": _with_forms(request, shown, request.get_full_path())},
        request=request,
    )


@login_required
@require_POST
def signal_dispose(request, code):
    signal = get_object_or_404(signals_visible_to(request.user), code=code)
    if not request.user.has_perm("supervision.dispose_signal", signal):
        raise PermissionDenied
    form = DispositionForm(request.POST)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = "/"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    try:
        dispose_signal(
            signal, form.cleaned_data["state"], actor=request.user, note=form.cleaned_data["note"]
        )
    except DispositionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Disposition recorded."))
    return redirect(back)


@login_required
@require_GET
def batch_signals(request, code):
    """The city's list of a batch's signals, each with both sides of a match."""
    if not request.user.has_perm("supervision.view_signal_list"):
        raise PermissionDenied
    batch = get_object_or_404(Batch.objects.all(), code=code)
    shown = shown_signals(
        request.user,
        signals_of_batch(request.user, batch).select_related(
            "district", "filing__enterprise", "application__enterprise", "disposed_by"
        ),
    )
    return render(
        request,
        "supervision/integrity/batch.html",
        {"batch": batch, "signals": _with_forms(request, shown, request.get_full_path())},
    )
