"""The session engine (``SESSION_ENGINE``): Django's database sessions in ``AccountSession``,
whose row names its account, read joined with that account and its region, enterprise and
agency. The account read with the session is kept on the store (``account``) and handed to
authentication (``accounts.middleware.AuthenticationMiddleware``), which checks it as Django
checks any user it loads: the backend the session names, an active account, the session's
password hash. A request of a logged-in user costs one query for both, and every request reads
the stored row, so a logout, a deactivation or a password change in one process ends the session
in every other at its next request.
"""

from contextvars import ContextVar
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.db.models.query import get_related_populators
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
        connection = connections[router.db_for_read(self.model)]
        read = _READS.get(connection)
        if read is None:
            read = _READS[connection] = SessionRead.compile(self.model, connection.alias)
        row = read.fetch(self.session_key, timezone.now())
        if row is None:
            self._session_key = None
        return row

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


_KEY_MARK = "session-key-mark"


@dataclass(frozen=True)
class SessionRead:
    """The session's query, compiled by the ORM once per database connection: its SQL and
    how its columns become the session row, its account and the account's region, enterprise
    and agency. The ORM builds that SQL afresh for every query, which cost more than the query
    itself (docs/decisions.md §100); here each request only binds the session key and the
    time, and converts the columns with the converters the ORM chose for them (which it also
    looks up afresh for every query, §104). ``test_session_store`` checks the rows are the
    ORM's own."""

    alias: str
    sql: str
    compiler: object
    converters: list
    init_list: list
    start: int
    end: int
    populators: list
    expire_field: object

    @classmethod
    def compile(cls, model, alias: str) -> "SessionRead":
        query = model.objects.using(alias).select_related(*ACCOUNT_RELATED)
        query = query.filter(session_key=_KEY_MARK, expire_date__gt=timezone.now())
        compiler = query.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        if len(params) != 2 or _KEY_MARK not in params:
            raise RuntimeError(f"the session's query has unexpected parameters: {params!r}")
        fields = compiler.klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        columns = [column[0] for column in compiler.select[: compiler.col_count]]
        if compiler.has_composite_fields(columns):
            raise RuntimeError("the session's query has composite fields")
        return cls(
            alias=alias,
            sql=_named_parameters(
                sql, ["key" if param == _KEY_MARK else "now" for param in params]
            ),
            compiler=compiler,
            converters=list(compiler.get_converters(columns).items()),
            init_list=[column[0].target.attname for column in compiler.select[start:end]],
            start=start,
            end=end,
            populators=get_related_populators(compiler.klass_info, compiler.select, alias),
            expire_field=model._meta.get_field("expire_date"),
        )

    def fetch(self, session_key: str, now):
        """The live session ``session_key`` with its account, or None."""
        connection = connections[self.alias]
        params = {"key": session_key, "now": self.expire_field.get_db_prep_value(now, connection)}
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            found = cursor.fetchone()
        if found is None:
            return None
        values = list(found)
        for position, (converters, expression) in self.converters:  # as results_iter does
            value = values[position]
            for converter in converters:
                value = converter(value, expression, connection)
            values[position] = value
        row = self.compiler.query.model.from_db(
            self.alias, self.init_list, values[self.start : self.end]
        )
        for populator in self.populators:
            populator.populate(values, row)
        return row


def _named_parameters(sql: str, names: list[str]) -> str:
    """The SQL with its ``%s`` placeholders named, in order. Django's SQLite cursor turns
    positional placeholders into SQLite's with a regular expression over the whole text on every
    execution (for this 58-column join about as costly as running it); named ones it formats
    with ``%``, and PostgreSQL's driver takes either."""
    parts = sql.split("%s")
    if len(parts) != len(names) + 1 or "%" in "".join(parts).replace("%%", ""):
        raise RuntimeError("the session's query has unexpected placeholders")
    return "".join(
        part + (f"%({name})s" if name else "")
        for part, name in zip(parts, [*names, ""], strict=True)
    )


# One compiled read per database connection (a thread's own), made at its first request.
_READS: WeakKeyDictionary = WeakKeyDictionary()
