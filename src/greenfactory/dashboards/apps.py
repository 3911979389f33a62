from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "greenfactory.dashboards"
    verbose_name = _("Dashboards")

    def ready(self):
        # The dashboard's Excel exports, known to every process (the task worker included).
        from greenfactory.core.figures import register_figures  # noqa: PLC0415 -- in ready(): apps.py loads before the models

        from . import exports  # noqa: F401, PLC0415 -- in ready(): apps.py loads before the models
        from .plain import plain_figures  # noqa: PLC0415 -- in ready(): apps.py loads before the models

        register_figures(plain_figures)
