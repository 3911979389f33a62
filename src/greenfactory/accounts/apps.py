from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "greenfactory.accounts"
    verbose_name = _("Accounts and enterprises")

    def ready(self):
        from greenfactory.core.labels import register_role_labels

        from . import signals  # noqa: F401
        from .enums import Role

        register_role_labels(Role.choices)
