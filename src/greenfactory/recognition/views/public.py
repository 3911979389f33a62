"""The public notice pages (公示), open to everyone without an account, and the objection form."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from greenfactory.core.context import client_ip

from ..domain.notice_queries import (
    current_notices,
    is_open_for_objections,
    notices_for_public,
    past_notices,
)
from ..domain.objections import ObjectionRefused, submit_objection
from ..forms.notice import ObjectionForm
from ..models import Objection

# Objections sent from one client address, the form and the API together (group "objection").
OBJECTION_RATE = "5/h"


@require_GET
def notice_list(request):
    page = Paginator(past_notices(), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "recognition/public/notice_list.html",
        {"current": list(current_notices()), "page": page},
    )


@require_GET
def notice(request, code):
    item = get_object_or_404(notices_for_public(), code=code)
    entries = list(item.entries.order_by("position"))
    return render(
        request,
        "recognition/public/notice_detail.html",
        {
            "notice": item,
            "entries": entries,
            # A zero-carbon notice names each factory's grade (decisions §78).
            "graded": any(entry.grade for entry in entries),
            "open": is_open_for_objections(item),
        },
    )


@require_http_methods(["GET", "POST"])
def objection_new(request, code):
    item = get_object_or_404(notices_for_public(), code=code)
    open_now = is_open_for_objections(item)
    if request.method == "GET":
        form = ObjectionForm(notice=item) if open_now else None
        return render(
            request,
            "recognition/public/objection_new.html",
            {"notice": item, "form": form, "open": open_now},
        )
    limited = is_ratelimited(
        request, group="objection", key="ip", rate=OBJECTION_RATE, increment=True
    )
    form = ObjectionForm(request.POST, request.FILES, notice=item)
    status = 400
    if limited:
        form.is_valid()
        form.add_error(
            None,
            _(
                "Too many objections have been sent from your address in the last hour. "
                "Your text is kept below: please send it again later."
            ),
        )
        status = 429
    elif form.is_valid():
        data = form.cleaned_data
        try:
            objection = submit_objection(
                item,
                entry=data["entry"],
                name=data["name"],
                contact=data["contact"],
                reason=data["reason"],
                attachments=data["attachments"],
                client_ip=client_ip(request),
            )
        except ValidationError as error:
            form.add_error("attachments", error)
        except ObjectionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            return redirect(
                "recognition:objection_done", code=item.code, objection_code=objection.code
            )
    if request.FILES.getlist("attachments"):
        form.add_error(None, _("Attached files cannot be kept after a refusal: choose them again."))
    form.renew()
    return render(
        request,
        "recognition/public/objection_new.html",
        {"notice": item, "form": form, "open": open_now},
        status=status,
    )


@require_GET
def objection_done(request, code, objection_code):
    objection = get_object_or_404(
        Objection.objects.select_related("notice", "entry"),
        notice__in=notices_for_public(),
        notice__code=code,
        code=objection_code,
    )
    return render(request, "recognition/public/objection_done.html", {"objection": objection})
