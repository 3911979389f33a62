from django_tasks import task

from .models import ExportJob


@task()
def run_export(job_id: int) -> None:
    from .domain.exports import build_export  # noqa: PLC0415 -- core.domain.exports imports this module

    build_export(ExportJob.objects.get(pk=job_id))
