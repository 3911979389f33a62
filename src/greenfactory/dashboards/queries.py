"""Read-only figures for the home pages. Each function costs a fixed number of queries."""

from collections import defaultdict

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Count, Q

from greenfactory.accounts.domain.queries import accounts_visible_to, enterprises_visible_to
from greenfactory.accounts.enums import EnterpriseStatus
from greenfactory.accounts.models import Region
from greenfactory.accounts.scope import inside
from greenfactory.applications.domain.queries import applications_visible_to
from greenfactory.applications.enums import ApplicationState
from greenfactory.core.models import AuditEvent
from greenfactory.reviews.domain.expert_queries import assignments_visible_to
from greenfactory.reviews.domain.queries import audits_visible_to, district_queue


def pending_enterprises_for(user, limit=10):
    return list(
        enterprises_visible_to(user)
        .filter(status=EnterpriseStatus.PENDING)
        .order_by("created_at")[:limit]
    )


def enterprise_counts_by_district(user):
    """Registered / confirmed / pending enterprises per district of the officer's region."""
    if not user.region_id:
        return []
    return list(
        Region.objects.filter(inside(user.region), level="district")
        .annotate(
            total=Count("enterprises"),
            confirmed=Count(
                "enterprises", filter=Q(enterprises__status=EnterpriseStatus.CONFIRMED)
            ),
            pending=Count("enterprises", filter=Q(enterprises__status=EnterpriseStatus.PENDING)),
        )
        .order_by("code")
    )


def accounts_without_role(user, limit=10):
    return list(accounts_visible_to(user).filter(role="").order_by("-date_joined")[:limit])


def locked_usernames(limit=20):
    return list(
        AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-attempt_time")
        .values_list("username", flat=True)[:limit]
    )


def recent_audit_events(limit=10):
    return list(AuditEvent.objects.order_by("-seq")[:limit])


def awaiting_pre_review(user, limit=10):
    queue = district_queue(user).filter(state=ApplicationState.SUBMITTED).order_by("submitted_at")
    return list(queue[:limit])


def audits_for(user, limit=10):
    return list(audits_visible_to(user).order_by("-scheduled_for")[:limit])


def batch_pipeline(user, batch):
    """Applications of a batch per district and state, as rows for a table (one query)."""
    counts = (
        applications_visible_to(user)
        .filter(batch=batch)
        .values("enterprise__district__code", "enterprise__district__name", "state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    table: dict = defaultdict(lambda: defaultdict(int))
    names = {}
    for row in counts:
        code = row["enterprise__district__code"]
        names[code] = row["enterprise__district__name"]
        table[code][row["state"]] += row["n"]
    states = [s for s in ApplicationState if s != ApplicationState.DRAFT]
    rows = [
        {
            "district": names[code],
            "cells": [table[code][s] for s in states],
            "total": sum(table[code].values()),
        }
        for code in sorted(table)
    ]
    totals = [sum(row["cells"][i] for row in rows) for i in range(len(states))]
    return states, rows, totals


def open_assignments_for(user, limit=20):
    return list(
        assignments_visible_to(user)
        .filter(expert=user, submitted_at__isnull=True)
        .select_related("application__enterprise", "application__batch")
        .order_by("assigned_at")[:limit]
    )
