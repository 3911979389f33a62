"""URLs of the expert review (专家评审)."""

from django.urls import path

from ..views.city import expert_review
from ..views.expert import assignments, score_sheet

urlpatterns = [
    # City bureau (district officers read the pages of their district).
    path("reviews/experts/", expert_review.pool, name="expert_pool"),
    path("reviews/experts/profile/<str:code>/", expert_review.profile, name="expert_profile"),
    path("reviews/experts/batch/<str:batch_code>/", expert_review.batch_page, name="expert_batch"),
    path(
        "reviews/experts/batch/<str:batch_code>/auto/",
        expert_review.auto,
        name="expert_auto_assign",
    ),
    path(
        "reviews/experts/application/<str:code>/",
        expert_review.application_page,
        name="expert_application",
    ),
    path(
        "reviews/experts/application/<str:code>/complete/",
        expert_review.complete,
        name="expert_complete",
    ),
    path(
        "reviews/experts/assignment/<str:code>/unassign/",
        expert_review.unassign,
        name="expert_unassign",
    ),
    # Experts.
    path("reviews/expert/", assignments.assignments, name="expert_assignments"),
    path("reviews/expert/conflicts/", assignments.conflicts, name="expert_conflicts"),
    path("reviews/expert/<str:code>/", score_sheet.score, name="expert_score"),
    path("reviews/expert/<str:code>/submit/", assignments.submit, name="expert_submit"),
]
