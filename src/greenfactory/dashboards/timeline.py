"""One application's whole history on one page: every step, decision, score and file."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenfactory.recognition.domain.ranking_queries import reason_text
from greenfactory.recognition.models import DecisionEntry, NoticeEntry, ProposalChange, RankingEntry
from greenfactory.reviews.models import (
    DistrictReview,
    ExpertAssignment,
    ExpertResult,
    SiteAudit,
)
from greenfactory.titles.models import Title


@dataclass(frozen=True)
class Event:
    at: datetime
    kind: str
    actor: str
    text: str
    detail: str = ""


def application_timeline(application) -> list[Event]:
    """Events from every step, newest last. A fixed number of queries, whatever the length."""
    events = []
    for change in application.status_changes.select_related("actor"):
        events.append(
            Event(
                change.created_at,
                str(_("Status")),
                str(change.actor or ""),
                f"{change.get_from_state_display()} → {change.get_to_state_display()}",
                change.reason,
            )
        )
    for version in application.versions.select_related("submitted_by"):
        events.append(
            Event(
                version.submitted_at,
                str(_("Version submitted")),
                str(version.submitted_by or ""),
                str(
                    _("Version %(n)s, self score %(score)s")
                    % {"n": version.number, "score": version.self_score}
                ),
            )
        )
    for item in application.evidence_files.select_related("indicator", "uploaded_by"):
        events.append(
            Event(
                item.uploaded_at,
                str(_("File")),
                str(item.uploaded_by or ""),
                item.original_name,
                item.indicator.code if item.indicator_id else item.get_kind_display(),
            )
        )
    reviews = DistrictReview.objects.filter(application=application, decided_at__isnull=False)
    for review in reviews.select_related("reviewer").prefetch_related("comments__indicator"):
        comments = "；".join(f"{c.indicator.code} {c.comment}" for c in review.comments.all())
        events.append(
            Event(
                review.decided_at,
                str(_("District pre-review")),
                str(review.reviewer or ""),
                review.get_decision_display(),
                "\n".join(filter(None, [review.reason, comments])),
            )
        )
    audits = (
        SiteAudit.objects.filter(application=application)
        .select_related("scheduled_by", "acknowledged_by")
        .prefetch_related("findings__indicator")
    )
    for audit in audits:
        events.append(
            Event(
                audit.created_at,
                str(_("On-site audit")),
                str(audit.scheduled_by or ""),
                str(
                    _("Scheduled for %(when)s at %(place)s")
                    % {
                        "when": f"{timezone.localtime(audit.scheduled_for):%Y-%m-%d %H:%M}",
                        "place": audit.location,
                    }
                ),
            )
        )
        if audit.completed_at:
            changed = [
                f"{f.indicator.code}：{f.change_reason}"
                for f in audit.findings.all()
                if f.change_reason
            ]
            events.append(
                Event(
                    audit.completed_at,
                    str(_("On-site audit")),
                    "",
                    str(_("Completed")),
                    "\n".join([audit.conclusion, *changed]),
                )
            )
        if audit.acknowledged_at:
            events.append(
                Event(
                    audit.acknowledged_at,
                    str(_("On-site audit")),
                    str(audit.acknowledged_by or ""),
                    str(_("Acknowledged")),
                )
            )
    for assignment in ExpertAssignment.objects.filter(application=application).select_related(
        "expert", "assigned_by"
    ):
        events.append(
            Event(
                assignment.assigned_at,
                str(_("Expert review")),
                str(assignment.assigned_by or ""),
                str(_("%(expert)s assigned") % {"expert": assignment.expert}),
            )
        )
        if assignment.submitted_at:
            events.append(
                Event(
                    assignment.submitted_at,
                    str(_("Expert review")),
                    str(assignment.expert),
                    str(_("Scores submitted")),
                )
            )
    result = ExpertResult.objects.filter(application=application).first()
    if result is not None:
        events.append(
            Event(
                result.computed_at,
                str(_("Expert review")),
                "",
                str(
                    _("Expert score %(score)s (%(rule)s, %(n)s experts)")
                    % {
                        "score": result.score,
                        "rule": result.get_rule_display(),
                        "n": result.expert_count,
                    }
                ),
                str(_("Experts diverge")) if result.divergent else "",
            )
        )
    events.extend(recognition_events(application))
    return sorted(events, key=lambda event: event.at)


def recognition_events(application) -> list[Event]:
    """Ranking, proposed changes, the decision, the public notice and the title."""
    events = []
    entry = (
        RankingEntry.objects.filter(application=application)
        .select_related("ranking__computed_by")
        .order_by("-ranking__number")
        .first()
    )
    if entry is not None:
        events.append(
            Event(
                entry.ranking.computed_at,
                str(_("Ranking")),
                str(entry.ranking.computed_by or ""),
                str(_("Proposed")) if entry.proposed else str(_("Not proposed")),
                "\n".join(reason_text(reason) for reason in entry.reasons),
            )
        )
    for change in ProposalChange.objects.filter(application=application).select_related(
        "proposed_by"
    ):
        events.append(
            Event(
                change.proposed_at,
                str(_("Ranking")),
                str(change.proposed_by or ""),
                str(_("Proposed to add")) if change.include else str(_("Proposed to remove")),
                change.reason,
            )
        )
    decided = (
        DecisionEntry.objects.filter(application=application)
        .select_related("decision__recorded_by")
        .first()
    )
    if decided is not None:
        events.append(
            Event(
                decided.decision.recorded_at,
                str(_("Party-group decision")),
                str(decided.decision.recorded_by or ""),
                str(_("On the list")) if decided.included else str(_("Not on the list")),
                decided.reason or decided.decision.minutes_reference,
            )
        )
    listed = NoticeEntry.objects.filter(application=application).select_related("notice").first()
    if listed is not None:
        events.append(
            Event(
                listed.notice.published_at,
                str(_("Public notice")),
                "",
                listed.notice.title,
                f"{listed.notice.starts_on:%Y-%m-%d} – {listed.notice.ends_on:%Y-%m-%d}",
            )
        )
        if listed.removed:
            events.append(
                Event(
                    listed.removed_at,
                    str(_("Public notice")),
                    "",
                    str(_("Removed from the list")),
                    listed.removed_reason,
                )
            )
    title = Title.objects.filter(application=application).first()
    if title is not None:
        events.append(
            Event(
                title.created_at,
                str(_("Designation")),
                "",
                f"{title.title_name} {title.year}",
                title.certificate_number or "",
            )
        )
    return events
