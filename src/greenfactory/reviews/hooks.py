"""Extension points of the review pages for the apps above this one (decisions §21, §66).

They register in their ``AppConfig.ready``; this app never imports them.
"""

from collections.abc import Callable

from django.utils.html import format_html_join
from django.utils.safestring import SafeString

# provider(request, application) -> HTML (a rendered template) shown on the pages where a
# decision on the application is taken (district pre-review, on-site audit, expert's scoring
# sheet): the integrity signals (supervision).
decision_panel_providers: list[Callable] = []


def decision_panels(request, application) -> SafeString:
    """The providers' HTML; anything not marked safe is escaped."""
    return format_html_join(
        "", "{}", ((provider(request, application),) for provider in decision_panel_providers)
    )
