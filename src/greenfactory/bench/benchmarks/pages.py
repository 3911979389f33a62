"""The five pages of the issue, the user each is requested as, and its address, found in a
generated province: the same pages at every size, so their query counts can be compared."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse

from greenfactory.accounts.enums import Role
from greenfactory.accounts.models import User
from greenfactory.applications.enums import ApplicationState
from greenfactory.applications.models import Application
from greenfactory.reviews.models import ExpertAssignment


@dataclass
class Page:
    name: str
    url: str
    user: User | None


def pages() -> list[Page]:
    district_officer = (
        User.objects.filter(role=Role.DISTRICT_OFFICER, username__startswith="gen-")
        .annotate(
            waiting=Count(
                "region__enterprises__applications",
                filter=Q(region__enterprises__applications__state=ApplicationState.SUBMITTED),
            )
        )
        .order_by("-waiting", "username")
        .first()
    )
    application = (
        Application.objects.filter(state=ApplicationState.EXPERT_REVIEW).order_by("pk").first()
    )
    assignment = (
        ExpertAssignment.objects.filter(
            submitted_at__isnull=True, application__state=ApplicationState.EXPERT_REVIEW
        )
        .select_related("expert")
        .order_by("pk")
        .first()
    )
    return [
        Page("public factory list", reverse("titles:factories"), None),
        Page("district review queue", reverse("reviews:district_queue"), district_officer),
        Page(
            "application detail",
            reverse("applications:application_detail", args=[application.code]),
            User.objects.get(enterprise_id=application.enterprise_id),
        ),
        Page(
            "expert scoring page",
            reverse("reviews:expert_score", args=[assignment.code]),
            assignment.expert,
        ),
        Page(
            "city dashboard",
            reverse("dashboards:figures"),
            User.objects.get(username="gen-city-320400"),
        ),
    ]
