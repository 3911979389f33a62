from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilingsConfig(AppConfig):
    name = "greenfactory.filings"
    verbose_name = _("Yearly filings")

    def ready(self):
        # Export kinds register themselves on import; the task worker needs them too.
        from greenfactory.titles import hooks  # noqa: PLC0415 -- in ready(): apps.py loads before the models

        from .domain import export  # noqa: F401, PLC0415 -- in ready(): apps.py loads before the models
        from .domain.queries import latest_filing_facts  # noqa: PLC0415 -- in ready(): apps.py loads before the models

        if latest_filing_facts not in hooks.title_fact_providers:
            hooks.title_fact_providers.append(latest_filing_facts)
