"""The city bureau's pages for designation (认定) and the certificates of a designated batch."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from greenfactory.titles.domain.titles import (
    certificate_status,
)
from greenfactory.titles.models import Title

from ...domain.designation import (
    DesignationRefused,
    designate_batch,
    designation_grade_problems,
    designation_list,
    designation_problems,
    regenerate_certificates,
)
from ...models import PublicNotice
from .common import city_batch

PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
def designate(request, batch_code):
    """Before designation: the list that will be designated. After: the titles with the state
    of their certificates."""
    batch = city_batch(request, batch_code, "recognition.designate_batch")
    if request.method == "POST":
        try:
            titles = designate_batch(batch, actor=request.user)
        except DesignationRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                _("%(n)s factories designated; their certificates are being generated.")
                % {"n": len(titles)},
            )
        return redirect("recognition:designate", batch_code=batch.code)
    titles = list(
        Title.objects.filter(batch=batch)
        .select_related("enterprise__district")
        .order_by("certificate_number")
    )
    has_notice = PublicNotice.objects.filter(batch=batch).exists()
    return render(
        request,
        "recognition/city/designation.html",
        {
            "batch": batch,
            "titles": titles,
            "entries": list(designation_list(batch)) if has_notice and not titles else [],
            "problems": (
                (designation_problems(batch) or designation_grade_problems(batch))
                if not titles
                else []
            ),
            "status": certificate_status(batch),
        },
    )


@login_required
@require_POST
def certificates_regenerate(request, batch_code):
    batch = city_batch(request, batch_code, "recognition.issue_certificates")
    try:
        missing = regenerate_certificates(batch, actor=request.user)
    except DesignationRefused as refusal:
        messages.error(request, str(refusal))
    else:
        if missing:
            messages.success(
                request, _("%(n)s missing certificates are being generated.") % {"n": missing}
            )
        else:
            messages.info(request, _("Every certificate has already been generated."))
    return redirect("recognition:designate", batch_code=batch.code)
