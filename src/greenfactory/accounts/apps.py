from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "greenfactory.accounts"
    verbose_name = _("Accounts and enterprises")

    def ready(self):
        from greenfactory.core.labels import register_role_labels  # noqa: PLC0415 -- in ready(): apps.py loads before the models

        from . import signals  # noqa: F401, PLC0415 -- in ready(): apps.py loads before the models
        from .enums import Role  # noqa: PLC0415 -- in ready(): apps.py loads before the models

        register_role_labels(Role.choices)
