from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TitlesConfig(AppConfig):
    name = "greenfactory.titles"
    verbose_name = _("Titles")

    def ready(self):
        # Export kinds register themselves on import; the task worker needs them too.
        from greenfactory.applications.hooks import held_title_providers  # noqa: PLC0415 -- in ready(): apps.py loads before the models

        from . import exports_province  # noqa: F401, PLC0415 -- in ready(): apps.py loads before the models
        from .domain.titles import titles_in_force  # noqa: PLC0415 -- in ready(): apps.py loads before the models

        # Who may apply: a title held in force bars a new application (decisions §51).
        if titles_in_force not in held_title_providers:
            held_title_providers.append(titles_in_force)
