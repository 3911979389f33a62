"""URLs of the expert review (专家评审)."""

from django.urls import path

from ..views import expert, score_sheet

urlpatterns = [
    # City bureau (district officers read the pages of their district).
    path("reviews/experts/", expert.pool, name="expert_pool"),
    path("reviews/experts/profile/<str:code>/", expert.profile, name="expert_profile"),
    path("reviews/experts/batch/<str:batch_code>/", expert.batch_page, name="expert_batch"),
    path("reviews/experts/batch/<str:batch_code>/auto/", expert.auto, name="expert_auto_assign"),
    path(
        "reviews/experts/application/<str:code>/",
        expert.application_page,
        name="expert_application",
    ),
    path(
        "reviews/experts/application/<str:code>/complete/",
        expert.complete,
        name="expert_complete",
    ),
    path(
        "reviews/experts/assignment/<str:code>/unassign/",
        expert.unassign,
        name="expert_unassign",
    ),
    # Experts.
    path("reviews/expert/", expert.assignments, name="expert_assignments"),
    path("reviews/expert/conflicts/", expert.conflicts, name="expert_conflicts"),
    path("reviews/expert/<str:code>/", score_sheet.score, name="expert_score"),
    path("reviews/expert/<str:code>/submit/", expert.submit, name="expert_submit"),
]
