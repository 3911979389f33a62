from django.urls import path

from .views.enterprise import applications, carbon, documents, evidence, peers, sections

app_name = "applications"

urlpatterns = [
    path("carbon/", carbon.inventory_list, name="carbon_inventories"),
    path("carbon/<str:code>/", carbon.inventory_detail, name="carbon_inventory"),
    path("carbon/<str:code>/edit/", carbon.inventory_edit, name="carbon_inventory_edit"),
    path(
        "carbon/<str:code>/statement/",
        carbon.statement_download,
        name="carbon_statement_download",
    ),
    path(
        "carbon/<str:code>/units/<str:record_code>/proof/",
        carbon.proof_download,
        name="carbon_proof_download",
    ),
    path(
        "carbon/<str:code>/<str:kind>/<str:record_code>/edit/",
        carbon.record_edit,
        name="carbon_record_edit",
    ),
    path(
        "carbon/<str:code>/<str:kind>/<str:record_code>/remove/",
        carbon.record_remove,
        name="carbon_record_remove",
    ),
    path("applications/", applications.application_list, name="application_list"),
    path(
        "applications/start/<str:batch_code>/",
        applications.application_start,
        name="application_start",
    ),
    path(
        "applications/eligibility/<str:batch_code>/",
        applications.eligibility,
        name="eligibility",
    ),
    path("applications/<str:code>/", applications.application_detail, name="application_detail"),
    path(
        "applications/<str:code>/submit/",
        applications.application_submit,
        name="application_submit",
    ),
    path(
        "applications/<str:code>/withdraw/",
        applications.application_withdraw,
        name="application_withdraw",
    ),
    path("applications/<str:code>/form/", sections.application_form, name="application_form"),
    path(
        "applications/<str:code>/self-evaluation/", sections.self_evaluation, name="self_evaluation"
    ),
    path("applications/<str:code>/performance/", sections.performance, name="performance"),
    path(
        "applications/<str:code>/performance/<int:year>/",
        sections.performance,
        name="performance_year",
    ),
    path("applications/<str:code>/peers/", peers.peers, name="peers"),
    path("applications/<str:code>/evidence/", evidence.evidence, name="evidence"),
    path(
        "applications/<str:code>/evidence/<str:file_code>/",
        evidence.evidence_download,
        name="evidence_download",
    ),
    path(
        "applications/<str:code>/evidence/<str:file_code>/remove/",
        evidence.evidence_remove,
        name="evidence_remove",
    ),
    path(
        "applications/<str:code>/documents/<str:kind>/",
        documents.document_request,
        name="document_request",
    ),
    path(
        "applications/<str:code>/self-evaluation/import/",
        documents.self_evaluation_import,
        name="self_evaluation_import",
    ),
]
