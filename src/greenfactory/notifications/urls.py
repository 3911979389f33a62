from django.urls import path

from .views import account, city

app_name = "notifications"

urlpatterns = [
    path("inbox/", account.inbox, name="inbox"),
    path("inbox/read/", account.read_all, name="read_all"),
    path("inbox/<str:code>/", account.open_notification, name="open"),
    path("outbox/", city.outbox, name="outbox"),
    path("outbox/decide/", city.outbox_decide, name="outbox_decide"),
]
