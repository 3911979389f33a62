from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilingsConfig(AppConfig):
    name = "greenfactory.filings"
    verbose_name = _("Yearly filings")

    def ready(self):
        # Export kinds register themselves on import; the task worker needs them too.
        from .domain import export  # noqa: F401, PLC0415 -- in ready(): apps.py loads before the models
