"""Reads: which batches and indicator systems each user may see."""

import uuid

from django.core.cache import cache
from django.db.models import QuerySet
from django.db.models.base import ModelState

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
    return in_batch_words([_own_copy(i) for i in _system_indicators(batch)], batch)


def batch_indicator(batch, code: str) -> Indicator | None:
    """One indicator of the batch's system by its code, as ``batch_indicators`` gives it (the
    accident gate in the batch's words), without copying the others: a save that needs one
    row of the kept list does not pay for the whole list's copies."""
    found = next((i for i in _system_indicators(batch) if i.code == code), None)
    return None if found is None else in_batch_words([_own_copy(found)], batch)[0]


# The lists themselves, per process and system, with the stamp they were read under. The
# stamp lives in the cache: a cleared or expired cache entry drops the list with it, as when
# the list itself was cached; the list is not unpickled from the cache on every page.
_KEPT_INDICATORS: dict[int, tuple[str, list[Indicator]]] = {}


def _own_copy(indicator: Indicator) -> Indicator:
    """A copy the caller may annotate (pages set figures on their indicators) without touching
    the kept list: the row's values and its state, with its own cache of related rows."""
    copied = Indicator.__new__(Indicator)
    copied.__dict__.update(indicator.__dict__)
    copied._state = state = ModelState()
    state.db, state.adding = indicator._state.db, False
    if "fields_cache" in indicator._state.__dict__:
        state.fields_cache = dict(indicator._state.fields_cache)
    return copied


def _system_indicators(batch) -> list[Indicator]:
    system_id = batch.indicator_system_id
    key = f"batch-indicators:{system_id}"
    stamp, kept = cache.get(key), _KEPT_INDICATORS.get(system_id)
    if stamp is not None and kept is not None and kept[0] == stamp:
        return kept[1]
    indicators = list(Indicator.objects.filter(system_id=system_id).order_by("position"))
    stamp = uuid.uuid4().hex
    cache.set(key, stamp, BATCH_INDICATORS_SECONDS)
    _KEPT_INDICATORS[system_id] = (stamp, indicators)
    return indicators


def batch_aspects(batch) -> list[Indicator]:
    """The weighted aspects (level 1) of the batch's system, kept like ``batch_indicators``:
    what a page of score totals needs when the score itself is already kept."""
    system_id = batch.indicator_system_id
    return cache.get_or_set(
        f"batch-aspects:{system_id}",
        lambda: [i for i in batch_indicators(batch) if i.is_weighted_aspect],
        BATCH_INDICATORS_SECONDS,
    )
