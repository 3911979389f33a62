from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "greenfactory.supervision"
    verbose_name = _("Spot checks")

    def ready(self):
        from greenfactory.applications import hooks  # noqa: PLC0415 -- in ready(): apps.py loads before the models

        from .domain.checks import summary_problems  # noqa: PLC0415 -- in ready(): apps.py loads before the models

        hooks.submission_problem_providers.append(summary_problems)
