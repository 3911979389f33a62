from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from greenfactory.accounts.hooks import credentials_changed


class ApiConfig(AppConfig):
    name = "greenfactory.api"
    verbose_name = _("REST API")

    def ready(self):
        from .domain.tokens import on_credentials_changed  # noqa: PLC0415 -- in ready(): apps.py loads before the models

        credentials_changed.connect(on_credentials_changed, dispatch_uid="api.tokens")
