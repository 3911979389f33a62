"""我的待办: what waits for each user, as a list of tasks that each lead to the page doing it.

Each task is counted in one query within the officer's scope (the same reads the pages use), so
the home page costs the same however much waits. A task with nothing waiting is not listed.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from greenfactory.accounts.enums import EnterpriseStatus
from greenfactory.applications.domain.queries import applications_visible_to
from greenfactory.applications.domain.submission import submission_problems
from greenfactory.applications.enums import EDITABLE_STATES, ApplicationState
from greenfactory.applications.models import Application
from greenfactory.filings.domain.queries import filings_visible_to, rules_for, years_due
from greenfactory.filings.enums import EDITABLE_STATES as FILING_EDITABLE_STATES
from greenfactory.filings.enums import FILED_STATES, FilingState
from greenfactory.programme.domain.queries import batches_visible_to
from greenfactory.programme.enums import BatchState
from greenfactory.recognition.domain.notice_queries import objections_visible_to, open_notices
from greenfactory.recognition.domain.ranking import RANKABLE_BATCH_STATES
from greenfactory.recognition.domain.ranking_queries import IN_REVIEW_STATES
from greenfactory.recognition.enums import OPEN_OBJECTION_STATES
from greenfactory.recognition.models import Ranking
from greenfactory.reviews.domain.expert_queries import assignments_visible_to
from greenfactory.reviews.domain.queries import audits_visible_to
from greenfactory.reviews.enums import AuditStatus
from greenfactory.reviews.models import ExpertAssignment
from greenfactory.rewards.domain.queries import entries_visible_to
from greenfactory.rewards.enums import LedgerStatus
from greenfactory.supervision.domain.queries import open_checks_of
from greenfactory.supervision.enums import CheckState


@dataclass(frozen=True)
class Task:
    text: str
    url: str
    count: int | None = None
    # What is still missing, for the one task where the enterprise must act on a list.
    details: tuple[str, ...] = ()


# How many of a draft's submission problems the task shows; the rest are counted.
DETAILS_SHOWN = 5


def city_tasks(user) -> list[Task]:
    """The city bureau's: batches to open or close, audits to schedule, experts to assign,
    reviews to complete, rankings to compute, objections to decide, notices to close, rewards
    to approve."""
    now = timezone.now()
    tasks = []
    calls = batches_visible_to(user).calls()
    for batch in calls.filter(state=BatchState.DRAFT).order_by("opens_at")[:5]:
        tasks.append(
            Task(
                _("Open the batch “%(title)s” once its settings are checked")
                % {"title": batch.title},
                reverse("programme:batch_detail", args=[batch.code]),
            )
        )
    for batch in calls.filter(state=BatchState.OPEN, closes_at__lte=now)[:5]:
        tasks.append(
            Task(
                _("Close the batch “%(title)s”: its window ended on %(day)s")
                % {"title": batch.title, "day": f"{timezone.localtime(batch.closes_at):%Y-%m-%d}"},
                reverse("programme:batch_detail", args=[batch.code]),
            )
        )
    counts = applications_visible_to(user).aggregate(
        recommended=Count("pk", filter=Q(state=ApplicationState.RECOMMENDED)),
        audited=Count("pk", filter=Q(state=ApplicationState.AUDITED)),
        scored=Count(
            "pk",
            filter=Q(state=ApplicationState.EXPERT_REVIEW)
            & ~Q(
                Exists(
                    ExpertAssignment.objects.filter(
                        application=OuterRef("pk"), submitted_at__isnull=True
                    )
                )
            ),
        ),
    )
    audits = reverse("reviews:audit_list")
    if counts["recommended"]:
        tasks.append(
            Task(
                _("Recommended applications to schedule an on-site audit for"),
                audits,
                counts["recommended"],
            )
        )
    if counts["audited"]:
        tasks.append(
            Task(_("Audited applications to assign experts to"), audits, counts["audited"])
        )
    if counts["scored"]:
        tasks.append(
            Task(
                _("Expert reviews with every score in, to complete"),
                reverse("applications:application_list") + "?state=expert_review",
                counts["scored"],
            )
        )
    # Rankable as ``recognition.domain.ranking.compute_ranking`` decides: a batch in review,
    # not ranked yet, with no application left in review (its own definitions, not a copy).
    applications = Application.objects.filter(batch=OuterRef("pk"))
    ready = (
        calls.filter(state__in=RANKABLE_BATCH_STATES)
        .exclude(Exists(Ranking.objects.filter(batch=OuterRef("pk"))))
        .exclude(Exists(applications.filter(state__in=IN_REVIEW_STATES)))
        .filter(Exists(applications.filter(state=ApplicationState.REVIEWED)))
    )
    for batch in ready[:5]:
        tasks.append(
            Task(
                _("Compute the ranking of “%(title)s”: every application is reviewed")
                % {"title": batch.title},
                reverse("recognition:ranking", args=[batch.code]),
            )
        )
    objections = objections_visible_to(user).filter(state__in=OPEN_OBJECTION_STATES).count()
    if objections:
        tasks.append(
            Task(
                _("Objections to investigate and decide"),
                reverse("recognition:notice_list"),
                objections,
            )
        )
    today = timezone.localdate()
    for notice in open_notices(today).filter(ends_on__lt=today).select_related("batch")[:5]:
        tasks.append(
            Task(
                _("Close the public notice “%(title)s”: it ended on %(day)s")
                % {"title": notice.title, "day": f"{notice.ends_on:%Y-%m-%d}"},
                reverse("recognition:notice_manage", args=[notice.batch.code]),
            )
        )
    due = entries_visible_to(user).filter(status=LedgerStatus.DUE).count()
    if due:
        tasks.append(
            Task(
                _("Reward entries to approve"),
                reverse("rewards:ledger") + f"?status={LedgerStatus.DUE}",
                due,
            )
        )
    return tasks


def district_tasks(user) -> list[Task]:
    """The district bureau's, beside its pre-review and registrations: filings to review."""
    filed = filings_visible_to(user).filter(state=FilingState.SUBMITTED).count()
    if not filed:
        return []
    return [
        Task(
            _("Yearly filings to review"),
            reverse("filings:district_list") + "?show=filed",
            filed,
        )
    ]


