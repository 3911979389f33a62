from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilingsConfig(AppConfig):
    name = "greenfactory.filings"
    verbose_name = _("Yearly filings")

    def ready(self):
        # Export kinds register themselves on import; the task worker needs them too.
        from greenfactory.titles.hooks import factory_event_providers  # noqa: PLC0415 -- in ready(): apps.py loads before the models

        from .domain import export, summary  # noqa: F401, PLC0415 -- in ready(): apps.py loads before the models
        from .domain.changes import major_change_events  # noqa: PLC0415 -- in ready(): apps.py loads before the models

        # The title registry shows the 重大事项变更 a factory reported (decisions §65).
        if major_change_events not in factory_event_providers:
            factory_event_providers.append(major_change_events)
