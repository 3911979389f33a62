"""Rows for the designation tests: a ranked batch with its public notice, built directly with
the models (the ranking and notice steps have their own tests)."""

from datetime import date

from django.utils import timezone

from greenfactory.applications.enums import ApplicationState
from greenfactory.applications.models import Application
from greenfactory.recognition.enums import NoticeState
from greenfactory.recognition.models import NoticeEntry, PublicNotice
from tests.factories import BatchFactory, EnterpriseFactory


def ranked_batch(**fields):
    return BatchFactory(state="ranked", year=2026, **fields)


def reviewed(batch, enterprise=None):
    return Application.objects.create(
        batch=batch,
        enterprise=enterprise or EnterpriseFactory(),
        state=ApplicationState.REVIEWED,
        submitted_at=timezone.now(),
    )


def notice_for(
    batch, enterprises, *, state=NoticeState.CLOSED, removed=(), starts_on=None, grade=""
):
    """A public notice of ``enterprises`` in that order; those in ``removed`` taken off it;
    ``grade`` the decided grade of each (a zero-carbon batch's, decisions §78)."""
    starts_on = starts_on or date(2026, 11, 2)
    notice = PublicNotice.objects.create(
        batch=batch,
        title=f"{batch.year}年度常州市绿色工厂拟认定名单公示",
        body="现将拟认定名单予以公示。",
        how_to_object="公示期内可在线提出异议。",
        starts_on=starts_on,
        ends_on=starts_on.replace(day=starts_on.day + 6),
        days=5,
        day_kind="working",
        publish_scores=False,
        state=state,
    )
    for position, enterprise in enumerate(enterprises, start=1):
        gone = enterprise in removed
        NoticeEntry.objects.create(
            notice=notice,
            application=reviewed(batch, enterprise),
            position=position,
            enterprise_name=enterprise.name,
            district_name=enterprise.district.name,
            industry_name=enterprise.industry.name,
            grade=grade,
            removed=gone,
            removed_reason="异议成立，经调查不符合条件。" if gone else "",
            removed_at=timezone.now() if gone else None,
        )
    return notice


def designated_batch(actor, enterprises, **notice):
    """A batch designated through the domain function (certificates not built: the task runs
    only when the test captures on-commit callbacks)."""
    from greenfactory.recognition.domain.designation import designate_batch

    batch = ranked_batch()
    notice_for(batch, enterprises, **notice)
    return batch, designate_batch(batch, actor=actor)
