from django.urls import path

from .views import city, district

app_name = "cultivation"

urlpatterns = [
    path("district/cultivation/", district.pipeline, name="pipeline"),
    path("district/cultivation/add/", district.add, name="add_candidate"),
    path("district/cultivation/<str:code>/", district.candidate, name="candidate"),
    path(
        "district/cultivation/<str:code>/status/",
        district.candidate_status,
        name="candidate_status",
    ),
    path("district/cultivation/<str:code>/projects/", district.project_add, name="project_add"),
    path("district/cultivation/<str:code>/trial/", district.trial, name="trial"),
    path("district/cultivation/projects/<str:code>/", district.project_edit, name="project_edit"),
    path("city/cultivation/", city.overview, name="city_overview"),
    path("city/cultivation/export/", city.export_tables, name="export_tables"),
]
