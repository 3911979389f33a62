"""Deadline reminders, run daily (cron or a systemd timer): a returned application not yet
resubmitted, and an expert review not yet submitted, are reminded every ``every`` days."""

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from greenfactory.accounts.models import User
from greenfactory.applications.enums import ApplicationState
from greenfactory.applications.models import Application, StatusChange
from greenfactory.notifications.domain.notify import notify

from ..models import ExpertAssignment


def _due(since, today, every: int) -> bool:
    days = (today - timezone.localdate(since)).days
    return days > 0 and days % every == 0


def send_reminders(*, every: int = 7, today=None) -> int:
    today = today or timezone.localdate()
    sent = 0
    with translation.override("zh-hans"):
        returned = Application.objects.filter(state=ApplicationState.RETURNED).select_related(
            "enterprise", "batch"
        )
        for application in returned:
            change = (
                StatusChange.objects.filter(application=application, to_state="returned")
                .order_by("-created_at")
                .first()
            )
            if change is None or not _due(change.created_at, today, every):
                continue
            notify(
                User.objects.filter(enterprise=application.enterprise, is_active=True),
                subject=_("Reminder: %(enterprise)s, please resubmit the revised application")
                % {"enterprise": application.enterprise.name},
                body=_("The application was returned for revision on %(day)s.")
                % {"day": timezone.localdate(change.created_at).isoformat()},
                url=reverse("applications:application_detail", args=[application.code]),
            )
            sent += 1
        waiting = ExpertAssignment.objects.filter(submitted_at__isnull=True).select_related(
            "expert", "application__enterprise"
        )
        for assignment in waiting:
            if not _due(assignment.assigned_at, today, every):
                continue
            notify(
                [assignment.expert],
                subject=_("Reminder: your review of %(enterprise)s is due")
                % {"enterprise": assignment.application.enterprise.name},
                body=_("Assigned on %(day)s; please submit your scores.")
                % {"day": timezone.localdate(assignment.assigned_at).isoformat()},
                url=reverse("reviews:expert_score", args=[assignment.code]),
            )
            sent += 1
    return sent
