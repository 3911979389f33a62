"""The title registry's own rules and reads: when a new title is due for re-evaluation, the
next certificate number, and which titles and certificates a user may see. Designation from a
decided notice, which needs the notice, is ``recognition.domain.designation``; it calls down
into these."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from greenfactory.accounts.enums import Role
from greenfactory.accounts.models import Region
from greenfactory.accounts.scope import enterprise_rows_visible_to
from greenfactory.core.domain.audit import record_event
from greenfactory.core.refusals import Refused
from greenfactory.programme.enums import Programme
from greenfactory.programme.programmes import terms

from ..certificates import MAX_SEQUENCE, format_number
from ..enums import TitleLevel, TitleSource, TitleStatus
from ..models import CertificateCounter, Title, TitleStatusChange
from ..signals import title_granted
from .validity import in_force_q, term_for


class TitleRefused(Refused):
    """A step on the title registry cannot happen now; the message says why."""


def valid_until(issued_on: date, level: str = TitleLevel.CITY) -> date | None:
    """The day a title of ``level`` issued on ``issued_on`` is due for re-evaluation by, as the
    level's ``ValidityPolicy`` says; None (the default policy): it stands until revoked."""
    return term_for(level).due_by(issued_on)


def draw_certificate_number(
    region: Region, year: int, level: str, *, programme: str = Programme.GREEN_FACTORY
) -> str:
    """The next certificate number of a programme, region, year and level.

    Locks (or creates) the counter row until the surrounding transaction ends, so numbers drawn
    at the same time by two processes are distinct and consecutive. Call inside
    ``transaction.atomic``. Refused (``TitleRefused``) when the year's numbers are used up.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("draw_certificate_number must run inside a transaction")
    counter, _created = CertificateCounter.objects.select_for_update(of=("self",)).get_or_create(
        region=region, programme=programme, year=year, level=level
    )
    if counter.last >= MAX_SEQUENCE:
        raise TitleRefused(
            _("All %(n)s certificate numbers of this year and level are used.")
            % {"n": MAX_SEQUENCE}
        )
    counter.last += 1
    counter.save(update_fields=["last"])
    return format_number(region.code, year, level, counter.last, programme=programme)


@dataclass(frozen=True)
class CertificateStatus:
    titles: int
    ready: int

    @property
    def missing(self) -> int:
        return self.titles - self.ready

    @property
    def complete(self) -> bool:
        return self.titles > 0 and self.ready == self.titles


def certificate_status(batch) -> CertificateStatus:
    """How many of the batch's titles have their certificate PDF (one query)."""
    counts = Title.objects.filter(batch=batch).aggregate(
        titles=Count("pk"), ready=Count("pk", filter=~Q(certificate=""))
    )
    return CertificateStatus(titles=counts["titles"], ready=counts["ready"])


def titles_visible_to(user) -> QuerySet[Title]:
    """Officers: titles of enterprises in their region. Enterprise users: their own. Nobody
    else sees titles here (the public reads the public list)."""
    return enterprise_rows_visible_to(
        user, Title.objects.select_related("enterprise__district", "enterprise__industry", "batch")
    )


def certificate_visible_to(user) -> QuerySet[Title]:
    """Whose certificate PDF a user may download: the city officers of the region and the
    title's own enterprise."""
    visible = titles_visible_to(user)
    if user and user.is_authenticated and user.role in (Role.CITY_OFFICER, Role.ENTERPRISE):
        return visible
    return visible.none()


def certificate_filename(title: Title) -> str:
    """The name a downloaded certificate PDF carries: the title's name and its number."""
    return f"{terms(title.programme).name_of(title.grade)}证书-{title.certificate_number}.pdf"


def titles_in_force(enterprise, on: date, *, programme: str | None = None) -> list[tuple[str, int]]:
    """(level, year) of every title the enterprise holds in force on ``on`` (the one rule of
    ``validity.in_force_q``, decisions §48), of ``programme`` only when given (decisions §72).
    The one place the eligibility rules learn of titles
    (``applications.hooks.held_title_providers``, decisions §51)."""
    held = Title.objects.filter(in_force_q(on), enterprise=enterprise)
    if programme is not None:
        held = held.filter(programme=programme)
    return list(held.values_list("level", "year"))


def grant_title(
    enterprise,
    *,
    level: str,
    year: int,
    issued_on: date,
    actor,
    action: str,
    certificate_number: str | None = None,
    reason: str = "",
) -> Title:
    """Record a title granted by a higher level (a provincial title the province listed,
    decisions §64): the title valid from ``issued_on`` with the level's term, its history row,
    the audit entry ``action`` and ``title_granted``. Where the enterprise already holds the
    level's title of that year (imported from the published list) that title is returned and
    the audit entry says so. Refused when the certificate number belongs to another title.
    Call inside a transaction."""
    held = Title.objects.filter(enterprise=enterprise, level=level, year=year).first()
    if held is not None:
        record_event(
            action, actor=actor, obj=held, changes={"already_held": True, "reason": reason}
        )
        return held
    if certificate_number and Title.objects.filter(certificate_number=certificate_number).exists():
        raise TitleRefused(
            _("The certificate number %(number)s belongs to another title.")
            % {"number": certificate_number}
        )
    title = Title.objects.create(
        enterprise=enterprise,
        level=level,
        year=year,
        source=TitleSource.IMPORTED,
        status=TitleStatus.VALID,
        certificate_number=certificate_number,
        issued_on=issued_on,
        valid_until=valid_until(issued_on, level),
        created_by=actor,
    )
    TitleStatusChange.objects.create(
        title=title, from_status="", to_status=TitleStatus.VALID, reason=reason, actor=actor
    )
    record_event(
        action,
        actor=actor,
        obj=title,
        changes={
            "enterprise": enterprise.uscc,
            "level": level,
            "year": year,
            "certificate_number": certificate_number or "",
            "reason": reason,
        },
    )
    title_granted.send(sender=Title, title=title, actor=actor)
    return title
