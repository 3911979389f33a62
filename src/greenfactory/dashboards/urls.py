from django.urls import path

from .views import city, common

app_name = "dashboards"

urlpatterns = [
    path("", common.home, name="home"),
    path("pipeline/<str:batch_code>/", city.pipeline, name="pipeline"),
    path("timeline/<str:code>/", city.timeline, name="timeline"),
    path("city/dashboard/", city.figures_page, name="figures"),
    path("city/dashboard/export/", city.figures_export, name="figures_export"),
    path("city/peers/", city.peers_page, name="peers"),
]
