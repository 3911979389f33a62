from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "greenfactory.accounts"
    verbose_name = _("Accounts and enterprises")

    def ready(self):
        from . import signals  # noqa: F401
