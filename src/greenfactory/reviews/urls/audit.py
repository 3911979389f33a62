"""URLs of the on-site audit (现场审核)."""

from django.urls import path

from ..views import common, enterprise
from ..views.city import audit

urlpatterns = [
    path("reviews/audits/", common.audit_list, name="audit_list"),
    path("reviews/audits/schedule/<str:code>/", audit.schedule, name="audit_schedule"),
    path("reviews/audits/<str:code>/", common.audit_detail, name="audit_detail"),
    path("reviews/audits/<str:code>/complete/", common.audit_complete, name="audit_complete"),
    path("reviews/audits/<str:code>/photos/", common.audit_photo, name="audit_photo"),
    path(
        "reviews/audits/<str:code>/photos/<str:photo_code>/",
        common.audit_photo_download,
        name="audit_photo_download",
    ),
    path("reviews/audits/<str:code>/record/", common.audit_record, name="audit_record"),
    path(
        "reviews/audits/<str:code>/acknowledge/",
        enterprise.audit_acknowledge,
        name="audit_acknowledge",
    ),
]
