from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilingsConfig(AppConfig):
    name = "greenfactory.filings"
    verbose_name = _("Yearly filings")

    def ready(self):
        # Export kinds register themselves on import; the task worker needs them too.
        from greenfactory.applications import hooks as application_hooks  # noqa: PLC0415 -- in ready(): apps.py loads before the models
        from greenfactory.titles import hooks as title_hooks  # noqa: PLC0415 -- as above

        from .domain import assessments, export, summary  # noqa: F401, PLC0415 -- as above
        from .domain.carbon import disclosure_locks  # noqa: PLC0415 -- as above
        from .domain.changes import major_change_events  # noqa: PLC0415 -- as above
        from .domain.peers import compare_application  # noqa: PLC0415 -- as above
        from .domain.queries import latest_filing_facts  # noqa: PLC0415 -- as above

        if compare_application not in application_hooks.peer_comparison_providers:
            application_hooks.peer_comparison_providers.append(compare_application)
        # An inventory a disclosure was published from is kept as it is (decisions §79).
        if disclosure_locks not in application_hooks.inventory_lock_providers:
            application_hooks.inventory_lock_providers.append(disclosure_locks)
        if latest_filing_facts not in title_hooks.title_fact_providers:
            title_hooks.title_fact_providers.append(latest_filing_facts)
        # The title registry shows the 重大事项变更 a factory reported (decisions §65).
        if major_change_events not in title_hooks.factory_event_providers:
            title_hooks.factory_event_providers.append(major_change_events)
