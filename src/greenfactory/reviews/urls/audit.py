"""URLs of the on-site audit (现场审核)."""

from django.urls import path

from ..views import audit

urlpatterns = [
    path("reviews/audits/", audit.audit_list, name="audit_list"),
    path("reviews/audits/schedule/<str:code>/", audit.schedule, name="audit_schedule"),
    path("reviews/audits/<str:code>/", audit.audit_detail, name="audit_detail"),
    path("reviews/audits/<str:code>/complete/", audit.audit_complete, name="audit_complete"),
    path("reviews/audits/<str:code>/photos/", audit.audit_photo, name="audit_photo"),
    path(
        "reviews/audits/<str:code>/photos/<str:photo_code>/",
        audit.audit_photo_download,
        name="audit_photo_download",
    ),
    path("reviews/audits/<str:code>/record/", audit.audit_record, name="audit_record"),
    path(
        "reviews/audits/<str:code>/acknowledge/", audit.audit_acknowledge, name="audit_acknowledge"
    ),
]
