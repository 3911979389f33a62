from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("greenfactory.dashboards.urls")),
    path("", include("greenfactory.accounts.urls")),
    path("", include("greenfactory.core.urls")),
    path("", include("greenfactory.notifications.urls")),
    path("", include("greenfactory.programme.urls")),
    path("", include("greenfactory.applications.urls")),
    path("", include("greenfactory.reviews.urls")),
    path("", include("greenfactory.titles.urls")),
    path("", include("greenfactory.recognition.urls")),
    path("", include("greenfactory.outreach.urls")),
    path("", include("greenfactory.cultivation.urls")),
    path("", include("greenfactory.supervision.urls")),
    path("", include("greenfactory.rewards.urls")),
    path("", include("greenfactory.api.urls")),
    path("", include("greenfactory.filings.urls")),
]

# A failure outside any view (the database gone while the session is saved) gets the same
# clear page as one inside.
handler500 = "greenfactory.core.views.errors.server_error"
