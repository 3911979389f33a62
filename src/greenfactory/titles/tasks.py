from django_tasks import task

from .domain.certificate_pdf import build_missing_certificates


@task()
def build_certificates(batch_id: int) -> int:
    """Build every missing certificate PDF of a designated batch; returns how many were built.

    A certificate that fails is logged and the others are still built; the task then fails so
    the worker records it, and the city officer can retry from the designation page.
    """
    built, failed = build_missing_certificates(batch_id)
    if failed:
        raise RuntimeError(f"{len(failed)} certificates could not be built: titles {failed}")
    return built
