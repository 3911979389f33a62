"""Writes of the yearly filing: open it, save its figures, submit, accept, return; and the
bureau's deadline settings.

Every function checks the actor's permission (``rules.py``), locks the filing row, writes, and
records an audit entry in one transaction. The state moves only through ``transition``, by the
table ``MOVES``; each move writes a ``FilingStatusChange`` and tells the other side.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from greenfactory.accounts.domain.queries import officers_over
from greenfactory.accounts.enums import Role
from greenfactory.accounts.models import User
from greenfactory.accounts.scope import covering
from greenfactory.applications.models import PERFORMANCE_FIELDS
from greenfactory.core.domain.audit import changed_fields, record_event, snapshot
from greenfactory.core.domain.workflow import Edits, Move, Workflow, check_edit, move
from greenfactory.core.refusals import Refused, StaleEdit
from greenfactory.notifications.domain.notify import notify
from greenfactory.programme.enums import BatchState
from greenfactory.programme.models import Batch
from greenfactory.titles.domain.validity import in_force_q
from greenfactory.titles.models import Title

from ..enums import EDITABLE_STATES, Adjustment, FilingState, SiteAssessmentState
from ..models import AnnualFiling, FilingSettings, FilingStatusChange
from ..signals import filing_submitted
from .flags import indicator_flags
from .policies import policy_for
from .queries import held_level, is_due, previous_filing, rules_for


class FilingRefused(Refused):
    """A change that cannot be made as asked; the message says why."""


class FilingProblems(FilingRefused):
    """The filing cannot be submitted: every problem is listed."""

    def __init__(self, problems: list[str]):
        super().__init__(*problems)


# What a save may change: the performance data and the figures as reported.
FILING_FIELDS = (*PERFORMANCE_FIELDS, "reported", "year_summary", "next_year_plan")

MOVES = {
    (FilingState.DRAFT, FilingState.SUBMITTED): Move(
        "filings.submit_filing", "filings.filing.submitted"
    ),
    (FilingState.RETURNED, FilingState.SUBMITTED): Move(
        "filings.submit_filing", "filings.filing.submitted"
    ),
    (FilingState.SUBMITTED, FilingState.ACCEPTED): Move(
        "filings.review_filing", "filings.filing.accepted"
    ),
    (FilingState.SUBMITTED, FilingState.RETURNED): Move(
        "filings.review_filing", "filings.filing.returned", needs_reason=True
    ),
    # Provincial and national titles (the level's policy says so): the city reviews after the
    # district, and gives its 动态调整意见 or returns the filing to the enterprise.
    (FilingState.ACCEPTED, FilingState.CITY_REVIEWED): Move(
        "filings.city_review_filing", "filings.filing.city_reviewed"
    ),
    (FilingState.ACCEPTED, FilingState.RETURNED): Move(
        "filings.city_review_filing", "filings.filing.returned_by_city", needs_reason=True
    ),
}


def _lock(filing: AnnualFiling) -> AnnualFiling:
    return (
        AnnualFiling.objects.select_for_update(of=("self",))
        .select_related("enterprise__district", "reference_batch")
        .get(pk=filing.pk)
    )


def reference_batch_for(enterprise) -> Batch | None:
    """Whose requirements and coefficients a factory's filing is measured by: the batch that
    designated its latest held title, else the latest designation batch (not a draft) of a
    region containing the factory."""
    title = (
        Title.objects.filter(in_force_q(), enterprise=enterprise, batch__isnull=False)
        .select_related("batch")
        .order_by("-year", "-pk")
        .first()
    )
    if title is not None:
        return title.batch
    district = enterprise.district
    return (
        Batch.objects.calls()
        .exclude(state=BatchState.DRAFT)
        .filter(covering(district, via="region"))
        .order_by("-year", "-opens_at")
        .first()
    )


def designation_of(enterprise):
    """The application that won the factory's latest held title designated on the platform."""
    title = (
        Title.objects.filter(in_force_q(), enterprise=enterprise, application__isnull=False)
        .select_related("application__batch__coefficient_table", "application__batch__grid_factor")
        .order_by("-year", "-pk")
        .first()
    )
    return title.application if title is not None else None


