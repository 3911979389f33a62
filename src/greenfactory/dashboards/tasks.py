"""我的待办: what waits for each officer, as a list of tasks that each lead to the page doing it.

Each task is counted in one query within the officer's scope (the same reads the pages use), so
the home page costs the same however much waits. A task with nothing waiting is not listed.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from greenfactory.applications.domain.queries import applications_visible_to
from greenfactory.applications.enums import ApplicationState
from greenfactory.applications.models import Application
from greenfactory.filings.domain.queries import filings_visible_to
from greenfactory.filings.enums import FilingState
from greenfactory.programme.domain.queries import batches_visible_to
from greenfactory.programme.enums import BatchState
from greenfactory.recognition.domain.notice_queries import objections_visible_to, open_notices
from greenfactory.recognition.domain.ranking import RANKABLE_BATCH_STATES
from greenfactory.recognition.domain.ranking_queries import IN_REVIEW_STATES
from greenfactory.recognition.enums import OPEN_OBJECTION_STATES
from greenfactory.recognition.models import Ranking
from greenfactory.reviews.models import ExpertAssignment
from greenfactory.rewards.domain.queries import entries_visible_to
from greenfactory.rewards.enums import LedgerStatus


@dataclass(frozen=True)
class Task:
    text: str
    url: str
    count: int | None = None


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
