from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RewardsConfig(AppConfig):
    name = "greenfactory.rewards"
    verbose_name = _("Rewards")

    def ready(self):
        from greenfactory.titles.signals import title_granted  # noqa: PLC0415 -- in ready(): apps.py loads before the models

        # Export kinds register themselves on import; the task worker needs them too.
        from .domain import ledger_export  # noqa: F401, PLC0415 -- in ready(): apps.py loads before the models
        from .domain.ledger import on_title_granted  # noqa: PLC0415 -- in ready(): apps.py loads before the models

        title_granted.connect(on_title_granted, dispatch_uid="rewards.ledger_entry_for_title")
