"""URLs of designation (认定) and the certificates of a designated batch."""

from django.urls import path

from ..views import titles_city

urlpatterns = [
    path(
        "city/batches/<str:batch_code>/designation/",
        titles_city.designate,
        name="designate",
    ),
    path(
        "city/batches/<str:batch_code>/certificates/regenerate/",
        titles_city.certificates_regenerate,
        name="certificates_regenerate",
    ),
]
