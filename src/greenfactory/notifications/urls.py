from django.urls import path

from .views import inbox

app_name = "notifications"

urlpatterns = [
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/read/", inbox.read_all, name="read_all"),
    path("inbox/<str:code>/", inbox.open_notification, name="open"),
    path("outbox/", inbox.outbox, name="outbox"),
    path("outbox/decide/", inbox.outbox_decide, name="outbox_decide"),
]
