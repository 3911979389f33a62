from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilingsConfig(AppConfig):
    name = "greenfactory.filings"
    verbose_name = _("Yearly filings")

    def ready(self):
        # Export kinds register themselves on import; the task worker needs them too.
        from greenfactory.applications import hooks  # noqa: PLC0415 -- as below

        from .domain import export  # noqa: F401, PLC0415 -- in ready(): apps.py loads before the models
        from .domain.peers import compare_application  # noqa: PLC0415 -- as above

        hooks.peer_comparison_providers.append(compare_application)
