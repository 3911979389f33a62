from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from .views import applications, catalogue, docs, enterprises, fallback, public, rewards, tokens

app_name = "api"

urlpatterns = [
    path("api-tokens/", tokens.tokens, name="tokens"),
    path("api-tokens/<str:code>/revoke/", tokens.token_revoke, name="token_revoke"),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/v1/docs/", docs.ApiDocs.as_view(url_name="api:schema"), name="docs"),
    path("api/v1/batches/", catalogue.BatchList.as_view(), name="batch_list"),
    path(
        "api/v1/indicator-systems/<str:slug>/",
        catalogue.IndicatorSystemDetail.as_view(),
        name="indicator_system_detail",
    ),
    path("api/v1/enterprises/", enterprises.EnterpriseList.as_view(), name="enterprise_list"),
    path(
        "api/v1/enterprises/<str:code>/",
        enterprises.EnterpriseDetail.as_view(),
        name="enterprise_detail",
    ),
    path("api/v1/applications/", applications.ApplicationList.as_view(), name="application_list"),
    path(
        "api/v1/applications/<str:code>/",
        applications.ApplicationDetail.as_view(),
        name="application_detail",
    ),
    path(
        "api/v1/applications/<str:code>/self-evaluation/<str:indicator>/",
        applications.SelfEvaluationRow.as_view(),
        name="self_evaluation_row",
    ),
    path(
        "api/v1/applications/<str:code>/submit/",
        applications.ApplicationSubmit.as_view(),
        name="application_submit",
    ),
    path(
        "api/v1/applications/<str:code>/district-decision/",
        applications.DistrictDecision.as_view(),
        name="district_decision",
    ),
    path("api/v1/titles/", public.TitleList.as_view(), name="title_list"),
    path("api/v1/verify/<str:number>/", public.Verify.as_view(), name="verify"),
    path("api/v1/rewards/ledger/", rewards.LedgerList.as_view(), name="ledger"),
    re_path(r"^api/v1/(?P<path>.*)$", fallback.not_found),
]
