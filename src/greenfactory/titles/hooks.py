"""Extension points for the apps above this one on the ladder (filings, supervision...).

They register here in their ``AppConfig.ready``; this app never imports them.
"""

from collections.abc import Callable

# provider(titles) -> (key, {title id: text}): what a higher app knows of each title, for the
# list of candidates recommended upward (decisions §64): ``filings`` the latest yearly filing
# (key "filing"), ``supervision`` the latest spot check's outcome (key "spot_check"). One query
# per provider for the whole list.
title_fact_providers: list[Callable] = []


def title_facts(titles) -> dict[int, dict[str, str]]:
    """{title id: {key: text}} from every provider."""
    facts: dict[int, dict[str, str]] = {title.pk: {} for title in titles}
    for provider in title_fact_providers:
        key, texts = provider(titles)
        for title_id, text in texts.items():
            facts.setdefault(title_id, {})[key] = text
    return facts


# provider(enterprise) -> [(day, label, text, url), ...]: events of the factory the title
# registry shows beside a title (the 重大事项变更 the factory reported, from ``filings``).
factory_event_providers: list[Callable] = []


def factory_events(enterprise) -> list[tuple]:
    events: list[tuple] = []
    for provider in factory_event_providers:
        events.extend(provider(enterprise))
    return sorted(events, key=lambda event: event[0], reverse=True)
