from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "greenfactory.core"
    verbose_name = _("Core")

    def ready(self):
        from . import (  # noqa: PLC0415 -- in ready(): apps.py loads before the models
            checks,  # noqa: F401 -- registers the deployment checks
            sqlite,  # noqa: F401 -- registers the audit guard function on each SQLite connection
        )
        from .domain import audit_export  # noqa: F401, PLC0415 -- in ready(): apps.py loads before the models
