"""Where the programme dashboard's figures are found by the apps that may not import
``dashboards`` (the API sits beside it on top of the ladder).

``dashboards`` registers one function from its ``AppConfig.ready``; it takes the user and returns
the figures as plain tables (``[{"key", "title", "header", "rows", "totals", "note"}]``), or raises
``PermissionDenied`` for a user who may not read them.
"""

from collections.abc import Callable

_source: list[Callable] = []


def register_figures(source: Callable) -> None:
    _source[:] = [source]


def figures_for(user) -> list[dict]:
    if not _source:
        raise LookupError("no dashboard registered its figures")
    return _source[0](user)
