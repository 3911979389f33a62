"""Writes on spot-check rounds (抽检轮次): creation, targeted picks, the draw, publication.

The draw is the one step that fixes a round: it records the seed, the cohort with each title's
digest and the sample (``sampling``), opens the round's spot-check batch, opens one application
per enterprise drawn, and puts each title drawn under check.
"""

import re
import secrets

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from greenfactory.accounts.enums import Role
from greenfactory.accounts.models import User
from greenfactory.applications.domain.drafts import open_spot_check_application
from greenfactory.core.domain.audit import record_event
from greenfactory.core.domain.workflow import Move, Workflow, move
from greenfactory.core.refusals import Refused
from greenfactory.notifications.domain.notify import notify
from greenfactory.programme.domain.batches import create_batch, move_batch
from greenfactory.programme.enums import BatchPurpose, BatchState
from greenfactory.titles.domain.title_status import change_title_status
from greenfactory.titles.domain.validity import in_force_q
from greenfactory.titles.enums import TitleStatus

from .. import sampling
from ..enums import DECIDED_STATES, RoundState, SampleKind
from ..models import CohortEntry, SpotCheck, SpotCheckRound, TargetedPick
from .cohort import cohort_titles, ticket_of, titles_in_region

SEED_PATTERN = re.compile(r"^[0-9A-Za-z._-]{4,64}$")
MAX_REASON = 2000


class RoundRefused(Refused):
    """The round cannot take this step now; the message says why."""


# The settings of a round, in the order the round form shows them.
ROUND_FIELDS = (
    "year",
    "title",
    "cohort_years",
    "levels",
    "sample_count",
    "sample_ratio",
    "stratified",
    "submission_deadline",
    "indicator_system",
    "reference_batch",
)


@transaction.atomic
def create_round(*, actor, region, **fields) -> SpotCheckRound:
    """A draft round of the officer's region. Side effects: audit entry."""
    if not actor.has_perm("supervision.create_round"):
        raise PermissionDenied
    if not actor.region.contains(region):
        raise PermissionDenied
    round_ = SpotCheckRound(region=region, created_by=actor, **fields)
    _check_settings(round_)
    round_.save()
    record_event(
        "supervision.round.created",
        actor=actor,
        obj=round_,
        changes={
            "title": round_.title,
            "year": round_.year,
            "cohort_years": round_.cohort_years,
            "levels": round_.levels,
            "sample_count": round_.sample_count,
            "sample_ratio": str(round_.sample_ratio) if round_.sample_ratio is not None else None,
            "stratified": round_.stratified,
        },
    )
    return round_


def _check_settings(round_: SpotCheckRound) -> None:
    if (round_.sample_count is None) == (round_.sample_ratio is None):
        raise RoundRefused(_("Give either the number to draw or the share to draw, not both."))
    if round_.sample_ratio is not None and not 0 < round_.sample_ratio <= 1:
        raise RoundRefused(_("The share to draw must be above 0 and at most 1."))
    if round_.submission_deadline <= timezone.now():
        raise RoundRefused(_("The filing deadline must lie in the future."))
    batch = round_.reference_batch
    if batch.purpose != BatchPurpose.DESIGNATION or not batch.region.contains(round_.region):
        raise RoundRefused(_("Choose a designation batch of the region as the reference."))
    # A round checks the titles of one programme: its indicator system's (decisions §72).
    if round_.indicator_system_id and batch.programme != round_.indicator_system.programme:
        raise RoundRefused(
            _("Choose a reference batch of the indicator system's programme (%(programme)s).")
            % {"programme": round_.indicator_system.get_programme_display()}
        )


def _locked(round_: SpotCheckRound, actor) -> SpotCheckRound:
    current = (
        SpotCheckRound.objects.select_for_update(of=("self",))
        .select_related("region", "reference_batch", "indicator_system")
        .get(pk=round_.pk)
    )
    if not actor.has_perm("supervision.run_round", current):
        raise PermissionDenied
    return current


def pick_title(round_: SpotCheckRound, title, *, actor, reason: str) -> TargetedPick:
    """Choose a title to check on purpose (定向抽检), with the reason (e.g. its yearly filing
    was flagged). Only before the draw, only a valid title of the round's region and levels.
    Side effects: audit entry."""
    reason = (reason or "").strip()
    with transaction.atomic():
        current = _locked(round_, actor)
        if current.state != RoundState.DRAFT:
            raise RoundRefused(_("The sample has been drawn; no title can be added now."))
        if not reason:
            raise RoundRefused(_("Give the reason for checking this title on purpose."))
        if len(reason) > MAX_REASON:
            raise RoundRefused(
                _("The reason is longer than %(max)s characters.") % {"max": MAX_REASON}
            )
        if (
            not titles_in_region(current)
            .filter(in_force_q(), pk=title.pk, status=TitleStatus.VALID)
            .exists()
        ):
            raise RoundRefused(_("Only a valid title of the round's region and levels is checked."))
        try:
            with transaction.atomic():
                pick = TargetedPick.objects.create(
                    round=current, title=title, reason=reason, chosen_by=actor
                )
        except IntegrityError as error:
            raise RoundRefused(_("This title is already chosen for the round.")) from error
        record_event(
            "supervision.round.title_picked",
            actor=actor,
            obj=current,
            changes={"title": ticket_of(title), "reason": reason},
        )
    return pick


