"""URL of the batch-wide view of the experts' divergence (专家评分分歧)."""

from django.urls import path

from ..views.city import divergence

urlpatterns = [
    path(
        "city/batches/<str:batch_code>/divergence/",
        divergence.divergence,
        name="expert_divergence",
    ),
]
