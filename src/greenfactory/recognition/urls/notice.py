"""URLs of the public notice (公示) and its objections (异议): the public pages, then the city
bureau's."""

from django.urls import path

from ..views import notice_city, notice_public

urlpatterns = [
    path("notices/", notice_public.notice_list, name="notice_list"),
    path("notices/<str:code>/", notice_public.notice, name="notice"),
    path("notices/<str:code>/object/", notice_public.objection_new, name="objection_new"),
    path(
        "notices/<str:code>/object/<str:objection_code>/",
        notice_public.objection_done,
        name="objection_done",
    ),
    path("city/batches/<str:batch_code>/notice/", notice_city.notice_manage, name="notice_manage"),
    path(
        "city/batches/<str:batch_code>/notice/close/",
        notice_city.notice_close,
        name="notice_close",
    ),
    path("city/objections/<str:code>/", notice_city.objection_detail, name="objection_detail"),
    path(
        "city/objections/<str:code>/files/<str:file_code>/",
        notice_city.objection_attachment,
        name="objection_attachment",
    ),
]
