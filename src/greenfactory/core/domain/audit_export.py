"""The audit trail as an export for the audit administrator."""

from django.utils import timezone

from ..models import AuditEvent
from .exports import ExportRows, register_exporter


def filter_events(params: dict):
    events = AuditEvent.objects.all()
    if params.get("action"):
        events = events.filter(action__startswith=params["action"])
    if params.get("username"):
        events = events.filter(actor_username__iexact=params["username"])
    if params.get("object_id"):
        events = events.filter(object_id=params["object_id"])
    if params.get("date_from"):
        events = events.filter(created_at__date__gte=params["date_from"])
    if params.get("date_to"):
        events = events.filter(created_at__date__lte=params["date_to"])
    return events.order_by("-seq")


@register_exporter(
    "audit_log", may_download=lambda job, user: user.has_perm("core.view_auditevent")
)
def export_audit_log(job):
    def rows():
        for event in filter_events(job.params).iterator(chunk_size=2000):
            yield [
                event.seq,
                timezone.localtime(event.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                event.actor_username,
                event.actor_role,
                event.ip or "",
                event.action,
                event.object_type,
                event.object_id,
                event.object_repr,
                str(event.changes) if event.changes else "",
                event.hash,
            ]

    header = [
        "seq",
        "time",
        "username",
        "role",
        "ip",
        "action",
        "object type",
        "object id",
        "object",
        "changes",
        "hash",
    ]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return ExportRows(f"audit-log-{stamp}.xlsx", header, rows())
