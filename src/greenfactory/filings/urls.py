from django.urls import path

from .views import city, district, enterprise, peers

app_name = "filings"

urlpatterns = [
    path("enterprise/filings/", enterprise.filing_list, name="enterprise_list"),
    path("enterprise/filings/open/", enterprise.open_year, name="open"),
    path("enterprise/filings/<str:code>/", enterprise.edit, name="edit"),
    path("enterprise/filings/<str:code>/submit/", enterprise.submit, name="submit"),
    path("district/filings/", district.filing_list, name="district_list"),
    path("filings/<str:code>/", district.detail, name="detail"),
    path("filings/<str:code>/peers/", peers.peers, name="peers"),
    path("filings/<str:code>/accept/", district.accept, name="accept"),
    path("filings/<str:code>/return/", district.return_view, name="return"),
    path("city/filings/", city.filing_list, name="city_list"),
    path("city/filings/export/", city.export, name="export"),
    path("city/filings/settings/", city.settings_view, name="settings"),
]
