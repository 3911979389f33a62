from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "greenfactory.applications"
    verbose_name = _("Applications")

    def ready(self):
        # Register the document exporters in every process, the task worker included.
        from .domain import excel, report  # noqa: F401, PLC0415 -- in ready(): apps.py loads before the models
