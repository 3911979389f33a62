"""The background export of the recommendation to the province in its own forms (decisions
§64): registered with ``core``'s exporter registry when imported, so the app imports it when it
starts."""

import tempfile

from greenfactory.core.domain.exports import ExportFile, register_exporter
from greenfactory.core.spreadsheets import issuing_bureau

from .domain.province import PROVINCE_EXPORT, candidates_visible_to
from .domain.province_package import list_name, write_province_zip
from .enums import CandidateState


def candidates_for_job(job) -> list:
    """The job's candidates, sent and still visible to the requester; one that has since been
    withdrawn or left the region fails the export rather than silently dropping out."""
    codes = job.params["candidates"]
    found = {
        candidate.code: candidate
        for candidate in candidates_visible_to(job.requested_by)
        .filter(code__in=codes, state=CandidateState.EXPORTED)
        .select_related(
            "evaluation__body",
            "evaluation__application__batch__indicator_system",
            "title__enterprise__district__parent",
            "title__application__batch__indicator_system",
            "title__application__batch__coefficient_table",
            "title__application__batch__grid_factor",
        )
    }
    missing = [code for code in codes if code not in found]
    if missing:
        raise ValueError(f"candidates no longer to be sent: {', '.join(missing)}")
    return sorted(found.values(), key=lambda c: (c.title.enterprise.name, c.pk))


@register_exporter(
    PROVINCE_EXPORT, may_download=lambda job, user: user.has_perm("titles.export_upward")
)
def export_province(job) -> ExportFile:
    candidates = candidates_for_job(job)
    level = job.params.get("level", "provincial")  # packages queued before §80 had none
    with tempfile.TemporaryFile() as handle:
        count = write_province_zip(
            candidates,
            handle,
            issuer=issuing_bureau(job.requested_by),
            year=job.params["year"],
            level=level,
        )
        handle.seek(0)
        content = handle.read()
    name = f"{job.params['year']}年{list_name(level)}绿色工厂推荐材料.zip"
    return ExportFile(name, content, row_count=count)