def open_filing(year: int, *, actor) -> AnnualFiling:
    """Open the enterprise's filing of ``year`` as a draft, or return the one already open.

    Refused for a year not yet over and for a factory that holds no title due that year.
    Side effects: audit entry ``filings.filing.opened``."""
    if not actor.has_perm("filings.file"):
        raise PermissionDenied
    enterprise = actor.enterprise
    if year >= timezone.localdate().year:
        raise FilingRefused(
            _("The data of %(year)s can be filed once the year is over.") % {"year": year}
        )
    existing = AnnualFiling.objects.filter(enterprise=enterprise, year=year).first()
    if existing is not None:
        return existing
    if not is_due(enterprise, year):
        raise FilingRefused(
            _("Your factory held no green-factory title in %(year)s and files nothing for it.")
            % {"year": year}
        )
    batch = reference_batch_for(enterprise)
    if batch is None:
        raise FilingRefused(
            _("The bureau has no designation batch yet whose requirements a filing is measured by.")
        )
    try:
        with transaction.atomic():
            level = held_level(enterprise, year)
            filing = AnnualFiling.objects.create(
                enterprise=enterprise,
                year=year,
                reference_batch=batch,
                level=level,
                created_by=actor,
            )
            record_event(
                "filings.filing.opened",
                actor=actor,
                obj=filing,
                changes={"year": year, "reference_batch": batch.code, "level": level},
            )
    except IntegrityError:
        return AnnualFiling.objects.get(enterprise=enterprise, year=year)
    return filing


@transaction.atomic
def save_filing(filing: AnnualFiling, *, actor, data: dict, revision: int | None) -> AnnualFiling:
    """Save the filing's performance figures (the fields of ``PerformanceFigures``) and the
    key figures as the enterprise reports them (``reported``, ``domain/reported.py``).

    Checks the ``revision`` the user's page was built on, so two people of the enterprise
    editing at once are told instead of overwriting each other. Side effects: audit entry
    ``filings.filing.saved`` with what changed."""
    current = _lock(filing)
    check_edit(actor, current)
    if revision is not None and revision != current.revision:
        raise StaleEdit(
            _(
                "Someone else of your enterprise saved this filing at %(time)s. Your entries "
                "are still on the page: check them and save again to keep them."
            )
            % {"time": timezone.localtime(current.updated_at).strftime("%H:%M:%S")}
        )
    before = snapshot(current, FILING_FIELDS)
    for name in FILING_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    current.revision += 1
    current.save()
    changes = changed_fields(before, snapshot(current, FILING_FIELDS))
    if changes:
        record_event("filings.filing.saved", actor=actor, obj=current, changes=changes)
    return current


def submission_problems(filing: AnnualFiling) -> list[str]:
    """Everything that keeps the filing from being submitted, all at once."""
    problems = []
    if not any(value not in (None, "") for value in (filing.energy or {}).values()):
        problems.append(_("Enter the energy used in the year, by carrier."))
    if filing.output_quantity is None:
        problems.append(_("Enter the output quantity."))
    if not filing.output_unit:
        problems.append(_("Enter the unit of output."))
    if filing.output_value_10k_yuan is None:
        problems.append(_("Enter the output value (10 000 yuan)."))
    if policy_for(filing.level).summary_and_plan:
        if not filing.year_summary.strip():
            problems.append(_("Enter the summary of the year's green work."))
        if not filing.next_year_plan.strip():
            problems.append(_("Enter next year's targets and plan."))
    return problems


