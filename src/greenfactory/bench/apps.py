from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchConfig(AppConfig):
    """The synthetic province (`generate_dataset`) and the benchmarks (`run_benchmarks`).

    On top of the ladder: it imports the apps below, nothing imports it, and it has no models.
    """

    name = "greenfactory.bench"
    verbose_name = _("Benchmarks")
