from django.urls import path

from .views import city, common, enterprise, public

app_name = "supervision"

urlpatterns = [
    path("city/spot-checks/", city.rounds, name="rounds"),
    path("city/spot-checks/new/", city.round_new, name="round_new"),
    path("city/spot-checks/<str:code>/", city.round_detail, name="round"),
    path("city/spot-checks/<str:code>/picks/", city.round_pick, name="round_pick"),
    path(
        "city/spot-checks/<str:code>/picks/<str:title_code>/remove/",
        city.round_unpick,
        name="round_unpick",
    ),
    path("city/spot-checks/<str:code>/draw/", city.round_draw, name="round_draw"),
    path("city/spot-checks/<str:code>/publish/", city.round_publish, name="round_publish"),
    path("spot-checks/", common.check_list, name="checks"),
    path("spot-checks/<str:code>/", common.check_detail, name="check"),
    path("spot-checks/<str:code>/summary/", enterprise.check_summary, name="check_summary"),
    path("spot-checks/<str:code>/decide/", city.check_decide, name="check_decide"),
    path("spot-checks/<str:code>/commission/", city.check_commission, name="check_commission"),
    path(
        "spot-checks/<str:code>/rectification/",
        enterprise.check_rectification,
        name="check_rectification",
    ),
    path(
        "city/batches/<str:code>/integrity-signals/",
        city.batch_signals,
        name="batch_signals",
    ),
    path("integrity-signals/<str:code>/dispose/", common.signal_dispose, name="signal_dispose"),
    path("public/spot-checks/", public.public_round_list, name="public_rounds"),
    path("public/spot-checks/<str:code>/", public.public_round, name="public_round"),
    path(
        "public/spot-checks/<str:code>/cohort.csv", public.public_cohort_csv, name="public_cohort"
    ),
]
