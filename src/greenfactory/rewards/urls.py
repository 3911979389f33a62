from django.urls import path

from .views import city

app_name = "rewards"

urlpatterns = [
    path("city/rewards/", city.ledger, name="ledger"),
    path("city/rewards/rates/", city.rates, name="rates"),
    path("city/rewards/export/", city.export, name="export"),
    path("city/rewards/<str:code>/", city.entry, name="entry"),
    path("city/rewards/<str:code>/approve/", city.entry_approve, name="entry_approve"),
    path("city/rewards/<str:code>/pay/", city.entry_pay, name="entry_pay"),
    path("city/rewards/<str:code>/cancel/", city.entry_cancel, name="entry_cancel"),
    path("city/rewards/<str:code>/recalculate/", city.entry_recalculate, name="entry_recalculate"),
]
