"""The session engine (``SESSION_ENGINE``): Django's database sessions in ``AccountSession``,
whose row names its account, read joined with that account and its region, enterprise and
agency. The account read with the session is kept on the store (``account``) and handed to
authentication (``accounts.middleware.AuthenticationMiddleware``), which checks it as Django
checks any user it loads: the backend the session names, an active account, the session's
password hash. A request of a logged-in user costs one query for both, and every request reads
the stored row, so a logout, a deactivation or a password change in one process ends the session
in every other at its next request.

The signed text of a session is checked (its signature, its encoding) once per process and
text: the same text always holds the same data, so a request whose session has not changed
since the last one only parses its JSON. The row is still read on every request.
"""

import zlib
from contextvars import ContextVar
from functools import lru_cache

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core import signing
from django.db import router
from django.utils import timezone

from greenfactory.core.compiled_reads import CompiledRead, PerConnection

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
        # Live when it expires after now, as Django's own read filters it.
        row = _SESSION_READ(router.db_for_read(self.model)).first(key=self.session_key)
        if row is not None and row.expire_date <= timezone.now():
            row = None
        if row is None:
            self._session_key = None
        return row

    def load(self):
        row = self._get_session_from_db()
        self.account = row.user if row is not None else None
        return self.decode(row.session_data) if row is not None else {}

    def decode(self, session_data):
        """Django's decoding, with the signature's check and the encoding kept per signed text
        (``checked_payload``); anything that does not decode goes through Django's own, which
        logs a bad signature and gives an empty session."""
        try:
            payload = checked_payload(
                session_data,
                self.key_salt,
                settings.SECRET_KEY,
                tuple(settings.SECRET_KEY_FALLBACKS),
            )
            return self.serializer().loads(payload)
        except Exception:  # Django's own decode says what went wrong
            return super().decode(session_data)

    def create_model_instance(self, data):
        return _name_account(super().create_model_instance(data), data)

    async def acreate_model_instance(self, data):
        return _name_account(await super().acreate_model_instance(data), data)


@lru_cache(maxsize=4096)
def checked_payload(session_data: str, salt: str, key: str, fallback_keys: tuple) -> bytes:
    """The serialized data inside a signed session text, as ``signing.loads`` finds it
    (signature with the key or a fallback key, base64, compression); a text that fails raises
    and is not kept. Kept per text and keys (the keys are part of what is kept, so a new
    ``SECRET_KEY`` checks every text again)."""
    signer = signing.TimestampSigner(key=key, salt=salt, fallback_keys=list(fallback_keys))
    encoded = signer.unsign(session_data).encode()
    compressed = encoded[:1] == b"."
    data = signing.b64_decode(encoded[1:] if compressed else encoded)
    return zlib.decompress(data) if compressed else data


def _name_account(row, data):
    """The row names the account the session's data logs in (none before a login)."""
    row.user_id = row._meta.get_field("user").target_field.to_python(data.get(SESSION_KEY))
    return row


_KEY_MARK = "session-key-mark"


def session_read(alias: str) -> CompiledRead:
    """The session's query with its account and the account's region, enterprise and agency,
    compiled by the ORM once per database connection (``core.compiled_reads``): the ORM builds
    that SQL afresh for every query, which cost more than the query itself (docs/decisions.md
    §100, §104). ``test_session_store`` checks the rows are the ORM's own."""
    model = SessionStore.get_model_class()
    query = model.objects.using(alias).select_related(*ACCOUNT_RELATED)
    return CompiledRead(query.filter(session_key=_KEY_MARK), {"key": _KEY_MARK})


# One compiled read per database connection (a thread's own), made at its first request.
_SESSION_READ = PerConnection(session_read)
