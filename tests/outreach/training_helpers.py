"""Training events ready for the tests: published, with registration open for a week."""

from datetime import timedelta

from django.utils import timezone

from greenfactory.outreach.models import Registration, TrainingEvent
from tests.factories import EnterpriseFactory, EnterpriseUserFactory, region


def make_event(*, capacity=30, published=True, starts_in_days=10, title="绿色工厂申报培训"):
    now = timezone.now()
    starts = now + timedelta(days=starts_in_days)
    return TrainingEvent.objects.create(
        region=region("320400"),
        title=title,
        description="申报材料填写与自评要点",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        place="常州市工业和信息化局 3楼会议室",
        capacity=capacity,
        registration_closes_at=starts - timedelta(days=1),
        published_at=now - timedelta(hours=1) if published else None,
    )


def seat(event, enterprise=None, user=None):
    """A registration made directly, for arranging a test."""
    enterprise = enterprise or EnterpriseFactory()
    return Registration.objects.create(
        event=event,
        enterprise=enterprise,
        registered_by=user,
        attendee_name="李四",
        attendee_phone="13900000000",
    )


def enterprise_users(n, prefix="trainee"):
    return [EnterpriseUserFactory(username=f"{prefix}{i}") for i in range(n)]
