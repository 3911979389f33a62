from django.urls import path

from .views import city, common, district, enterprise, public

app_name = "filings"

urlpatterns = [
    path("carbon-disclosures/", public.disclosure_list, name="carbon_disclosures"),
    path(
        "enterprise/carbon-disclosures/",
        enterprise.carbon_disclosures,
        name="enterprise_disclosures",
    ),
    path("carbon-disclosures/<str:code>/", public.disclosure_detail, name="carbon_disclosure"),
    path(
        "open-data/carbon-disclosures.json",
        public.disclosure_open_data,
        name="carbon_disclosures_open_data",
    ),
    path("enterprise/filings/", enterprise.filing_list, name="enterprise_list"),
    path("enterprise/filings/open/", enterprise.open_year, name="open"),
    path("enterprise/filings/<str:code>/", enterprise.edit, name="edit"),
    path("enterprise/filings/<str:code>/submit/", enterprise.submit, name="submit"),
    path("district/filings/", district.filing_list, name="district_list"),
    path("filings/<str:code>/", common.detail, name="detail"),
    path("filings/<str:code>/peers/", common.peers, name="peers"),
    path("filings/<str:code>/accept/", district.accept, name="accept"),
    path("filings/<str:code>/return/", district.return_view, name="return"),
    path("filings/<str:code>/city-review/", city.city_review, name="city_review"),
    path("filings/<str:code>/city-return/", city.city_return, name="city_return"),
    path(
        "filings/<str:code>/site-assessments/call/",
        common.assessment_call,
        name="assessment_call",
    ),
    path("site-assessments/<str:code>/record/", common.assessment_record, name="assessment_record"),
    path("site-assessments/<str:code>/cancel/", common.assessment_cancel, name="assessment_cancel"),
    path("enterprise/changes/", enterprise.enterprise_changes, name="enterprise_changes"),
    path("changes/", common.change_list, name="changes"),
    path("changes/<str:code>/", common.change_detail, name="change"),
    path("changes/<str:code>/acknowledge/", common.change_acknowledge, name="change_acknowledge"),
    path("changes/<str:code>/return/", common.change_return, name="change_return"),
    path("city/filings/", city.filing_list, name="city_list"),
    path("city/filings/summary/", city.summary_export, name="summary_export"),
    path("city/filings/export/", city.export, name="export"),
    path("city/filings/settings/", city.settings_view, name="settings"),
    path("city/filings/levels/<str:level>/", city.level_policy, name="level_policy"),
]
