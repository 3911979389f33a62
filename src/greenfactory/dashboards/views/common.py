"""The home page, shared by every audience so kept in one place: one URL, and one template per
role (the public home for visitors), each listing what that user has to do."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from greenfactory.accounts.enums import Role
from greenfactory.outreach.domain.announcements import published_announcements
from greenfactory.programme.domain.queries import batches_visible_to
from greenfactory.programme.enums import BatchState
from greenfactory.recognition.domain.notice_queries import open_notices
from greenfactory.reviews.domain.evaluation_queries import evaluations_visible_to
from greenfactory.reviews.enums import EvaluationState
from greenfactory.supervision.domain.queries import open_checks_of
from greenfactory.titles.domain.titles import titles_visible_to

from .. import queries
from ..tasks import city_tasks, district_tasks, enterprise_tasks, expert_tasks


@require_GET
def home(request):
    user = request.user
    if not user.is_authenticated:
        return render(
            request,
            "dashboards/public_home.html",
            {
                "announcements": list(published_announcements()[:10]),
                "notices": list(open_notices()[:10]),
            },
        )
    context = {}
    if user.role == Role.ENTERPRISE:
        context["enterprise"] = user.enterprise
        context["tasks"] = enterprise_tasks(user)
        context["audits"] = queries.audits_for(user)
        context["titles"] = list(titles_visible_to(user).order_by("-year", "level"))
        context["spot_checks"] = list(open_checks_of(user))
    elif user.role == Role.AGENCY:
        context["enterprises"] = list(queries.enterprises_visible_to(user).order_by("name")[:50])
    elif user.role == Role.DISTRICT_OFFICER:
        context["batches"] = application_batches(user)
        context["pending"] = queries.pending_enterprises_for(user)
        context["to_review"] = queries.awaiting_pre_review(user)
        context["districts"] = queries.enterprise_counts_by_district(user)
        context["tasks"] = district_tasks(user)
    elif user.role == Role.CITY_OFFICER:
        context["tasks"] = city_tasks(user)
        context["batches"] = application_batches(user)
        context["districts"] = queries.enterprise_counts_by_district(user)
        context["totals"] = {
            key: sum(getattr(d, key) for d in context["districts"])
            for key in ("total", "confirmed", "pending")
        }
    elif user.role == Role.EVALUATOR:
        context["evaluations"] = list(
            evaluations_visible_to(user)
            .filter(state=EvaluationState.COMMISSIONED)
            .select_related("application__enterprise", "application__batch")
            .order_by("commissioned_at")[:50]
        )
    elif user.role == Role.EXPERT:
        context["tasks"] = expert_tasks(user)
        context["assignments"] = queries.open_assignments_for(user)
        context["audits"] = queries.audits_for(user)
    elif user.role == Role.SYSTEM_ADMIN:
        context["without_role"] = queries.accounts_without_role(user)
    elif user.role == Role.SECURITY_ADMIN:
        context["without_role"] = queries.accounts_without_role(user)
        context["locked"] = queries.locked_usernames()
    elif user.role == Role.AUDIT_ADMIN:
        context["events"] = queries.recent_audit_events()
    template = f"dashboards/home_{user.role or 'norole'}.html"
    return render(request, template, context)


def application_batches(user) -> list:
    """The latest calls for applications the officer sees (spot checks have their own page)."""
    batches = batches_visible_to(user).calls()
    return list(batches.exclude(state=BatchState.DRAFT)[:5])
