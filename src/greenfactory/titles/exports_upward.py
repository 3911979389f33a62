"""The background export of the recommendation to the province (向省级推荐材料): registered with
``core``'s exporter registry when imported, so the app imports it when it starts."""

import tempfile

from greenfactory.core.domain.exports import ExportFile, register_exporter
from greenfactory.core.spreadsheets import issuing_bureau

from .domain.upward import UPWARD_EXPORT, upward_candidates, write_upward_zip


def titles_for_job(job) -> list:
    """The job's titles, by enterprise name, if the requester may still recommend each one;
    a title that has since left the list fails the export rather than silently dropping out."""
    codes = job.params["titles"]
    titles = {
        title.code: title
        for title in upward_candidates(job.requested_by)
        .filter(code__in=codes)
        .select_related(
            "application__batch__indicator_system",
            "application__batch__coefficient_table",
            "application__batch__grid_factor",
        )
    }
    missing = [code for code in codes if code not in titles]
    if missing:
        raise ValueError(f"titles no longer valid for recommendation: {', '.join(missing)}")
    return sorted(titles.values(), key=lambda t: (t.enterprise.name, t.pk))


@register_exporter(
    UPWARD_EXPORT, may_download=lambda job, user: user.has_perm("titles.export_upward")
)
def export_upward(job) -> ExportFile:
    titles = titles_for_job(job)
    with tempfile.TemporaryFile() as handle:
        count = write_upward_zip(
            titles, handle, issuer=issuing_bureau(job.requested_by), year=job.params["year"]
        )
        handle.seek(0)
        content = handle.read()
    return ExportFile(f"{job.params['year']}年绿色工厂推荐材料.zip", content, row_count=count)
