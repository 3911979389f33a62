"""The public site (no login): the list of green factories, one factory's page, certificate
verification and the open data."""

import csv
import json
from hashlib import sha256

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.core import is_ratelimited

from greenfactory.accounts.domain.queries import industry_sections
from greenfactory.core.domain.exports import safe_cell
from greenfactory.core.downloads import disposition
from greenfactory.programme.enums import Programme, TitleGrade
from greenfactory.programme.programmes import terms

from ..certificates import normalise_number
from ..domain.certificate_signing import certificate_pem
from ..domain.public_queries import (
    OPEN_DATA_FIELDS,
    Verification,
    factory_with_titles,
    open_data_titles,
    platform_districts,
    title_years,
    verify_certificate_file,
)
from ..domain.public_queries import factories as factory_list
from ..domain.public_queries import verify_number as look_up
from ..domain.validity import title_standing
from ..enums import TitleLevel, TitleStatus
from ..forms.public import FactoryFilterForm, VerifyFileForm, VerifyForm

PAGE_SIZE = 30
VERIFY_RATE = "30/m"


@require_GET
def factories(request):
    """Green factories holding a title, one row per enterprise, with filters.

    The list's body (filters, count, rows, pages) is the same for every visitor asking for the
    same filters in the same language, so it is kept ``PUBLIC_LIST_CACHE_SECONDS`` in the cache:
    a title granted or revoked shows within that time. The layout around it is rendered per
    request (it carries the visitor's own form tokens)."""
    query = sorted(request.GET.lists())
    key = (
        "public-factories:" + sha256(repr((translation.get_language(), query)).encode()).hexdigest()
    )
    body = cache.get(key)
    if body is None:
        form = FactoryFilterForm(
            request.GET or None,
            years=title_years(),
            districts=platform_districts(),
            sections=industry_sections(),
        )
        filters = form.filters() if request.GET else {}
        page = Paginator(factory_list(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
        body = render_to_string(
            "titles/public/_factories_body.html",
            {"form": form, "page": page, "filtered": bool(filters)},
            request=request,
        )
        if settings.PUBLIC_LIST_CACHE_SECONDS > 0:
            cache.set(key, body, settings.PUBLIC_LIST_CACHE_SECONDS)
    return render(request, "titles/public/factories.html", {"body": body})


@require_GET
def factory(request, code):
    enterprise = factory_with_titles(code)
    if enterprise is None:
        raise Http404
    return render(
        request,
        "titles/public/factory.html",
        {"enterprise": enterprise, "titles": enterprise.all_titles},
    )


def _rate_limited(request):
    if is_ratelimited(request, group="verify", key="ip", rate=VERIFY_RATE, increment=True):
        return render(request, "titles/public/rate_limited.html", status=429)
    return None


def _verification_page(request, form, result, *, file_form=None, file_result=None):
    status = 200
    if result is not None and result.outcome in (Verification.UNKNOWN, Verification.MALFORMED):
        status = 404
    if file_form is not None and file_form.errors:
        status = 400
    return render(
        request,
        "titles/public/verify.html",
        {
            "form": form,
            "result": result,
            "file_form": file_form or VerifyFileForm(),
            "file_result": file_result,
            "signed": bool(settings.CERTIFICATE_SIGNING_CERT_FILE),
            "self_signed": settings.CERTIFICATE_SIGNING_SELF_SIGNED,
        },
        status=status,
    )


@require_GET
def verify(request):
    """The verification form; with ``?number=`` it answers on the same page."""
    if "number" not in request.GET:
        return _verification_page(request, VerifyForm(), None)
    form = VerifyForm(request.GET)
    if not form.is_valid():
        return _verification_page(request, form, None)
    refused = _rate_limited(request)
    if refused:
        return refused
    return _verification_page(request, form, look_up(form.cleaned_data["number"]))


@require_GET
def verify_number(request, number):
    """The address printed in a certificate's QR code."""
    refused = _rate_limited(request)
    if refused:
        return refused
    form = VerifyForm(initial={"number": normalise_number(number)[:64]})
    return _verification_page(request, form, look_up(number))


@require_POST
def verify_file(request):
    """A certificate PDF uploaded on the verification page: its signature, then the registry."""
    refused = _rate_limited(request)
    if refused:
        return refused
    file_form = VerifyFileForm(request.POST, request.FILES)
    if not file_form.is_valid():
        return _verification_page(request, VerifyForm(), None, file_form=file_form)
    file_result = verify_certificate_file(file_form.cleaned_data["certificate"])
    return _verification_page(request, VerifyForm(), None, file_result=file_result)


@require_GET
def signing_certificate(request):
    """The bureau's signing certificate (PEM), to check certificate PDFs offline."""
    pem = certificate_pem()
    if pem is None:
        raise Http404
    response = HttpResponse(pem, content_type="application/x-pem-file")
    response["Content-Disposition"] = 'attachment; filename="signing-certificate.pem"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


class _Echo:
    """A file-like object whose write returns the text, for csv.writer in a stream."""

    def write(self, value):
        return value


def _open_data_values(title) -> dict:
    enterprise = title.enterprise
    return {
        "enterprise": enterprise.name,
        "uscc": enterprise.uscc,
        "district": enterprise.district.name,
        "industry": enterprise.industry.name if enterprise.industry_id else "",
        "programme": title.programme,
        "level": title.level,
        "year": title.year,
        "certificate_number": title.certificate_number or "",
        "status": title.status,
        "in_force": title_standing(title).in_force,
        "valid_until": title.valid_until.isoformat() if title.valid_until else "",
        "grade": title.grade,
        "title_name": title.proper_name,
    }


CSV_HEADER = {
    "enterprise": "企业名称",
    "uscc": "统一社会信用代码",
    "district": "辖市区",
    "industry": "行业",
    "programme": "称号类别",
    "grade": "等级",
    "title_name": "称号名称",
    "level": "级别",
    "year": "年度",
    "certificate_number": "证书编号",
    "status": "状态",
    "in_force": "是否有效",
    "valid_until": "复评截止日期",
}


def _csv_rows():
    with translation.override("zh-hans"):
        levels = {value: str(label) for value, label in TitleLevel.choices}
        statuses = {value: str(label) for value, label in TitleStatus.choices}
        names = {value: terms(value).name for value in Programme.values}
        grades = {value: str(label) for value, label in TitleGrade.choices}
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([CSV_HEADER[f] for f in OPEN_DATA_FIELDS])
    for title in open_data_titles():
        values = _open_data_values(title)
        values["level"] = levels[title.level]
        values["programme"] = names[title.programme]
        values["grade"] = grades.get(title.grade, "")
        values["status"] = statuses[title.status]
        values["in_force"] = "是" if values["in_force"] else "否"
        yield writer.writerow([safe_cell(values[f]) for f in OPEN_DATA_FIELDS])


def _json_rows():
    yield "["
    separator = ""
    for title in open_data_titles():
        yield separator + json.dumps(_open_data_values(title), ensure_ascii=False)
        separator = ",\n"
    yield "]\n"


@require_GET
def open_data(request, fmt):
    """Every title as CSV (UTF-8 with BOM, so Excel reads the Chinese) or JSON, streamed."""
    if fmt == "csv":
        response = StreamingHttpResponse(_csv_rows(), content_type="text/csv; charset=utf-8")
    elif fmt == "json":
        response = StreamingHttpResponse(
            _json_rows(), content_type="application/json; charset=utf-8"
        )
    else:
        raise Http404
    response["Content-Disposition"] = disposition(f"称号名单.{fmt}", inline=True)
    response["X-Content-Type-Options"] = "nosniff"
    return response
