from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "greenfactory.dashboards"
    verbose_name = _("Dashboards")

    def ready(self):
        # The dashboard's Excel exports, known to every process (the task worker included).
        from . import exports  # noqa: F401
