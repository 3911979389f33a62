from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TitlesConfig(AppConfig):
    name = "greenfactory.titles"
    verbose_name = _("Titles")

    def ready(self):
        # Export kinds register themselves on import; the task worker needs them too.
        from . import exports_upward  # noqa: F401, PLC0415 -- in ready(): apps.py loads before the models
