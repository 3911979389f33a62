from django.urls import path

from .views import announcements, registry, titles_city

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
    path("city/titles/", titles_city.titles, name="titles"),
    path("city/titles/import/", registry.title_import, name="title_import"),
    path("city/titles/import/confirm/", registry.title_import_confirm, name="title_import_confirm"),
    path(
        "city/titles/import/template/",
        registry.title_import_template,
        name="title_import_template",
    ),
    path("city/titles/<str:code>/", registry.title, name="title"),
    path("titles/<str:code>/certificate/", titles_city.certificate, name="certificate"),
    path("city/announcements/", announcements.announcements, name="announcements"),
    path(
        "city/announcements/<str:code>/",
        announcements.announcement_manage,
        name="announcement_manage",
    ),
    path(
        "city/announcements/<str:code>/publish/",
        announcements.announcement_publish,
        name="announcement_publish",
    ),
    path(
        "city/announcements/<str:code>/files/<str:file_code>/",
        announcements.announcement_file_check,
        name="announcement_file_check",
    ),
    path(
        "city/announcements/<str:code>/files/<str:file_code>/remove/",
        announcements.announcement_file_remove,
        name="announcement_file_remove",
    ),
]
