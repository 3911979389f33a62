"""Titles in force and revoked. The title models are imported here and nowhere else in the
factories, so where they live is written once."""

import itertools
from datetime import date

import factory

from greenfactory.titles.certificates import format_number
from greenfactory.titles.domain.titles import valid_until
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
    leave it (without the audit entry and the message to the enterprise)."""
    before = title.status
    title.status = to
    title.save(update_fields=["status"])
    TitleStatusChange.objects.create(
        title=title, from_status=before, to_status=to, reason=reason, actor=actor
    )
    return title


class TitleFactory(factory.django.DjangoModelFactory):
    """A city-level title in force (valid), designated in ``year`` with its certificate number."""

    class Meta:
        model = Title

    enterprise = factory.SubFactory(EnterpriseFactory)
    level = TitleLevel.CITY
    year = 2023
    source = TitleSource.DESIGNATED
    status = TitleStatus.VALID
    certificate_number = factory.LazyAttribute(
        lambda o: format_number("320400", o.year, o.level, next(_certificates))
    )
    issued_on = factory.LazyAttribute(lambda o: date(o.year, 12, 1))
    valid_until = factory.LazyAttribute(lambda o: valid_until(o.issued_on))


class RevokedTitleFactory(TitleFactory):
    """Revoked (摘牌) after a failed check, with the reason in its history."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def revoked(obj, create, extracted, **kwargs):
        if create:
            title_moved(
                obj,
                TitleStatus.REVOKED,
                reason=extracted or "抽检不合格，撤销称号。",
            )
            obj.refresh_from_db()
