"""Reads: which batches and indicator systems each user may see."""

from django.core.cache import cache
from django.db.models import QuerySet

from greenfactory.accounts.enums import OFFICER_ROLES, Role
from greenfactory.accounts.scope import covering, inside

from ..enums import BatchState
from ..models import Batch, Indicator, IndicatorSystem
from .accidents import in_batch_words


def batches_visible_to(user) -> QuerySet[Batch]:
    """Officers: batches of their region, above it or below it. Enterprises and agencies:
    batches of the regions above their district, once no longer drafts. Experts: non-drafts."""
    base = Batch.objects.select_related("region", "indicator_system")
    if not (user and user.is_authenticated and user.is_active):
        return base.none()
    if user.role in OFFICER_ROLES and user.region_id:
        region = user.region
        return base.filter(inside(region, via="region") | covering(region, via="region"))
    if user.role == Role.ENTERPRISE and user.enterprise_id:
        return base.exclude(state=BatchState.DRAFT).filter(
            covering(user.enterprise.district, via="region")
        )
    if user.role in (Role.AGENCY, Role.EXPERT):
        return base.exclude(state=BatchState.DRAFT)
    return base.none()


BATCH_CHOICES_SECONDS = 60


def batch_choices(user) -> list[tuple[str, str]]:
    """(code, title) of the batches a user may filter a list by: those visible to them that are
    no longer drafts. Kept a minute per role and region (a batch opened shows in the filters
    within a minute; nothing is decided from this list)."""
    key = f"batch-choices:{user.role}:{user.region_id}:{user.enterprise_id}"
    return cache.get_or_set(
        key,
        lambda: list(
            batches_visible_to(user)
            .exclude(state=BatchState.DRAFT)
            .select_related(None)
            .values_list("code", "title")
        ),
        BATCH_CHOICES_SECONDS,
    )


def indicator_systems_visible_to(user) -> QuerySet[IndicatorSystem]:
    if user and user.has_perm("programme.view_indicatorsystem"):
        return IndicatorSystem.objects.all()
    return IndicatorSystem.objects.none()


BATCH_INDICATORS_SECONDS = 60 * 60


def batch_indicators(batch) -> list[Indicator]:
    """The indicators of the system the batch uses, in order. A system that a batch uses is
    frozen (``systems.is_frozen``: it is copied to be changed, and a batch with applications
    cannot be deleted), so the list is read once an hour per process and system. The basic
    requirement on accidents comes in the batch's words (``accidents.in_batch_words``)."""
    system_id = batch.indicator_system_id
    indicators = cache.get_or_set(
        f"batch-indicators:{system_id}",
        lambda: list(Indicator.objects.filter(system_id=system_id).order_by("position")),
        BATCH_INDICATORS_SECONDS,
    )
    return in_batch_words(indicators, batch)


def batch_aspects(batch) -> list[Indicator]:
    """The weighted aspects (level 1) of the batch's system, kept like ``batch_indicators``:
    what a page of score totals needs when the score itself is already kept."""
    system_id = batch.indicator_system_id
    return cache.get_or_set(
        f"batch-aspects:{system_id}",
        lambda: [i for i in batch_indicators(batch) if i.is_weighted_aspect],
        BATCH_INDICATORS_SECONDS,
    )
