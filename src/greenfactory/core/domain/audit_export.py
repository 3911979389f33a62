"""The audit trail as an export for the audit administrator."""

from django.utils import timezone

from ..models import AuditEvent
from ..spreadsheets import INTEGER, Column, issuing_bureau
from .exports import ExportRows, register_exporter

COLUMNS = [
    Column("序号", INTEGER),
    Column("时间"),
    Column("用户名"),
    Column("角色"),
    Column("IP地址"),
    Column("操作"),
    Column("对象类型"),
    Column("对象编号"),
    Column("对象", width=20),
    Column("变更内容", width=40),
    Column("校验值"),
]
FILTER_NAMES = (
    ("action", "操作"),
    ("username", "用户名"),
    ("object_id", "对象编号"),
    ("date_from", "起始日期"),
    ("date_to", "截止日期"),
)


def filter_text(params: dict) -> str:
    """The filter of an audit export as the title block says it (empty: everything)."""
    return "；".join(f"{name} {params[key]}" for key, name in FILTER_NAMES if params.get(key))


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

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return ExportRows(
        f"审计日志-{stamp}.xlsx",
        COLUMNS,
        rows(),
        title="平台审计日志",
        issuer=issuing_bureau(job.requested_by),
        filters=filter_text(job.params),
        sheet_name="审计日志",
    )
