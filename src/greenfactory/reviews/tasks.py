from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from .models import SiteAudit


@task()
def build_audit_record(audit_id: int) -> None:
    """Render the audit record (现场审核记录) as a PDF and keep it with the audit."""
    from weasyprint import HTML  # noqa: PLC0415 -- weasyprint is slow to import

    audit = SiteAudit.objects.select_related(
        "application__enterprise__district", "application__batch"
    ).get(pk=audit_id)
    with translation.override("zh-hans"):
        html = render_to_string(
            "reviews/audit/record.html",
            {
                "audit": audit,
                "members": audit.members.select_related("user"),
                "findings": audit.findings.select_related("indicator"),
                "photos": audit.photos.select_related("indicator"),
            },
        )
    pdf = HTML(string=html, base_url=None).write_pdf()
    audit.record.save(f"现场审核记录-{audit.code}.pdf", ContentFile(pdf), save=False)
    audit.save(update_fields=["record"])
