"""URLs of outreach: the bureau's announcements, training events and the agency directory."""

from django.urls import path

from .views import city, enterprise, public

app_name = "outreach"

urlpatterns = [
    path("city/announcements/", city.announcements, name="announcements"),
    path("city/announcements/<str:code>/", city.announcement_manage, name="announcement_manage"),
    path(
        "city/announcements/<str:code>/publish/",
        city.announcement_publish,
        name="announcement_publish",
    ),
    path(
        "city/announcements/<str:code>/files/<str:file_code>/",
        city.announcement_file_check,
        name="announcement_file_check",
    ),
    path(
        "city/announcements/<str:code>/files/<str:file_code>/remove/",
        city.announcement_file_remove,
        name="announcement_file_remove",
    ),
    path("announcements/", public.announcement_list, name="announcement_list"),
    path("announcements/<str:code>/", public.announcement, name="announcement"),
    path(
        "announcements/<str:code>/files/<str:file_code>/",
        public.announcement_file,
        name="announcement_file",
    ),
    path("training/", public.training_list, name="training_list"),
    path("training/<str:code>/", public.training_detail, name="training_detail"),
    path("training/<str:code>/register/", enterprise.training_register, name="training_register"),
    path("training/<str:code>/cancel/", enterprise.training_cancel, name="training_cancel"),
    path("city/training/", city.city_training, name="city_training"),
    path("city/training/<str:code>/", city.city_training_event, name="city_training_event"),
    path(
        "city/training/<str:code>/publish/",
        city.city_training_publish,
        name="city_training_publish",
    ),
    path(
        "city/training/<str:code>/export/",
        city.city_training_export,
        name="city_training_export",
    ),
    path("agencies/", public.agencies, name="agencies"),
]
