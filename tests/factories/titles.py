"""Titles in force and revoked. The title models are imported here and nowhere else in the
factories, so where they live is written once."""

import itertools
from datetime import date

import factory
from django.utils import timezone

from greenfactory.programme.enums import Programme
from greenfactory.titles.certificates import format_number
from greenfactory.titles.domain.validity import renewal_due_by
from greenfactory.titles.enums import TitleLevel, TitleSource, TitleStatus
from greenfactory.titles.models import Title, TitleStatusChange

from .accounts import EnterpriseFactory

_certificates = itertools.count(1)

__all__ = [
    "RevokedTitleFactory",
    "Title",
    "TitleFactory",
    "TitleLevel",
    "TitleSource",
    "TitleStatus",
    "TitleStatusChange",
    "title_moved",
]


def title_moved(title, to, *, actor=None, reason="") -> Title:
    """Put ``title`` in status ``to`` with its history row, as ``change_title_status`` would
    leave it (revoked today, or renewed by a passed check; without the audit entry and the
    message to the enterprise)."""
    before = title.status
    title.status = to
    if to == TitleStatus.REVOKED:
        title.revoked_on = title.revoked_on or timezone.localdate()
    if before == TitleStatus.UNDER_CHECK and to == TitleStatus.VALID:
        title.valid_until = renewal_due_by(title, timezone.localdate())
    title.save(update_fields=["status", "revoked_on", "valid_until"])
    TitleStatusChange.objects.create(
        title=title, from_status=before, to_status=to, reason=reason, actor=actor
    )
    return title


class TitleFactory(factory.django.DjangoModelFactory):
    """A city-level title in force (valid), designated in ``year`` with its certificate number."""

    class Meta:
        model = Title

    enterprise = factory.SubFactory(EnterpriseFactory)
    programme = Programme.GREEN_FACTORY
    level = TitleLevel.CITY
    year = 2023
    source = TitleSource.DESIGNATED
    status = TitleStatus.VALID
    certificate_number = factory.LazyAttribute(
        lambda o: format_number(
            "320400", o.year, o.level, next(_certificates), programme=o.programme
        )
    )
    issued_on = factory.LazyAttribute(lambda o: date(o.year, 12, 1))
    # The default policy of every level: no fixed expiry, the title stands until revoked.
    valid_until = None


class RevokedTitleFactory(TitleFactory):
    """Revoked (摘牌) after a failed check, with the reason in its history; revoked today
    unless ``revoked_on`` is given."""

    class Meta:
        skip_postgeneration_save = True

    status = TitleStatus.REVOKED
    revoked_on = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def revoked(obj, create, extracted, **kwargs):
        if create:
            TitleStatusChange.objects.create(
                title=obj,
                from_status=TitleStatus.VALID,
                to_status=TitleStatus.REVOKED,
                reason=extracted or "抽检不合格，撤销称号。",
            )
