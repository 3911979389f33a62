"""City officers' pages for programme targets: the city bureau sets them; a district officer reads
its district's on the same list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ...domain.targets import (
    TargetRefused,
    can_manage_targets,
    can_view_targets,
    create_target,
    delete_target,
    target_regions_for,
    targets_visible_to,
    update_target,
)
from ...forms import TargetForm


def _targets_page(request, form, editing=None, status=200):
    return render(
        request,
        "programme/targets.html",
        {
            "targets": targets_visible_to(request.user),
            "form": form,
            "editing": editing,
            "can_manage": can_manage_targets(request.user),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_list(request):
    """The targets, and for a city officer the form to add one."""
    if not can_view_targets(request.user):
        raise PermissionDenied
    can_manage = can_manage_targets(request.user)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    form = None
    if can_manage:
        form = TargetForm(request.POST or None, regions=target_regions_for(request.user))
    if request.method == "POST":
        if form.is_valid():
            try:
                create_target(actor=request.user, **form.cleaned_data)
            except TargetRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, _("Target added."))
                return redirect("programme:target_list")
        return _targets_page(request, form, status=400)
    return _targets_page(request, form)


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request, code):
    target = get_object_or_404(targets_visible_to(request.user), code=code)
    if not can_manage_targets(request.user, target.region):
        raise PermissionDenied
    form = TargetForm(
        request.POST or None, instance=target, regions=target_regions_for(request.user)
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                update_target(target, actor=request.user, data=form.cleaned_data)
            except TargetRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, _("Target saved."))
                return redirect("programme:target_list")
        return _targets_page(request, form, editing=target, status=400)
    return _targets_page(request, form, editing=target)


@login_required
@require_POST
def target_delete(request, code):
    target = get_object_or_404(targets_visible_to(request.user), code=code)
    if not can_manage_targets(request.user, target.region):
        raise PermissionDenied
    delete_target(target, actor=request.user)
    messages.success(request, _("Target removed."))
    return redirect("programme:target_list")
