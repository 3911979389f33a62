"""URLs of designation (认定) and the certificates of a designated batch."""

from django.urls import path

from ..views.city import designation

urlpatterns = [
    path(
        "city/batches/<str:batch_code>/designation/",
        designation.designate,
        name="designate",
    ),
    path(
        "city/batches/<str:batch_code>/certificates/regenerate/",
        designation.certificates_regenerate,
        name="certificates_regenerate",
    ),
]
