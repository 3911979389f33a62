"""URL of the recommendation to the province (向省级推荐)."""

from django.urls import path

from .views import upward

urlpatterns = [
    path("city/upward/", upward.upward, name="upward"),
]
