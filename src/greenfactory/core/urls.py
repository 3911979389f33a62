from django.urls import path

from .views import audit

app_name = "core"

urlpatterns = [
    path("audit/", audit.audit_list, name="audit_list"),
    path("audit/export/", audit.audit_export, name="audit_export"),
    path("exports/<str:code>/", audit.export_download, name="export_download"),
    path("exports/<str:code>/status/", audit.export_status, name="export_status"),
]
