from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "greenfactory.outreach"
    verbose_name = _("Outreach")

    def ready(self):
        # Export kinds register themselves on import; the task worker needs them too.
        from .domain import training_export  # noqa: F401, PLC0415 -- in ready(): apps.py loads before the models