def _notify(filing: AnnualFiling, before: str, to: str, *, actor, reason: str = "") -> None:
    """Tell the other side of a move: the district of a submission, the enterprise of the
    district's decision (in Chinese, as every message of the platform)."""
    with translation.override("zh-hans"):
        if to == FilingState.SUBMITTED:
            notify(
                officers_over(filing.enterprise.district, Role.DISTRICT_OFFICER),
                subject=_("%(enterprise)s filed its key indicators of %(year)s")
                % {"enterprise": filing.enterprise.name, "year": filing.year},
                body=_("Please review the yearly filing."),
                url=reverse("filings:detail", args=[filing.code]),
            )
        elif to == FilingState.ACCEPTED:
            _tell_enterprise(
                filing,
                _("Your key-indicator filing of %(year)s was accepted") % {"year": filing.year},
                "",
            )
            if policy_for(filing.level).city_review:
                notify(
                    officers_over(filing.enterprise.district, Role.CITY_OFFICER),
                    subject=_("The district accepted the filing of %(enterprise)s of %(year)s")
                    % {"enterprise": filing.enterprise.name, "year": filing.year},
                    body=_("Please review it and give the adjustment opinion."),
                    url=reverse("filings:detail", args=[filing.code]),
                )
        elif to == FilingState.CITY_REVIEWED:
            _tell_enterprise(
                filing,
                _("The city reviewed your filing of %(year)s: %(adjustment)s")
                % {"year": filing.year, "adjustment": filing.get_adjustment_display()},
                filing.adjustment_reason,
            )
        else:
            _tell_enterprise(
                filing,
                _("Your key-indicator filing of %(year)s was returned for correction")
                % {"year": filing.year},
                filing.return_reason,
            )


WORKFLOW = Workflow(
    name=gettext_lazy("Yearly filing"),
    model=AnnualFiling,
    states=FilingState,
    table=MOVES,
    history=FilingStatusChange,
    history_fk="filing",
    refused=FilingRefused,
    wrong_state=gettext_lazy("A filing that is “%(state)s” cannot become “%(to)s”."),
    reason_missing=gettext_lazy("Give the reason, so the enterprise knows what to correct."),
    lock=lambda pk: _lock(AnnualFiling(pk=pk)),
    notify=_notify,
    initial=FilingState.DRAFT,
    # Its figures: by the enterprise's users, while a draft or returned.
    edits=Edits(
        "filings.change_filing",
        EDITABLE_STATES,
        closed=gettext_lazy("The filing is “%(state)s” and can no longer be changed."),
    ),
)


def transition(filing: AnnualFiling, to: str, *, actor, reason: str = "", also=None):
    """Move the filing along ``MOVES`` (``core.domain.workflow.move``): ``also`` runs on the
    locked row before it is saved. Side effects: a ``FilingStatusChange``, the audit entry
    ``filings.filing.<to>``, the other side told."""
    return move(filing, to, actor=actor, reason=reason, effects=also)


def submit_filing(filing: AnnualFiling, *, actor) -> AnnualFiling:
    """Submit the filing to the district bureau.

    Refused with every problem listed (``FilingProblems``). Computes the flags of the figures
    (``flags.indicator_flags``) and stores them as data. Side effects: state change, status
    change row, audit entry; the district officers are told."""

    def stamp(current):
        problems = submission_problems(current)
        if problems:
            raise FilingProblems(problems)
        rules = rules_for(current.enterprise.district)
        compare = policy_for(current.level).compare_previous_year
        flags = indicator_flags(
            current,
            tolerance=rules.tolerance,
            designation=designation_of(current.enterprise),
            previous=previous_filing(current) if compare else None,
        )
        now = timezone.now()
        current.flags = [flag.as_data() for flag in flags]
        current.submitted_at, current.submitted_by = now, actor
        current.first_submitted_at = current.first_submitted_at or now
        current.return_reason = ""
        filing_submitted.send(sender=AnnualFiling, filing=current)

    return transition(filing, FilingState.SUBMITTED, actor=actor, also=stamp)


def _tell_enterprise(filing: AnnualFiling, subject: str, body: str) -> None:
    notify(
        User.objects.filter(enterprise=filing.enterprise, is_active=True),
        subject=subject,
        body=body,
        url=reverse("filings:edit", args=[filing.code]),
    )


def accept_filing(filing: AnnualFiling, *, actor, opinion: str = "") -> AnnualFiling:
    """The district accepts the filing, with its review opinion (kept on the filing). Side
    effects: state change, status change row, audit entry; the enterprise is told, and where
    the level's policy asks the city's review, the city officers."""

    def stamp(current):
        current.reviewed_at, current.reviewed_by = timezone.now(), actor
        current.district_opinion = (opinion or "").strip()
        return {"opinion": current.district_opinion} if current.district_opinion else None

    return transition(filing, FilingState.ACCEPTED, actor=actor, also=stamp)


