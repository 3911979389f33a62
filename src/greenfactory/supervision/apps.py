from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "greenfactory.supervision"
    verbose_name = _("Spot checks")

    def ready(self):
        from greenfactory.applications import hooks  # noqa: PLC0415 -- in ready(): apps.py loads before the models
        from greenfactory.applications.signals import application_submitted  # noqa: PLC0415 -- in ready(): apps.py loads before the models
        from greenfactory.filings.signals import filing_submitted  # noqa: PLC0415 -- in ready(): apps.py loads before the models
        from greenfactory.reviews.hooks import decision_panel_providers  # noqa: PLC0415 -- in ready(): apps.py loads before the models
        from greenfactory.reviews.signals import site_audit_completed  # noqa: PLC0415 -- in ready(): apps.py loads before the models
        from greenfactory.titles import hooks as title_hooks  # noqa: PLC0415 -- in ready(): apps.py loads before the models

        from . import receivers  # noqa: PLC0415 -- in ready(): apps.py loads before the models
        from .domain.checks import summary_problems  # noqa: PLC0415 -- in ready(): apps.py loads before the models
        from .domain.integrity import dispositions  # noqa: F401, PLC0415 -- registers the workflow table
        from .domain.queries import latest_check_facts  # noqa: PLC0415 -- in ready(): apps.py loads before the models
        from .views.common import signal_panel  # noqa: PLC0415 -- in ready(): apps.py loads before the models

        hooks.submission_problem_providers.append(summary_problems)
        if latest_check_facts not in title_hooks.title_fact_providers:
            title_hooks.title_fact_providers.append(latest_check_facts)
        application_submitted.connect(receivers.find_for_application, dispatch_uid="integrity")
        site_audit_completed.connect(receivers.find_for_application, dispatch_uid="integrity")
        filing_submitted.connect(receivers.find_for_filing, dispatch_uid="integrity")
        decision_panel_providers.append(signal_panel)
