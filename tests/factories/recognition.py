"""Recognition: a ranked batch with its party-group decision, its public notice (open or
closed) and objections in each state, written as rows."""

from datetime import timedelta

import factory
from django.utils import timezone

from greenfactory.programme.enums import BatchState
from greenfactory.recognition.enums import NoticeState, ObjectionState
from greenfactory.recognition.models import (
    DecisionEntry,
    NoticeEntry,
    Objection,
    PartyGroupDecision,
    PublicNotice,
    Ranking,
    RankingEntry,
)

from .applications import ReviewedApplicationFactory
from .programme import BatchFactory


def decided_rows(batch, applications) -> PartyGroupDecision:
    """A ranking that proposes ``applications`` in that order, and the party group's decision
    to designate all of them; the batch becomes ``ranked``."""
    ranking = Ranking.objects.create(
        batch=batch,
        number=1,
        threshold=batch.pass_threshold,
        quota=batch.quota,
        tie_break=batch.tie_break,
        tie_break_part=batch.tie_break_part,
        candidates=len(applications),
        eligible_count=len(applications),
    )
    RankingEntry.objects.bulk_create(
        RankingEntry(
            ranking=ranking,
            application=application,
            score=application.expert_result.score,
            eligible=True,
            position=position,
            proposed=True,
        )
        for position, application in enumerate(applications, start=1)
    )
    decision = PartyGroupDecision.objects.create(
        batch=batch,
        ranking=ranking,
        meeting_on=timezone.localdate() - timedelta(days=1),
        minutes_reference="常工信党组〔2026〕1号",
    )
    DecisionEntry.objects.bulk_create(
        DecisionEntry(
            decision=decision,
            application=application,
            proposed=True,
            included=True,
            position=position,
        )
        for position, application in enumerate(applications, start=1)
    )
    batch.state = BatchState.RANKED
    batch.save(update_fields=["state"])
    return decision


class PublicNoticeFactory(factory.django.DjangoModelFactory):
    """A notice open for objections since today, listing the party group's decided factories:
    ``entries`` reviewed applications (default 1) or the reviewed applications given, all of
    ``batch``. The batch is ranked, with its ranking and decision."""

    class Meta:
        model = PublicNotice
        skip_postgeneration_save = True

    batch = factory.SubFactory(BatchFactory, state=BatchState.IN_REVIEW)
    title = factory.LazyAttribute(lambda o: f"{o.batch.year}年度常州市绿色工厂拟认定名单公示")
    body = "现将拟认定名单予以公示。"
    how_to_object = "公示期内可在线提出异议。"
    starts_on = factory.LazyFunction(timezone.localdate)
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(days=o.days - 1))
    days = factory.LazyAttribute(lambda o: o.batch.notice_days)
    day_kind = "calendar"
    publish_scores = factory.LazyAttribute(lambda o: o.batch.publish_scores)
    state = NoticeState.OPEN

    @factory.post_generation
    def entries(obj, create, extracted, **kwargs):
        if not create:
            return
        applications = (
            list(extracted)
            if extracted is not None and not isinstance(extracted, int)
            else [ReviewedApplicationFactory(batch=obj.batch) for _ in range(extracted or 1)]
        )
        decided_rows(obj.batch, applications)
        NoticeEntry.objects.bulk_create(
            NoticeEntry(
                notice=obj,
                application=application,
                position=position,
                enterprise_name=application.enterprise.name,
                district_name=application.enterprise.district.name,
                industry_name=application.enterprise.industry.name,
                score=application.expert_result.score if obj.publish_scores else None,
            )
            for position, application in enumerate(applications, start=1)
        )


class ClosedNoticeFactory(PublicNoticeFactory):
    """A notice whose period has ended and which an officer has closed."""

    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=14))
    state = NoticeState.CLOSED
    closed_at = factory.LazyFunction(timezone.now)


class ObjectionFactory(factory.django.DjangoModelFactory):
    """An objection received against the first entry of an open notice."""

    class Meta:
        model = Objection

    notice = factory.SubFactory(PublicNoticeFactory)
    entry = factory.LazyAttribute(lambda o: o.notice.entries.order_by("position").first())
    name = "李四"
    contact = "13800000000"
    reason = "该企业去年发生过环境污染事件。"
    state = ObjectionState.OPEN


class InvestigatingObjectionFactory(ObjectionFactory):
    state = ObjectionState.INVESTIGATING
    investigation = "已调取环保部门记录。"


class DismissedObjectionFactory(InvestigatingObjectionFactory):
    state = ObjectionState.DISMISSED
    outcome_reason = "经核查，所述事件不属实。"
    handled_at = factory.LazyFunction(timezone.now)


class UpheldObjectionFactory(InvestigatingObjectionFactory):
    """Upheld: the factory's entry is taken off the list with the reason."""

    class Meta:
        skip_postgeneration_save = True

    state = ObjectionState.UPHELD
    outcome_reason = "经核查属实，不符合认定条件。"
    handled_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def removed(obj, create, extracted, **kwargs):
        if create:
            NoticeEntry.objects.filter(pk=obj.entry_id).update(
                removed=True, removed_reason=obj.outcome_reason, removed_at=obj.handled_at
            )