def _day(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d}"


def _missing(application) -> tuple[str, ...]:
    problems = [str(problem) for problem in submission_problems(application)]
    if len(problems) > DETAILS_SHOWN:
        rest = len(problems) - DETAILS_SHOWN
        problems = [
            *problems[:DETAILS_SHOWN],
            ngettext("and %(n)s more", "and %(n)s more", rest) % {"n": rest},
        ]
    return tuple(problems)


def enterprise_tasks(user) -> list[Task]:
    """The enterprise's: its registration returned, applications to finish or revise (the
    application's own editable states), audit records to acknowledge, spot-check
    rectifications to report, and yearly filings due (``filings`` decides which years are due
    and which states count as filed). A constant number of queries."""
    enterprise = user.enterprise
    if enterprise is None:
        return []
    tasks = []
    if enterprise.status == EnterpriseStatus.REJECTED:
        tasks.append(
            Task(
                _("Correct your profile: the district bureau returned your registration"),
                reverse("accounts:profile"),
            )
        )
    applications = (
        applications_visible_to(user)
        .filter(state__in=EDITABLE_STATES)
        .select_related("batch")
        .order_by("batch__closes_at")[:10]
    )
    missing_told = False
    for application in applications:
        url = reverse("applications:application_detail", args=[application.code])
        details = ()
        if application.state == ApplicationState.RETURNED:
            text = _(
                "Revise your application to “%(title)s” as the district bureau's comments ask, "
                "and submit it again"
            ) % {"title": application.batch.title}
        else:
            text = _("Finish your application to “%(title)s” and submit it by %(day)s") % {
                "title": application.batch.title,
                "day": _day(application.batch.closes_at),
            }
            if not missing_told:
                # What is missing, for the draft that closes first only: the same check as
                # submission, at the same cost however many drafts there are.
                details = _missing(application)
                missing_told = True
        tasks.append(Task(text, url, details=details))
    audits = audits_visible_to(user).filter(
        status=AuditStatus.COMPLETED, acknowledged_at__isnull=True
    )[:10]
    for audit in audits:
        tasks.append(
            Task(
                _("Read and acknowledge the on-site audit record of %(day)s")
                % {"day": _day(audit.scheduled_for)},
                reverse("reviews:audit_detail", args=[audit.code]),
            )
        )
    checks = open_checks_of(user).filter(state=CheckState.RECTIFYING).select_related("round")
    for check in checks[:10]:
        tasks.append(
            Task(
                _("Rectify and report it for the spot check “%(title)s” by %(day)s")
                % {
                    "title": check.round.title,
                    "day": f"{check.rectify_by:%Y-%m-%d}" if check.rectify_by else "—",
                },
                reverse("supervision:check", args=[check.code]),
            )
        )
    years = years_due(enterprise)
    if years:
        filings = {
            filing.year: filing for filing in filings_visible_to(user).filter(year__in=years)
        }
        rules = rules_for(enterprise.district)
        for year in years:
            filing = filings.get(year)
            if filing is not None and filing.state in FILED_STATES:
                continue
            if filing is not None and filing.state == FilingState.RETURNED:
                text = _("Correct your yearly filing of %(year)s as the district bureau asks")
            elif filing is not None and filing.state in FILING_EDITABLE_STATES:
                text = _("Finish and submit your yearly filing of %(year)s (due %(day)s)")
            else:
                text = _("File your key indicators of %(year)s (due %(day)s)")
            url = (
                reverse("filings:edit", args=[filing.code])
                if filing is not None
                else reverse("filings:enterprise_list")
            )
            tasks.append(
                Task(text % {"year": year, "day": f"{rules.deadline(year):%Y-%m-%d}"}, url)
            )
    return tasks


def expert_tasks(user) -> list[Task]:
    """The expert's: each scoring sheet assigned and not yet submitted, oldest first, and each
    on-site audit of its team still scheduled. Two queries."""
    tasks = []
    sheets = (
        assignments_visible_to(user)
        .filter(expert=user, submitted_at__isnull=True)
        .select_related("application__enterprise", "application__batch")
        .order_by("assigned_at")[:20]
    )
    for assignment in sheets:
        tasks.append(
            Task(
                _("Score “%(enterprise)s” (%(title)s), assigned on %(day)s")
                % {
                    "enterprise": assignment.application.enterprise.name,
                    "title": assignment.application.batch.title,
                    "day": _day(assignment.assigned_at),
                },
                reverse("reviews:expert_score", args=[assignment.code]),
            )
        )
    audits = audits_visible_to(user).filter(status=AuditStatus.SCHEDULED).order_by("scheduled_for")
    for audit in audits[:10]:
        tasks.append(
            Task(
                _("On-site audit of “%(enterprise)s” on %(day)s: record the findings")
                % {
                    "enterprise": audit.application.enterprise.name,
                    "day": _day(audit.scheduled_for),
                },
                reverse("reviews:audit_detail", args=[audit.code]),
            )
        )
    return tasks
