from django.urls import path

from . import views, views_figures

app_name = "dashboards"

urlpatterns = [
    path("", views.home, name="home"),
    path("pipeline/<str:batch_code>/", views.pipeline, name="pipeline"),
    path("timeline/<str:code>/", views.timeline, name="timeline"),
    path("city/dashboard/", views_figures.figures_page, name="figures"),
    path("city/dashboard/export/", views_figures.figures_export, name="figures_export"),
]
