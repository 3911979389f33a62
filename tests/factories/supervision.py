"""Spot checks (抽检): rounds in each state and the checks of drawn titles, written as rows."""

import itertools
from datetime import timedelta

import factory
from django.utils import timezone

from greenfactory.programme.enums import BatchPurpose, BatchState
from greenfactory.supervision.enums import CheckState, RoundState, SampleKind
from greenfactory.supervision.models import CheckDecision, SpotCheck, SpotCheckRound

from .accounts import CityOfficerFactory, region
from .applications import DraftApplicationFactory
from .programme import BatchFactory, shipped_system
from .titles import TitleFactory, TitleStatus, title_moved

_seeds = itertools.count(1)


class SpotCheckRoundFactory(factory.django.DjangoModelFactory):
    """A draft round of the city: two titles of at least three years to draw, none drawn."""

    class Meta:
        model = SpotCheckRound

    region = factory.LazyFunction(lambda: region("320400"))
    year = 2026
    title = factory.Sequence(lambda n: f"2026年常州市绿色工厂抽检（第{n}轮）")
    cohort_years = 3
    levels = ["city"]
    sample_count = 2
    stratified = False
    submission_deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    indicator_system = factory.LazyFunction(lambda: shipped_system(2025))
    reference_batch = factory.SubFactory(BatchFactory, year=2019, state=BatchState.PUBLISHED)
    created_by = factory.SubFactory(CityOfficerFactory)
    state = RoundState.DRAFT


class DrawnRoundFactory(SpotCheckRoundFactory):
    """Drawn: seed, cohort date and the spot-check batch the factories drawn file in (open)."""

    state = RoundState.DRAWN
    seed = factory.LazyFunction(lambda: f"seed-{next(_seeds):05d}")
    cohort_date = factory.LazyFunction(timezone.localdate)
    drawn_at = factory.LazyFunction(timezone.now)
    drawn_by = factory.SelfAttribute("created_by")
    batch = factory.SubFactory(
        BatchFactory,
        purpose=BatchPurpose.SPOT_CHECK,
        year=factory.SelfAttribute("..year"),
        title=factory.SelfAttribute("..title"),
        indicator_system=factory.SelfAttribute("..indicator_system"),
        closes_at=factory.SelfAttribute("..submission_deadline"),
    )


class PublishedRoundFactory(DrawnRoundFactory):
    state = RoundState.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class SpotCheckFactory(factory.django.DjangoModelFactory):
    """A title drawn at random in a drawn round and under check: the title is ``under_check``
    (with its history row) and the enterprise's spot-check application is a draft."""

    class Meta:
        model = SpotCheck
        skip_postgeneration_save = True

    round = factory.SubFactory(DrawnRoundFactory)
    title = factory.SubFactory(TitleFactory, year=2019)
    kind = SampleKind.RANDOM
    application = factory.LazyAttribute(
        lambda o: DraftApplicationFactory(batch=o.round.batch, enterprise=o.title.enterprise)
    )
    state = CheckState.IN_PROGRESS

    @factory.post_generation
    def drawn(obj, create, extracted, **kwargs):
        if create and obj.title.status == TitleStatus.VALID:
            title_moved(obj.title, TitleStatus.UNDER_CHECK, reason=f"抽检“{obj.round.title}”抽中。")


def decided(check: SpotCheck, to: str, *, reason="", rectify_by=None, title_status=None):
    """Record the officer's decision on ``check`` as ``decide_check`` leaves it."""
    before = check.state
    check.state = to
    check.decided_at = timezone.now()
    check.rectify_by = rectify_by
    check.save()
    CheckDecision.objects.create(
        spot_check=check,
        from_state=before,
        to_state=to,
        reason=reason,
        rectify_by=rectify_by,
        actor=check.round.created_by,
    )
    if title_status is not None:
        title_moved(check.title, title_status, reason=reason)
    return check


class PassedSpotCheckFactory(SpotCheckFactory):
    """Passed: the title is valid again."""

    @factory.post_generation
    def outcome(obj, create, extracted, **kwargs):
        if create:
            decided(obj, CheckState.PASSED, title_status=TitleStatus.VALID)


class RectifyingSpotCheckFactory(SpotCheckFactory):
    """Rectification ordered, due in 60 days: the title is ``rectifying``."""

    @factory.post_generation
    def outcome(obj, create, extracted, **kwargs):
        if create:
            decided(
                obj,
                CheckState.RECTIFYING,
                reason="能耗数据与现场不符，限期整改。",
                rectify_by=timezone.localdate() + timedelta(days=60),
                title_status=TitleStatus.RECTIFYING,
            )


class RevokedSpotCheckFactory(SpotCheckFactory):
    """Failed: the title is revoked."""

    @factory.post_generation
    def outcome(obj, create, extracted, **kwargs):
        if create:
            decided(
                obj,
                CheckState.REVOKED,
                reason="抽检不合格，撤销称号。",
                title_status=TitleStatus.REVOKED,
            )
