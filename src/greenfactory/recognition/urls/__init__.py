from django.urls import include, path

app_name = "recognition"

urlpatterns = [
    path("", include("greenfactory.recognition.urls.ranking")),
    path("", include("greenfactory.recognition.urls.notice")),
    path("", include("greenfactory.recognition.urls.designation")),
]
