from django.urls import path

from ..views.city import ranking

urlpatterns = [
    path("city/batches/<str:batch_code>/ranking/", ranking.ranking, name="ranking"),
    path(
        "city/batches/<str:batch_code>/ranking/compute/",
        ranking.compute,
        name="ranking_compute",
    ),
    path(
        "city/batches/<str:batch_code>/ranking/<str:code>/change/",
        ranking.propose,
        name="ranking_change",
    ),
    path("city/batches/<str:batch_code>/decision/", ranking.decision, name="decision"),
    path(
        "city/batches/<str:batch_code>/decision/minutes/",
        ranking.minutes,
        name="decision_minutes",
    ),
]
