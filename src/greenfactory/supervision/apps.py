from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "greenfactory.supervision"
    verbose_name = _("Spot checks")

    def ready(self):
        from greenfactory.applications import hooks  # noqa: PLC0415 -- in ready(): apps.py loads before the models
        from greenfactory.titles import hooks as title_hooks  # noqa: PLC0415 -- in ready(): apps.py loads before the models

        from .domain.checks import summary_problems  # noqa: PLC0415 -- in ready(): apps.py loads before the models
        from .domain.queries import latest_check_facts  # noqa: PLC0415 -- in ready(): apps.py loads before the models

        hooks.submission_problem_providers.append(summary_problems)
        if latest_check_facts not in title_hooks.title_fact_providers:
            title_hooks.title_fact_providers.append(latest_check_facts)
