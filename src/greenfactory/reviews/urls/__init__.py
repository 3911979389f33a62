from django.urls import path

from ..views import district
from .audit import urlpatterns as audit_urlpatterns
from .divergence import urlpatterns as divergence_urlpatterns
from .evaluation import urlpatterns as evaluation_urlpatterns
from .expert import urlpatterns as expert_urlpatterns

app_name = "reviews"

urlpatterns = [
    path("reviews/district/", district.queue, name="district_queue"),
    path("reviews/district/<str:code>/", district.review, name="district_review"),
    path("reviews/district/<str:code>/decide/", district.decide, name="district_decide"),
    path(
        "reviews/recommendations/<str:batch_code>/",
        district.recommendations,
        name="recommendations",
    ),
    path("reviews/letters/<str:code>/", district.letter_download, name="letter_download"),
    *audit_urlpatterns,
    *expert_urlpatterns,
    *divergence_urlpatterns,
    *evaluation_urlpatterns,
]
