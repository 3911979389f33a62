"""Extension points for the apps above this one on the ladder (reviews, recognition...).

They register here in their ``AppConfig.ready``; this app never imports them.
"""

from collections import defaultdict
from collections.abc import Callable

from django.db.models import QuerySet

# provider(application) -> {indicator id: [note, ...]}: reviewers' remarks shown to the
# enterprise beside the rows of its 自评表.
indicator_note_providers: list[Callable] = []


def indicator_notes(application) -> dict[int, list[str]]:
    notes: dict[int, list[str]] = defaultdict(list)
    for provider in indicator_note_providers:
        for indicator_id, texts in provider(application).items():
            notes[indicator_id].extend(texts)
    return dict(notes)


# provider(application) -> [problem, ...]: further reasons an application cannot be submitted
# yet, from the apps that give an application a second purpose (a spot check's summary).
submission_problem_providers: list[Callable] = []


def more_submission_problems(application) -> list[str]:
    problems: list[str] = []
    for provider in submission_problem_providers:
        problems.extend(provider(application))
    return problems


# provider(application) -> [body name, ...]: the third-party evaluation bodies whose report on
# the application the platform holds (submitted by the body itself). ``reviews`` registers
# ``reported_by_bodies``; where one exists the enterprise uploads no third-party report.
platform_report_providers: list[Callable] = []


def platform_report_bodies(application) -> list[str]:
    bodies: list[str] = []
    for provider in platform_report_providers:
        bodies.extend(provider(application))
    return bodies


# provider(enterprise, on, programme=None) -> [(level, year), ...]: the titles of the programme
# (every programme when None) the enterprise holds in force on that day. ``titles`` registers
# its one query (``titles_in_force``); the eligibility rules (``domain/eligibility.py``) read it
# through ``titles_held``.
held_title_providers: list[Callable] = []


def titles_held(enterprise, on, programme: str | None = None) -> list[tuple[str, int]]:
    held: list[tuple[str, int]] = []
    for provider in held_title_providers:
        held.extend(provider(enterprise, on, programme=programme))
    return held


# provider(user, applications) -> the applications a user of a role this app does not serve may
# read (an expert: those assigned to him), or None when the user's role is not the provider's.
visibility_providers: list[Callable] = []


def visible_through_providers(user, applications) -> QuerySet | None:
    for provider in visibility_providers:
        visible = provider(user, applications)
        if visible is not None:
            return visible
    return None


# provider(application) -> where the application's key figures stand among its industry's
# (同行对标, decisions §67), or None. ``filings`` registers ``compare_application``, which reads
# the yearly filings as well; without a provider the page says there is nothing to compare.
peer_comparison_providers: list[Callable] = []


def peer_comparison(application):
    for provider in peer_comparison_providers:
        comparison = provider(application)
        if comparison is not None:
            return comparison
    return None


# provider(inventory) -> [reason, ...]: why the apps above keep a carbon inventory as it is
# (``filings``: a carbon disclosure published from it). Decisions §79.
inventory_lock_providers: list[Callable] = []


def inventory_locks(inventory) -> list[str]:
    reasons: list[str] = []
    for provider in inventory_lock_providers:
        reasons.extend(provider(inventory))
    return reasons
