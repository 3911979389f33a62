from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CultivationConfig(AppConfig):
    name = "greenfactory.cultivation"
    verbose_name = _("Cultivation pipeline")

    def ready(self):
        from .domain import export  # noqa: F401, PLC0415 -- in ready(): registers the export kind
