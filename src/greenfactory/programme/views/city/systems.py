"""City officers' pages for indicator systems: the city bureau copies and edits them; district
officers and experts read the same pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ...domain.benchmarks_excel import BenchmarkWorkbookRefused, export_workbook, import_workbook
from ...domain.queries import indicator_systems_visible_to
from ...domain.systems import SystemFrozen, copy_indicator_system, is_frozen, update_indicator
from ...forms import IndicatorForm
from ...models import IndustryBenchmark


def _system(user, slug):
    code, _sep, version = slug.rpartition(".v")
    if not code or not version.isdigit():
        raise Http404
    return get_object_or_404(indicator_systems_visible_to(user), code=code, version=int(version))


@login_required
@require_GET
def system_list(request):
    if not request.user.has_perm("programme.view_indicatorsystem"):
        raise PermissionDenied
    systems = indicator_systems_visible_to(request.user).prefetch_related("batches")
    return render(request, "programme/system_list.html", {"systems": systems})


def _detail(request, system, *, import_problems=(), status=200):
    indicators = list(system.indicators.order_by("position"))
    return render(
        request,
        "programme/system_detail.html",
        {
            "system": system,
            "indicators": indicators,
            "frozen": is_frozen(system),
            "can_edit": request.user.has_perm("programme.change_indicatorsystem"),
            "industry_rows": IndustryBenchmark.objects.filter(indicator__system=system)
            .select_related("indicator")
            .order_by("indicator__position", "industry_code"),
            "import_problems": import_problems,
        },
        status=status,
    )


@login_required
@require_GET
def system_detail(request, slug):
    return _detail(request, _system(request.user, slug))


@login_required
@require_GET
def benchmarks_export(request, slug):
    """The version's benchmark rows per industry as an Excel workbook."""
    system = _system(request.user, slug)
    response = HttpResponse(
        export_workbook(system),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="benchmarks-{system.slug}.xlsx"'
    return response


@login_required
@require_POST
def benchmarks_import(request, slug):
    """Replace the version's benchmark rows per industry from a workbook: all rows or none,
    every bad cell named by row and column."""
    system = _system(request.user, slug)
    if not request.user.has_perm("programme.change_indicatorsystem"):
        raise PermissionDenied
    upload = request.FILES.get("workbook")
    if upload is None:
        return _detail(
            request, system, import_problems=[_("Choose a workbook to import.")], status=400
        )
    try:
        count = import_workbook(system, upload, actor=request.user)
    except SystemFrozen as refusal:
        messages.error(request, str(refusal))
        return redirect("programme:system_detail", slug=slug)
    except BenchmarkWorkbookRefused as refusal:
        return _detail(request, system, import_problems=refusal.messages, status=400)
    messages.success(request, _("%(count)s benchmark rows imported.") % {"count": count})
    return redirect("programme:system_detail", slug=slug)


@login_required
@require_POST
def system_copy(request, slug):
    system = _system(request.user, slug)
    if not request.user.has_perm("programme.change_indicatorsystem"):
        raise PermissionDenied
    copy = copy_indicator_system(system, actor=request.user)
    messages.success(
        request, _("Version %(version)s created; it can be edited.") % {"version": copy.version}
    )
    return redirect("programme:system_detail", slug=copy.slug)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request, slug, indicator_code):
    system = _system(request.user, slug)
    if not request.user.has_perm("programme.change_indicatorsystem"):
        raise PermissionDenied
    indicator = get_object_or_404(system.indicators, code=indicator_code)
    if is_frozen(system):
        messages.error(
            request,
            _("This version is used by a batch and cannot change; copy it into a new version."),
        )
        return redirect("programme:system_detail", slug=slug)
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            update_indicator(indicator, actor=request.user, data=form.cleaned_data)
        except SystemFrozen as refusal:
            messages.error(request, str(refusal))
            return redirect("programme:system_detail", slug=slug)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("Indicator saved."))
            return redirect("programme:system_detail", slug=slug)
    return render(
        request,
        "programme/indicator_form.html",
        {"system": system, "indicator": indicator, "form": form},
    )
