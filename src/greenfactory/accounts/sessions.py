"""The session engine (``SESSION_ENGINE``): Django's database sessions in ``AccountSession``,
whose row names its account, read joined with that account and its region, enterprise and
agency. The account read with the session is kept on the store (``account``) and handed to
authentication (``accounts.middleware.AuthenticationMiddleware``), which checks it as Django
checks any user it loads: the backend the session names, an active account, the session's
password hash. A request of a logged-in user costs one query for both, and every request reads
the stored row, so a logout, a deactivation or a password change in one process ends the session
in every other at its next request.
"""

import logging
from contextvars import ContextVar

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone

# What AccountBackend.get_user reads with the account: a page checks the scope without a query.
ACCOUNT_RELATED = ("user__region", "user__enterprise", "user__agency")

# The account read with the request's session, while authentication looks it up
# (``accounts.middleware.user_of_session``); ``AccountBackend.get_user`` takes it from here.
session_account: ContextVar = ContextVar("session_account", default=None)


class SessionStore(DatabaseSessionStore):
    # The account read with the session by the last load (None: no session, or no login).
    account = None

    @classmethod
    def get_model_class(cls):
        from .models import AccountSession  # noqa: PLC0415 -- the model's module imports this one

        return AccountSession

    def _get_session_from_db(self):
        try:
            return self.model.objects.select_related(*ACCOUNT_RELATED).get(
                session_key=self.session_key, expire_date__gt=timezone.now()
            )
        except (self.model.DoesNotExist, SuspiciousOperation) as error:
            if isinstance(error, SuspiciousOperation):
                logger = logging.getLogger(f"django.security.{error.__class__.__name__}")
                logger.warning(str(error))
            self._session_key = None

    def load(self):
        row = self._get_session_from_db()
        self.account = row.user if row is not None else None
        return self.decode(row.session_data) if row is not None else {}

    def create_model_instance(self, data):
        return _name_account(super().create_model_instance(data), data)

    async def acreate_model_instance(self, data):
        return _name_account(await super().acreate_model_instance(data), data)


def _name_account(row, data):
    """The row names the account the session's data logs in (none before a login)."""
    row.user_id = row._meta.get_field("user").target_field.to_python(data.get(SESSION_KEY))
    return row
