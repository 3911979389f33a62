from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "greenfactory.reviews"
    verbose_name = _("Reviews")

    def ready(self):
        from greenfactory.applications.hooks import (  # noqa: PLC0415 -- in ready(): apps.py loads before the models
            indicator_note_providers,
            platform_report_providers,
            visibility_providers,
        )

        from .domain.evaluation_queries import (  # noqa: PLC0415 -- in ready(): apps.py loads before the models
            commissioned_applications,
            reported_by_bodies,
        )
        from .domain.expert_queries import assigned_applications  # noqa: PLC0415 -- in ready(): apps.py loads before the models
        from .domain.notes import district_comments  # noqa: PLC0415 -- in ready(): apps.py loads before the models

        indicator_note_providers.append(district_comments)
        visibility_providers.append(assigned_applications)
        visibility_providers.append(commissioned_applications)
        platform_report_providers.append(reported_by_bodies)
