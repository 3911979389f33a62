from django.urls import include, path

app_name = "recognition"

urlpatterns = [
    path("", include("greenfactory.recognition.urls_ranking")),
    path("", include("greenfactory.recognition.urls_notice")),
    path("", include("greenfactory.recognition.urls_titles")),
    path("", include("greenfactory.recognition.urls_public")),
    path("", include("greenfactory.recognition.urls_upward")),
    path("", include("greenfactory.recognition.urls_training")),
]
