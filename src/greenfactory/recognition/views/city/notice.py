"""The city bureau's pages of the public notice: publishing and closing it, and handling the
objections."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenfactory.core.downloads import stored_attachment
from greenfactory.notifications.models import OutboundEmail

from ...domain.notice import (
    NoticeRefused,
    close_notice,
    decided_entries,
    notice_contacts_missing,
    notice_order,
    outbox_group,
)
from ...domain.notice import publish_notice as publish
from ...domain.notice_queries import (
    entries_with_counts,
    is_open_for_objections,
    objection_counts,
    objections_visible_to,
)
from ...domain.objections import ObjectionRefused, decide_objection, investigate_objection
from ...enums import ObjectionOutcome
from ...forms.notice import DecideForm, InvestigateForm, PublishNoticeForm, notice_defaults
from ...models import PublicNotice
from ...workdays import HolidayCalendarUnknown, notice_end
from .common import city_batch


def _end_preview(batch, starts_on) -> dict:
    try:
        return {"ends_on": notice_end(starts_on, batch.notice_days, batch.notice_day_kind)}
    except HolidayCalendarUnknown as error:
        return {"preview_error": str(error)}


def _decision_of(batch):
    try:
        return batch.party_group_decision
    except ObjectDoesNotExist:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def notice_manage(request, batch_code):
    batch = city_batch(request, batch_code, "recognition.publish_notice")
    notice = PublicNotice.objects.filter(batch=batch).select_related("published_by").first()
    if notice is not None:
        if request.method == "POST":
            messages.error(
                request, _("The public notice of this batch has already been published.")
            )
            return redirect("recognition:notice_manage", batch_code=batch.code)
        return _published(request, batch, notice)
    form = PublishNoticeForm(request.POST or None, initial=notice_defaults(batch))
    if request.htmx and request.method == "GET" and "starts_on" in request.GET:
        return _preview(request, batch)
    if request.method == "POST" and form.is_valid():
        try:
            publish(batch, actor=request.user, **form.cleaned_data)
        except NoticeRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                _(
                    "The notice is published. The e-mails to the listed enterprises are held in "
                    "the outbox until you release them."
                ),
            )
            return redirect("recognition:notice_manage", batch_code=batch.code)
    decision = _decision_of(batch)
    if not form.is_bound:
        preview = _end_preview(batch, form.initial["starts_on"])
    elif "starts_on" in form.cleaned_data:
        preview = _end_preview(batch, form.cleaned_data["starts_on"])
    else:
        preview = {}
    return render(
        request,
        "recognition/city/notice_manage.html",
        {
            "batch": batch,
            "form": form,
            "decision": decision,
            "decided": (
                notice_order(decided_entries(batch), publish_scores=batch.publish_scores)
                if decision is not None
                else []
            ),
            "contacts_missing": notice_contacts_missing(batch),
            **preview,
        },
        status=400 if form.errors else 200,
    )


def _preview(request, batch):
    """The end date for the start date being typed (htmx), so the officer sees the period."""
    context = {"batch": batch}
    try:
        starts_on = forms.DateField().clean(request.GET["starts_on"])
    except ValidationError:
        starts_on = None
    if starts_on is not None:
        context.update(_end_preview(batch, starts_on))
    return render(request, "recognition/city/notice_end_preview.html", context)


def _published(request, batch, notice):
    group = outbox_group(notice)
    return render(
        request,
        "recognition/city/notice_manage.html",
        {
            "batch": batch,
            "notice": notice,
            "entries": entries_with_counts(notice),
            "objections": notice.objections.select_related("entry").order_by("-submitted_at"),
            "counts": objection_counts(notice),
            "open_for_objections": is_open_for_objections(notice),
            "can_close": request.user.has_perm("recognition.close_notice", batch),
            "outbox_group": group,
            "held": OutboundEmail.objects.filter(
                group=group, status=OutboundEmail.Status.HELD
            ).count(),
        },
    )


@login_required
@require_POST
def notice_close(request, batch_code):
    batch = city_batch(request, batch_code, "recognition.close_notice")
    notice = get_object_or_404(PublicNotice, batch=batch)
    try:
        close_notice(notice, actor=request.user)
    except NoticeRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The notice is closed."))
    return redirect("recognition:notice_manage", batch_code=batch.code)


@login_required
@require_http_methods(["GET", "POST"])
def objection_detail(request, code):
    objection = get_object_or_404(objections_visible_to(request.user), code=code)
    batch = objection.notice.batch
    can_handle = request.user.has_perm("recognition.handle_objection", batch)
    investigate_form = InvestigateForm()
    decide_form = DecideForm(objection=objection)
    status = 200
    if request.method == "POST":
        if not can_handle:
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "investigate":
            investigate_form = InvestigateForm(request.POST)
            form, step = investigate_form, _investigate
        elif action == "decide":
            decide_form = DecideForm(request.POST, objection=objection)
            form, step = decide_form, _decide
        else:
            raise Http404
        if form.is_valid():
            try:
                done = step(objection, request.user, form.cleaned_data)
            except ObjectionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, done)
                return redirect("recognition:objection_detail", code=code)
        status = 400
    return render(
        request,
        "recognition/city/objection_detail.html",
        {
            "objection": objection,
            "notice": objection.notice,
            "attachments": objection.attachments.order_by("pk"),
            "can_handle": can_handle,
            "investigate_form": investigate_form,
            "decide_form": decide_form,
        },
        status=status,
    )


def _investigate(objection, actor, data):
    investigate_objection(objection, actor=actor, note=data["note"])
    return _("The objection is under investigation.")


DECIDED = {
    ObjectionOutcome.UPHOLD: gettext_lazy(
        "The objection is upheld; the factory is struck from the notice's list."
    ),
    ObjectionOutcome.DISMISS: gettext_lazy("The objection is dismissed."),
}


def _decide(objection, actor, data):
    decide_objection(objection, actor=actor, **data)
    return DECIDED[data["outcome"]]


@login_required
@require_GET
def objection_attachment(request, code, file_code):
    objection = get_object_or_404(objections_visible_to(request.user), code=code)
    if not request.user.has_perm("recognition.handle_objection", objection.notice.batch):
        raise PermissionDenied
    return stored_attachment(objection.attachments, code=file_code)