def unpick_title(pick: TargetedPick, *, actor) -> None:
    """Take a targeted title off the round before the draw. Side effects: audit entry."""
    with transaction.atomic():
        current = _locked(pick.round, actor)
        if current.state != RoundState.DRAFT:
            raise RoundRefused(_("The sample has been drawn; the list is fixed."))
        ticket = ticket_of(pick.title)
        TargetedPick.objects.filter(pk=pick.pk).delete()
        record_event(
            "supervision.round.title_unpicked", actor=actor, obj=current, changes={"title": ticket}
        )


def draw_sample(round_: SpotCheckRound, *, actor, seed: str = "") -> SpotCheckRound:
    """Draw the round's sample and start the checks.

    Refused after a draw, for a seed used by another round, for a sample larger than the
    cohort, or with nothing to check. Side effects, in one transaction under the round's row
    lock: the seed, cohort date and every cohort entry with its ticket and digest; the round's
    spot-check batch created and opened (window until the filing deadline, settings as in the
    reference batch); one application per enterprise drawn (``open_spot_check_application``);
    one ``SpotCheck`` per title, random or targeted; each title put under check
    (``change_title_status``, which tells the enterprise); a message to the enterprise's users
    and the district officers; an audit entry with the seed, the method and the sample.
    """
    seed = (seed or "").strip() or secrets.token_hex(8)
    if not SEED_PATTERN.match(seed):
        raise RoundRefused(_("A seed is 4 to 64 letters, digits, dots, hyphens or underscores."))
    try:
        with transaction.atomic():
            return _draw(round_, actor=actor, seed=seed)
    except IntegrityError as error:
        if SpotCheckRound.objects.filter(seed=seed).exclude(pk=round_.pk).exists():
            raise _seed_used(seed) from error
        raise


def _seed_used(seed: str) -> RoundRefused:
    other = SpotCheckRound.objects.filter(seed=seed).first()
    return RoundRefused(
        _("The seed “%(seed)s” was used by the round “%(round)s”; choose another.")
        % {"seed": seed, "round": other.title if other else "-"}
    )


ROUND_MOVES = {
    (RoundState.DRAFT, RoundState.DRAWN): Move("supervision.run_round", "supervision.round.drawn"),
    (RoundState.DRAWN, RoundState.PUBLISHED): Move(
        "supervision.run_round", "supervision.round.published"
    ),
}

ROUND_REFUSALS = {
    RoundState.DRAWN: gettext_lazy("The sample of this round has already been drawn."),
    RoundState.PUBLISHED: gettext_lazy(
        "Only a drawn round whose checks are decided can be published."
    ),
}

WORKFLOW = Workflow(
    name=gettext_lazy("Spot-check round"),
    model=SpotCheckRound,
    states=RoundState,
    table=ROUND_MOVES,
    refused=RoundRefused,
    wrong_state=lambda current, to: str(ROUND_REFUSALS[to]),
    related=("region", "reference_batch", "indicator_system"),
    initial=RoundState.DRAFT,
)


