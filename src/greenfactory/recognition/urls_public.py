from django.urls import path, re_path

from .views import public

urlpatterns = [
    path("factories/", public.factories, name="factories"),
    path("factories/<str:code>/", public.factory, name="factory"),
    path("verify/", public.verify, name="verify"),
    path("verify/<str:number>/", public.verify_number, name="verify_number"),
    re_path(r"^open-data/factories\.(?P<fmt>csv|json)$", public.open_data, name="open_data"),
    path("announcements/<str:code>/", public.announcement, name="announcement"),
    path(
        "announcements/<str:code>/files/<str:file_code>/",
        public.announcement_file,
        name="announcement_file",
    ),
]
