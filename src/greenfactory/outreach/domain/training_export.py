"""The attendance sheet of one training event as a workbook, built by the export worker.

Imported at start-up (``RecognitionConfig.ready``) and by the training views, so every process
knows the export kind. The sheet is Chinese whatever the officer's language, like the platform's
other documents for offices.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from greenfactory.accounts.scope import inside
from greenfactory.core.domain.audit import record_event
from greenfactory.core.domain.exports import ExportRows, register_exporter, request_export
from greenfactory.core.spreadsheets import INTEGER, SIGNATURE, Column, bureau_name

from ..models import TrainingEvent
from .training import can_manage_training, registrations_for

ATTENDANCE_EXPORT = "training_attendance"
COLUMNS = [
    Column("序号", INTEGER),
    Column("企业名称", width=24),
    Column("统一社会信用代码"),
    Column("所属辖市区"),
    Column("参训人"),
    Column("联系电话"),
    Column("报名时间"),
    Column("状态"),
    Column("出勤"),
    Column("签名", SIGNATURE),
]
HEADER = [column.header for column in COLUMNS]
ATTENDED = {True: "出席", False: "缺席", None: "未记录"}


def request_attendance_export(event: TrainingEvent, *, actor):
    """Queue the event's attendance sheet. Side effects: the export job (built after commit);
    audit entry ``recognition.training.export_requested``."""
    if not can_manage_training(actor):
        raise PermissionDenied
    with transaction.atomic():
        job = request_export(ATTENDANCE_EXPORT, actor=actor, params={"event": event.code})
        record_event(
            "recognition.training.export_requested",
            actor=actor,
            obj=event,
            changes={"job": job.code},
        )
    return job


def _moment(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


@register_exporter(ATTENDANCE_EXPORT, may_download=lambda job, user: can_manage_training(user))
def attendance_sheet(job) -> ExportRows:
    user = job.requested_by
    if not can_manage_training(user):
        raise PermissionDenied
    event = TrainingEvent.objects.get(inside(user.region, via="region"), code=job.params["event"])

    def rows():
        for number, registration in enumerate(registrations_for(event), start=1):
            enterprise = registration.enterprise
            yield [
                number,
                enterprise.name,
                enterprise.uscc,
                enterprise.district.name,
                registration.attendee_name,
                registration.attendee_phone,
                _moment(registration.registered_at),
                "已取消" if registration.cancelled_at else "有效",
                "" if registration.cancelled_at else ATTENDED[registration.attended],
                "",
            ]

    starts = timezone.localtime(event.starts_at)
    day = starts.date().isoformat()
    return ExportRows(
        filename=f"培训签到表-{day}-{event.code}.xlsx",
        header=COLUMNS,
        rows=rows(),
        title=f"{event.title}签到表",
        issuer=bureau_name(event.region),
        filters=f"培训时间 {starts:%Y-%m-%d %H:%M}；地点 {event.place}；全部报名（含已取消）",
        sheet_name="签到表",
    )
