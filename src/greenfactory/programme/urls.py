from django.urls import path

from .views.city import batches, systems, targets

app_name = "programme"

urlpatterns = [
    path("programme/systems/", systems.system_list, name="system_list"),
    path("programme/systems/<str:slug>/", systems.system_detail, name="system_detail"),
    path("programme/systems/<str:slug>/copy/", systems.system_copy, name="system_copy"),
    path(
        "programme/systems/<str:slug>/benchmarks.xlsx",
        systems.benchmarks_export,
        name="benchmarks_export",
    ),
    path(
        "programme/systems/<str:slug>/benchmarks/import/",
        systems.benchmarks_import,
        name="benchmarks_import",
    ),
    path(
        "programme/systems/<str:slug>/indicators/<str:indicator_code>/",
        systems.indicator_edit,
        name="indicator_edit",
    ),
    path("programme/batches/", batches.batch_list, name="batch_list"),
    path("programme/batches/new/", batches.batch_create, name="batch_create"),
    path("programme/batches/<str:code>/", batches.batch_detail, name="batch_detail"),
    path("programme/batches/<str:code>/move/", batches.batch_move, name="batch_move"),
    path("programme/targets/", targets.target_list, name="target_list"),
    path("programme/targets/<str:code>/", targets.target_edit, name="target_edit"),
    path("programme/targets/<str:code>/delete/", targets.target_delete, name="target_delete"),
]
