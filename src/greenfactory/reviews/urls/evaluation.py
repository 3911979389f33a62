"""URLs of the third-party evaluation (第三方评价)."""

from django.urls import path

from ..views import evaluator
from ..views.city import evaluation

urlpatterns = [
    path("reviews/evaluations/", evaluator.evaluation_list, name="evaluation_list"),
    path(
        "reviews/evaluations/commission/<str:code>/",
        evaluation.commission,
        name="evaluation_commission",
    ),
    path("reviews/evaluations/bodies/", evaluation.body_list, name="evaluation_bodies"),
    path(
        "reviews/evaluations/bodies/<str:code>/suspend/",
        evaluation.body_suspension,
        {"step": "suspend"},
        name="evaluation_body_suspend",
    ),
    path(
        "reviews/evaluations/bodies/<str:code>/reinstate/",
        evaluation.body_suspension,
        {"step": "reinstate"},
        name="evaluation_body_reinstate",
    ),
    path("reviews/evaluations/<str:code>/", evaluator.evaluation_detail, name="evaluation_detail"),
    path(
        "reviews/evaluations/<str:code>/decline/",
        evaluator.evaluation_end,
        {"step": "decline"},
        name="evaluation_decline",
    ),
    path(
        "reviews/evaluations/<str:code>/withdraw/",
        evaluator.evaluation_end,
        {"step": "withdraw"},
        name="evaluation_withdraw",
    ),
]
