"""Demo training events (培训) of the city bureau, made through the same domain functions as the
pages: a policy briefing held three weeks ago, with its registrations and the attendance
recorded; an upcoming workshop with a few seats left; and an on-site visit whose seats are all
taken. The past steps run with the clock set to their day, so their audit entries and times read
as they happened."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from greenfactory.accounts.enums import EnterpriseStatus, Role
from greenfactory.accounts.models import User
from greenfactory.outreach.domain.training import (
    EventDraft,
    create_event,
    publish_event,
    record_attendance,
    register_for_event,
)
from greenfactory.outreach.models import TrainingEvent

from .history import on_day


def _on(day, hour):
    """The clock set to ``hour`` o'clock of ``day`` in Shanghai."""
    return on_day(day.year, day.month, day.day, hour)


def _at(day, hour, minute=0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _attendees() -> list:
    """One user of each confirmed enterprise, in a fixed order."""
    seen, users = set(), []
    query = User.objects.filter(
        role=Role.ENTERPRISE, enterprise__status=EnterpriseStatus.CONFIRMED
    ).select_related("enterprise")
    for user in query.order_by("username"):
        if user.enterprise_id not in seen:
            seen.add(user.enterprise_id)
            users.append(user)
    return users


def _register(event, users) -> list:
    return [
        register_for_event(
            event,
            actor=user,
            attendee_name=user.enterprise.contact_person or user.get_full_name(),
            attendee_phone=user.enterprise.phone or "0519-86000000",
        )
        for user in users
    ]


def _event(city, *, on, **fields) -> TrainingEvent:
    """Create and publish an event on the day ``on`` (a date)."""
    with _on(on, 10):
        return publish_event(create_event(actor=city, draft=EventDraft(**fields)), actor=city)


def training_demo() -> list[TrainingEvent]:
    """Three published events of 常州市; does nothing if the city officer already has events."""
    city = User.objects.filter(username="city").first()
    if city is None or TrainingEvent.objects.filter(region=city.region).exists():
        return []
    users = _attendees()
    today = timezone.localdate()

    held_on = today - timedelta(days=21)
    past = _event(
        city,
        on=held_on - timedelta(days=14),
        title="绿色工厂创建政策宣贯培训会",
        description=(
            "解读《绿色工厂评价通则》（GB/T 36132）及本市绿色制造体系建设实施方案，"
            "讲解申报流程、自评表填报与证明材料要求。每家企业限报一人。"
        ),
        starts_at=_at(held_on, 9, 30),
        ends_at=_at(held_on, 16, 30),
        place="常州市工业和信息化局三楼报告厅（龙城大道1280号）",
        capacity=60,
        registration_closes_at=_at(held_on - timedelta(days=2), 17),
    )
    with _on(held_on - timedelta(days=7), 14):
        registrations = _register(past, users[:10])
    with _on(held_on, 16):
        absent = {registrations[3].code, registrations[8].code}
        record_attendance(past, actor=city, present={r.code for r in registrations} - absent)

    workshop_on = today + timedelta(days=14)
    workshop = _event(
        city,
        on=today - timedelta(days=5),
        title="能源管理与碳排放核算实务培训",
        description=(
            "面向企业能源管理人员：能源计量器具配备、能耗统计与碳排放核算方法，"
            "结合自评表中能源与资源投入、碳排放指标的填报示例。"
        ),
        starts_at=_at(workshop_on, 14),
        ends_at=_at(workshop_on, 17),
        place="常州市科教城创研港1号楼会议中心",
        capacity=12,
        registration_closes_at=_at(workshop_on - timedelta(days=2), 17),
    )
    with _on(today - timedelta(days=3), 11):
        _register(workshop, users[10:19])

    visit_on = today + timedelta(days=7)
    visit = _event(
        city,
        on=today - timedelta(days=10),
        title="国家级绿色工厂现场观摩交流会",
        description="赴武进区国家级绿色工厂现场观摩光伏屋顶、余热回收与数字化能碳管理平台。",
        starts_at=_at(visit_on, 9),
        ends_at=_at(visit_on, 12),
        place="武进国家高新技术产业开发区（集合地点：市局北门，统一乘车）",
        capacity=6,
        registration_closes_at=_at(visit_on - timedelta(days=1), 12),
    )
    with _on(today - timedelta(days=8), 9):
        _register(visit, users[19:25])
    return [past, workshop, visit]
