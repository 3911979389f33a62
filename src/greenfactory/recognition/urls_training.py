from django.urls import path

from .views import agencies, training

urlpatterns = [
    path("training/", training.training_list, name="training_list"),
    path("training/<str:code>/", training.training_detail, name="training_detail"),
    path("training/<str:code>/register/", training.training_register, name="training_register"),
    path("training/<str:code>/cancel/", training.training_cancel, name="training_cancel"),
    path("city/training/", training.city_training, name="city_training"),
    path("city/training/<str:code>/", training.city_training_event, name="city_training_event"),
    path(
        "city/training/<str:code>/publish/",
        training.city_training_publish,
        name="city_training_publish",
    ),
    path(
        "city/training/<str:code>/export/",
        training.city_training_export,
        name="city_training_export",
    ),
    path("agencies/", agencies.agencies, name="agencies"),
]
