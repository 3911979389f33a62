from django.core.files.base import ContentFile
from django_tasks import task

from .domain.audit_record import build_record_pdf
from .models import SiteAudit


@task()
def build_audit_record(audit_id: int) -> None:
    """Render the audit record (现场审核记录) as a PDF and keep it with the audit."""
    audit = SiteAudit.objects.select_related(
        "application__enterprise__district", "application__batch__indicator_system"
    ).get(pk=audit_id)
    pdf = build_record_pdf(audit)
    audit.record.save(f"现场审核记录-{audit.code}.pdf", ContentFile(pdf), save=False)
    audit.save(update_fields=["record"])
