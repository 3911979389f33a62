from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "greenfactory.reviews"
    verbose_name = _("Reviews")

    def ready(self):
        from greenfactory.applications.hooks import indicator_note_providers, visibility_providers

        from .domain.expert_queries import assigned_applications
        from .domain.notes import district_comments

        indicator_note_providers.append(district_comments)
        visibility_providers.append(assigned_applications)
