"""URLs of the public notice (公示) and its objections (异议): the public pages, then the city
bureau's."""

from django.urls import path

from ..views import public
from ..views.city import notice as notice_city

urlpatterns = [
    path("notices/", public.notice_list, name="notice_list"),
    path("notices/<str:code>/", public.notice, name="notice"),
    path("notices/<str:code>/object/", public.objection_new, name="objection_new"),
    path(
        "notices/<str:code>/object/<str:objection_code>/",
        public.objection_done,
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