def _draw(round_: SpotCheckRound, *, actor, seed: str) -> SpotCheckRound:
    today = timezone.localdate()
    plan = {}

    def check(current):
        if SpotCheckRound.objects.filter(seed=seed).exclude(pk=current.pk).exists():
            raise _seed_used(seed)
        cohort = cohort_titles(current, today)
        picks = list(current.picks.select_related("title__enterprise__district"))
        n = sampling.sample_size(
            len(cohort), count=current.sample_count, ratio=current.sample_ratio
        )
        if n > len(cohort):
            raise RoundRefused(
                _(
                    "The sample (%(n)s) is larger than the cohort (%(cohort)s titles): draw "
                    "fewer, or widen the cohort."
                )
                % {"n": n, "cohort": len(cohort)}
            )
        if n == 0 and not picks:
            raise RoundRefused(
                _("The cohort is empty and no title is chosen: there is nothing to check.")
            )
        plan.update(cohort=cohort, picks=picks, n=n)

    def effects(current):
        cohort, picks = plan["cohort"], plan["picks"]
        by_ticket = {ticket_of(title): title for title in cohort}
        tickets = [
            sampling.Ticket(
                key, by_ticket[key].enterprise.district.code if current.stratified else ""
            )
            for key in by_ticket
        ]
        drawn = {
            ticket.key
            for ticket in sampling.draw(
                tickets, seed=seed, n=plan["n"], stratified=current.stratified
            )
        }
        CohortEntry.objects.bulk_create(
            CohortEntry(
                round=current,
                title=by_ticket[ticket.key],
                ticket=ticket.key,
                stratum=ticket.stratum,
                digest=sampling.digest(seed, ticket.key),
                drawn=ticket.key in drawn,
            )
            for ticket in tickets
        )
        current.seed, current.cohort_date = seed, today
        current.drawn_at, current.drawn_by = timezone.now(), actor
        current.batch = _open_batch(current, actor)
        checked = [(by_ticket[key], SampleKind.RANDOM, "") for key in sorted(drawn)]
        checked += [(pick.title, SampleKind.TARGETED, pick.reason) for pick in picks]
        _start_checks(current, checked, actor)
        return {
            "seed": seed,
            "method": current.method,
            "cohort_date": today.isoformat(),
            "cohort": len(cohort),
            "sample": sorted(drawn),
            "targeted": [ticket_of(pick.title) for pick in picks],
            "batch": current.batch.code,
        }

    return move(round_, RoundState.DRAWN, actor=actor, check=check, effects=effects)


def _start_checks(current: SpotCheckRound, checked, actor) -> None:
    """One check per title drawn or picked, one application per enterprise, each title put
    under check and its enterprise and district told."""
    applications = {}
    for title, kind, reason in checked:
        enterprise = title.enterprise
        if enterprise.pk not in applications:
            applications[enterprise.pk] = open_spot_check_application(
                current.batch, enterprise, actor=actor, title_code=ticket_of(title)
            )
        check = SpotCheck.objects.create(
            round=current,
            title=title,
            kind=kind,
            reason=reason,
            application=applications[enterprise.pk],
        )
        change_title_status(
            title,
            TitleStatus.UNDER_CHECK,
            actor=actor,
            reason=_("Drawn for the spot check “%(round)s”.") % {"round": current.title},
        )
        _tell_drawn(check)


def _open_batch(round_: SpotCheckRound, actor):
    reference = round_.reference_batch
    batch = create_batch(
        actor=actor,
        region=round_.region,
        year=round_.year,
        title=round_.title,
        programme=round_.indicator_system.programme,
        purpose=BatchPurpose.SPOT_CHECK,
        opens_at=timezone.now(),
        closes_at=round_.submission_deadline,
        indicator_system=round_.indicator_system,
        coefficient_table=reference.coefficient_table,
        grid_factor=reference.grid_factor,
        pass_threshold=reference.pass_threshold,
        experts_per_application=reference.experts_per_application,
        aggregation_rule=reference.aggregation_rule,
        divergence_threshold=reference.divergence_threshold,
        same_district_conflict=reference.same_district_conflict,
        third_party_report_required=reference.third_party_report_required,
    )
    return move_batch(batch, BatchState.OPEN, actor=actor)


def _tell_drawn(check: SpotCheck) -> None:
    enterprise = check.title.enterprise
    users = User.objects.filter(role=Role.ENTERPRISE, enterprise=enterprise, is_active=True)
    officers = User.objects.filter(
        role=Role.DISTRICT_OFFICER, region=enterprise.district, is_active=True
    )
    deadline = timezone.localtime(check.round.submission_deadline).strftime("%Y-%m-%d %H:%M")
    with translation.override("zh-hans"):
        subject = _("Spot check: %(enterprise)s is to file by %(deadline)s") % {
            "enterprise": enterprise.name,
            "deadline": deadline,
        }
        body = _(
            "The title %(title)s is under check. File the three-year summary, the new "
            "self-evaluation and the self-evaluation report by the deadline."
        ) % {"title": ticket_of(check.title)}
    notify(
        [*users, *officers],
        subject=subject,
        body=body,
        url=reverse("supervision:check", args=[check.code]),
    )


def publish_results(round_: SpotCheckRound, *, actor) -> SpotCheckRound:
    """Publish the round's outcomes on the public site (``ROUND_MOVES``, through
    ``core.domain.workflow.move``). Refused while a check has no outcome.
    Side effects: the round published; audit entry with the count of each outcome."""

    def check(current):
        undecided = current.checks.exclude(state__in=DECIDED_STATES).count()
        if undecided:
            raise RoundRefused(
                _("%(n)s checks have no outcome yet; decide them before publishing.")
                % {"n": undecided}
            )

    def effects(current):
        current.published_at = timezone.now()
        counts = {}
        for state in current.checks.values_list("state", flat=True):
            counts[state] = counts.get(state, 0) + 1
        return counts

    return move(round_, RoundState.PUBLISHED, actor=actor, check=check, effects=effects)
