from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from greenfactory.accounts.hooks import credentials_changed


class ApiConfig(AppConfig):
    name = "greenfactory.api"
    verbose_name = _("REST API")

    def ready(self):
        # Imported once the apps are ready: the receiver's module loads models.
        from .domain.tokens import on_credentials_changed

        credentials_changed.connect(on_credentials_changed, dispatch_uid="api.tokens")
