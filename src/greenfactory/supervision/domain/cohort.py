"""Who may be drawn: the cohort of a round (抽检对象范围).

A title is in the cohort when it is valid and in force on the cohort date
(``titles.domain.validity``), of the programme and a level the round checks (the programme of
the round's indicator system, decisions §72), held by an enterprise of
the round's region, and neither granted nor checked within the round's number of years: the
later of its date of issue and the cohort date of its last check lies at least ``cohort_years``
before the round's cohort date. A title chosen on purpose (targeted) is checked beside the
sample and is not drawn again.
"""

from datetime import date

from django.db.models import Max

from greenfactory.accounts.scope import inside
from greenfactory.core.dates import years_after
from greenfactory.programme.enums import Programme
from greenfactory.titles.domain.validity import in_force_q
from greenfactory.titles.enums import TitleStatus
from greenfactory.titles.models import Title

from ..models import SpotCheck, SpotCheckRound


def titles_in_region(round_: SpotCheckRound):
    """The round's region and levels, of the programme of its indicator system (§72; a round
    previewed before its system is chosen: the green factory's)."""
    programme = (
        round_.indicator_system.programme if round_.indicator_system_id else Programme.GREEN_FACTORY
    )
    return Title.objects.filter(
        inside(round_.region, via="enterprise__district"),
        level__in=round_.levels,
        programme=programme,
    )


def cohort_titles(round_: SpotCheckRound, on: date) -> list[Title]:
    """The cohort on the day ``on``, ordered by certificate number (two queries)."""
    cutoff = years_after(on, -round_.cohort_years)
    candidates = titles_in_region(round_).filter(
        in_force_q(on), status=TitleStatus.VALID, issued_on__lte=cutoff
    )
    if round_.pk is not None:  # an unsaved round previews the cohort; it has no picks yet
        candidates = candidates.exclude(pk__in=round_.picks.values("title"))
    titles = list(
        candidates.select_related("enterprise__district").order_by("certificate_number", "code")
    )
    last_checked = dict(
        SpotCheck.objects.filter(title__in=[title.pk for title in titles])
        .values("title")
        .annotate(last=Max("round__cohort_date"))
        .values_list("title", "last")
    )
    return [
        title
        for title in titles
        if last_checked.get(title.pk) is None or last_checked[title.pk] <= cutoff
    ]


def ticket_of(title: Title) -> str:
    """The text a title is drawn by: its certificate number, or its code when it has none."""
    return title.certificate_number or title.code