def _needs_city_review(current) -> None:
    if not policy_for(current.level).city_review:
        raise FilingRefused(
            _("The filing of a %(level)s ends with the district's acceptance.")
            % {"level": current.get_level_display()}
        )


def city_review_filing(
    filing: AnnualFiling, *, actor, adjustment: str, reason: str = ""
) -> AnnualFiling:
    """The city reviews a filing the district accepted and gives its 动态调整意见: keep, keep
    with rectification, or propose removal to the province (reasons required but for "keep").

    Refused for a level whose policy does not ask the city's review, for an unknown
    opinion, and while a 现场评估 is called and not yet held or cancelled (§80). Side
    effects: state change, status change row, audit entry with the opinion and the assessments
    held; the enterprise is told."""
    reason = (reason or "").strip()
    if adjustment not in Adjustment.values:
        raise FilingRefused(_("Choose the adjustment opinion."))
    if adjustment != Adjustment.KEEP and not reason:
        raise FilingRefused(
            _("Give the reasons of the opinion: they go to the province with the summary.")
        )

    def stamp(current):
        _needs_city_review(current)
        if current.site_assessments.filter(state=SiteAssessmentState.CALLED).exists():
            raise FilingRefused(
                _(
                    "An on-site assessment is called and not yet recorded: record it or cancel "
                    "it before the adjustment opinion."
                )
            )
        current.adjustment, current.adjustment_reason = adjustment, reason
        current.city_reviewed_at, current.city_reviewed_by = timezone.now(), actor
        held = list(
            current.site_assessments.filter(state=SiteAssessmentState.HELD).values_list(
                "code", "outcome"
            )
        )
        return {
            "adjustment": adjustment,
            "site_assessment": current.site_assessment_suggested,
            **({"site_assessments_held": [list(row) for row in held]} if held else {}),
        }

    return transition(filing, FilingState.CITY_REVIEWED, actor=actor, reason=reason, also=stamp)


def city_return_filing(filing: AnnualFiling, *, actor, reason: str) -> AnnualFiling:
    """The city returns a filing the district accepted to the enterprise for correction. Side
    effects: state change, status change row, audit entry; the enterprise is told why."""

    def stamp(current):
        _needs_city_review(current)
        current.city_reviewed_at, current.city_reviewed_by = timezone.now(), actor
        current.return_reason = reason.strip()

    return transition(filing, FilingState.RETURNED, actor=actor, reason=reason, also=stamp)


def return_filing(filing: AnnualFiling, *, actor, reason: str) -> AnnualFiling:
    """The district returns the filing for correction, with the reason. Side effects: state
    change, status change row, audit entry; the enterprise is told why."""

    def stamp(current):
        current.reviewed_at, current.reviewed_by = timezone.now(), actor
        current.return_reason = reason.strip()

    return transition(filing, FilingState.RETURNED, actor=actor, reason=reason, also=stamp)


SETTING_FIELDS = ("deadline_month", "deadline_day", "tolerance_percent")


@transaction.atomic
def set_filing_settings(*, actor, data: dict) -> FilingSettings:
    """The city officer sets the deadline and tolerance of the filings of their region.
    Side effects: audit entry ``filings.settings.changed`` with what changed."""
    if not actor.has_perm("filings.set_deadline"):
        raise PermissionDenied
    region = actor.region
    settings_row = FilingSettings.objects.select_for_update().filter(region=region).first()
    settings_row = settings_row or FilingSettings(region=region)
    before = snapshot(settings_row, SETTING_FIELDS)
    for name in SETTING_FIELDS:
        setattr(settings_row, name, data[name])
    settings_row.updated_by = actor
    settings_row.save()
    changes = changed_fields(before, snapshot(settings_row, SETTING_FIELDS))
    if changes:
        record_event("filings.settings.changed", actor=actor, obj=settings_row, changes=changes)
    return settings_row
