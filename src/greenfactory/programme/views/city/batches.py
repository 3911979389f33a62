"""City officers' pages for batches: the city bureau creates and runs them; the list and a
batch's page are also read by district officers, enterprises, agencies and experts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenfactory.accounts.enums import RegionLevel

from ...domain.batches import (
    BATCH_MOVES,
    BatchStepRefused,
    create_batch,
    move_batch,
    update_batch,
)
from ...domain.queries import batches_visible_to
from ...enums import BatchState
from ...forms import BatchForm


@login_required
@require_GET
def batch_list(request):
    if not request.user.has_perm("programme.view_batch"):
        raise PermissionDenied
    batches = batches_visible_to(request.user)
    return render(
        request,
        "programme/batch_list.html",
        {"batches": batches, "can_add": request.user.has_perm("programme.add_batch")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def batch_create(request):
    if not request.user.has_perm("programme.add_batch"):
        raise PermissionDenied
    if request.user.region.level not in (RegionLevel.CITY, RegionLevel.PROVINCE):
        raise PermissionDenied
    form = BatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = create_batch(
                actor=request.user, region=request.user.region, **form.cleaned_data
            )
        except BatchStepRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Batch created as a draft."))
            return redirect("programme:batch_detail", code=batch.code)
    return render(request, "programme/batch_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def batch_detail(request, code):
    batch = get_object_or_404(batches_visible_to(request.user), code=code)
    can_manage = request.user.has_perm("programme.manage_batch", batch)
    locked = batch.state != BatchState.DRAFT
    form = BatchForm(request.POST or None, instance=batch, locked=locked) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                update_batch(batch, actor=request.user, data=form.cleaned_data)
            except BatchStepRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, _("Batch settings saved."))
                return redirect("programme:batch_detail", code=code)
    moves = (
        [to for (frm, to), move in BATCH_MOVES.items() if frm == batch.state and not move.by_step]
        if can_manage
        else []
    )
    return render(
        request,
        "programme/batch_detail.html",
        {
            "batch": batch,
            "form": form,
            "moves": [(to, BatchState(to).label) for to in moves],
        },
    )


@login_required
@require_POST
def batch_move(request, code):
    batch = get_object_or_404(batches_visible_to(request.user), code=code)
    if not request.user.has_perm("programme.manage_batch", batch):
        raise PermissionDenied
    to = request.POST.get("to", "")
    if to not in BatchState.values:
        messages.error(request, _("Unknown step."))
        return redirect("programme:batch_detail", code=code)
    try:
        move_batch(batch, to, actor=request.user)
    except BatchStepRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, _("The batch is now “%(state)s”.") % {"state": BatchState(to).label}
        )
    return redirect("programme:batch_detail", code=code)
