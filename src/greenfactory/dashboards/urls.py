from django.urls import path

from .views import home, officer, peers

app_name = "dashboards"

urlpatterns = [
    path("", home.home, name="home"),
    path("pipeline/<str:batch_code>/", officer.pipeline, name="pipeline"),
    path("timeline/<str:code>/", officer.timeline, name="timeline"),
    path("city/dashboard/", officer.figures_page, name="figures"),
    path("city/dashboard/export/", officer.figures_export, name="figures_export"),
    path("city/peers/", peers.peers_page, name="peers"),
]
