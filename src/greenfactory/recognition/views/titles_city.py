"""The city bureau's pages for designation, titles and certificates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenfactory.accounts.domain.queries import industry_sections
from greenfactory.accounts.enums import Role
from greenfactory.core.downloads import attachment
from greenfactory.titles.domain.public_queries import platform_districts
from greenfactory.titles.forms.public import TitleFilterForm
from greenfactory.titles.models import Title

from ..domain.titles import (
    DesignationRefused,
    certificate_status,
    certificate_visible_to,
    designate_batch,
    designation_list,
    designation_problems,
    regenerate_certificates,
    titles_visible_to,
)
from ..models import PublicNotice
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
            "problems": designation_problems(batch) if not titles else [],
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


@login_required
@require_GET
def titles(request):
    """All titles of the officer's region (a district officer: its district), with filters."""
    if not request.user.has_perm("recognition.view_titles"):
        raise PermissionDenied
    form = TitleFilterForm(
        request.GET or None,
        years=sorted(
            set(titles_visible_to(request.user).values_list("year", flat=True)), reverse=True
        ),
        districts=platform_districts(),
        sections=industry_sections(),
    )
    filters = form.filters() if request.GET else {}
    rows = titles_visible_to(request.user)
    lookups = {
        "year": "year",
        "level": "level",
        "status": "status",
        "district": "enterprise__district__code",
        "name": "enterprise__name__icontains",
    }
    rows = rows.filter(**{lookups[k]: v for k, v in filters.items() if k in lookups})
    if "industry" in filters:
        section = filters["industry"]
        parent = "parent__" if section.isalpha() else ""
        rows = rows.filter(**{f"enterprise__industry__{parent}code": section})
    page = Paginator(rows.order_by("-year", "enterprise__name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "titles/city/titles.html",
        {
            "form": form,
            "page": page,
            "can_download": request.user.role == Role.CITY_OFFICER,
        },
    )


@login_required
@require_GET
def certificate(request, code):
    """The certificate PDF: the city officers of the region and the title's own enterprise."""
    title = get_object_or_404(certificate_visible_to(request.user), code=code)
    if not title.certificate:
        raise Http404(_("The certificate has not been generated yet."))
    return attachment(
        title.certificate, f"绿色工厂证书-{title.certificate_number}.pdf", "application/pdf"
    )
