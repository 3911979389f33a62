"""The one root of every domain refusal (STYLE.md, "Refusals: one root").

A domain step that cannot be taken as asked raises a subclass of ``Refused`` carrying the
reasons in the user's language. Pages show them as messages (``refusal.messages``); the API
turns any of them into 409 in one place (``api.errors.exception_handler``), so no refusal can
become a server error. A programming error is never a ``Refused``.
"""


class Refused(Exception):
    """A step refused; ``problems`` lists why, one user-language message each.

    ``headline`` (optional) sums the problems up (“The application cannot be submitted yet.”);
    ``str()`` is the headline when there is one, else the problems joined by ``separator``.
    ``messages`` is everything to show, the headline first.
    """

    separator = " "

    def __init__(self, *problems, headline=""):
        self.problems = [problem for problem in problems if problem]
        self.headline = headline
        super().__init__(*([headline] if headline else []), *self.problems)

    def __str__(self) -> str:
        if self.headline:
            return str(self.headline)
        return self.separator.join(str(problem) for problem in self.problems)

    @property
    def messages(self) -> list[str]:
        return [str(text) for text in ([self.headline] if self.headline else []) + self.problems]


class StaleEdit(Refused):
    """Someone else saved the record after the user's page was loaded (the API's 409 ``stale``);
    the user's entries stay on the page to be checked and saved again."""
