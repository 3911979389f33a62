"""Time per certificate PDF: the platform's ``render_certificate`` against WeasyPrint rendering
the same HTML alone (the template rendered once, outside the timing)."""

import statistics
import time

from django.template.loader import render_to_string
from django.utils import translation

from greenfactory.titles.domain.certificate_pdf import (
    LANGUAGE,
    TEMPLATE,
    certificate_context,
    render_certificate,
)
from greenfactory.titles.models import Title


def measure_certificates(count: int = 10) -> dict:
    from weasyprint import HTML  # noqa: PLC0415 -- weasyprint is slow to import

    titles = list(
        Title.objects.filter(batch__isnull=False, certificate_number__isnull=False)
        .select_related("enterprise", "batch__region")
        .order_by("pk")[:count]
    )
    render_certificate(titles[0])  # fonts and the template loaded before the measurement
    platform, alone = [], []
    for title in titles:
        started = time.perf_counter()
        render_certificate(title)
        platform.append(time.perf_counter() - started)
        with translation.override(LANGUAGE):
            html = render_to_string(TEMPLATE, certificate_context(title))
        started = time.perf_counter()
        HTML(string=html, base_url=None).write_pdf()
        alone.append(time.perf_counter() - started)
    return {
        "certificates": len(titles),
        "platform_ms": round(statistics.median(platform) * 1000, 1),
        "weasyprint_alone_ms": round(statistics.median(alone) * 1000, 1),
    }
