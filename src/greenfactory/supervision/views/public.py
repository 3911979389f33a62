"""The public record of spot checks: each draw with its seed, method and cohort, so anyone can
redraw it; the outcomes once published."""

import csv

from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from greenfactory.core.domain.exports import safe_cell
from greenfactory.core.downloads import disposition

from .. import sampling
from ..domain.queries import outcome_counts, public_rounds
from ..enums import RoundState


@require_GET
def public_round_list(request):
    return render(request, "supervision/public/rounds.html", {"rounds": public_rounds()})


@require_GET
def public_round(request, code):
    round_ = get_object_or_404(public_rounds(), code=code)
    checks = round_.checks.select_related("title__enterprise__district").order_by(
        "kind", "title__enterprise__district__code", "title__certificate_number"
    )
    return render(
        request,
        "supervision/public/round.html",
        {
            "round": round_,
            "checks": checks,
            "published": round_.state == RoundState.PUBLISHED,
            "counts": outcome_counts(round_) if round_.state == RoundState.PUBLISHED else {},
            "method_doc": sampling.__doc__,
        },
    )


# In Chinese, like every file for offices; the digest column says what is hashed.
COHORT_CSV_HEADER = ["抽签编号", "分层", "摘要sha256(种子:抽签编号)", "是否抽中（1是0否）"]


class _Echo:
    def write(self, value):
        return value


@require_GET
def public_cohort_csv(request, code):
    """The cohort with every ticket, stratum and digest: the list the sample was drawn from."""
    round_ = get_object_or_404(public_rounds(), code=code)
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff"
        yield writer.writerow(COHORT_CSV_HEADER)
        for entry in round_.cohort.order_by("stratum", "digest").iterator():
            yield writer.writerow(
                [safe_cell(entry.ticket), entry.stratum, entry.digest, int(entry.drawn)]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = disposition(f"抽检名单-{round_.code}.csv")
    return response
