"""URLs of the title registry: the city bureau's pages, the certificate download, the
recommendation to the province, and the public list and verification (the verification path is
printed in certificates' QR codes: it must not change)."""

from django.urls import path, re_path

from .views import enterprise, public
from .views.city import province, registry, removals, title_import

app_name = "titles"

urlpatterns = [
    path("city/titles/", registry.titles, name="titles"),
    path("city/titles/import/", title_import.title_import, name="title_import"),
    path(
        "city/titles/import/confirm/",
        title_import.title_import_confirm,
        name="title_import_confirm",
    ),
    path(
        "city/titles/import/template/",
        title_import.title_import_template,
        name="title_import_template",
    ),
    path("city/titles/removals/", removals.removal_import, name="removal_import"),
    path(
        "city/titles/removals/confirm/",
        removals.removal_import_confirm,
        name="removal_import_confirm",
    ),
    path("city/titles/validity/", registry.validity, name="validity"),
    path("city/titles/<str:code>/", registry.title, name="title"),
    path("city/titles/<str:code>/removal/", registry.title_removal, name="title_removal"),
    path("titles/<str:code>/certificate/", enterprise.certificate, name="certificate"),
    path("city/province/", province.candidates, name="province_candidates"),
    path("city/province/<str:code>/", province.candidate, name="province_candidate"),
    path("enterprise/province/", enterprise.candidacies, name="province_candidacies"),
    path("enterprise/province/<str:code>/", enterprise.confirmation, name="province_confirmation"),
    path("factories/", public.factories, name="factories"),
    path("factories/<str:code>/", public.factory, name="factory"),
    path("verify/", public.verify, name="verify"),
    path("verify/file/", public.verify_file, name="verify_file"),
    path(
        "verify/signing-certificate.pem",
        public.signing_certificate,
        name="signing_certificate",
    ),
    path("verify/<str:number>/", public.verify_number, name="verify_number"),
    re_path(r"^open-data/factories\.(?P<fmt>csv|json)$", public.open_data, name="open_data"),
]
