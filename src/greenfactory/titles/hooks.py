"""Extension points for the apps above this one on the ladder (filings, supervision...).

They register here in their ``AppConfig.ready``; this app never imports them.
"""

from collections.abc import Callable

# provider(enterprise) -> [(day, label, text, url), ...]: events of the factory the title
# registry shows beside a title (the 重大事项变更 the factory reported, from ``filings``).
factory_event_providers: list[Callable] = []


def factory_events(enterprise) -> list[tuple]:
    events: list[tuple] = []
    for provider in factory_event_providers:
        events.extend(provider(enterprise))
    return sorted(events, key=lambda event: event[0], reverse=True)
