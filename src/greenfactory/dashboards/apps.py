from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "greenfactory.dashboards"
    verbose_name = _("Dashboards")

    def ready(self):
        # The dashboard's Excel exports, known to every process (the task worker included).
        from greenfactory.core.figures import register_figures

        from . import exports  # noqa: F401
        from .plain import plain_figures

        register_figures(plain_figures)
