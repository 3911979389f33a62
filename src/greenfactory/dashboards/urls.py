from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.home, name="home"),
    path("pipeline/<str:batch_code>/", views.pipeline, name="pipeline"),
    path("timeline/<str:code>/", views.timeline, name="timeline"),
]
