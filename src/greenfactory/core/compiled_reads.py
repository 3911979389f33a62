"""Reads whose SQL the ORM compiles once per database connection.

Building a query's SQL (its joins, its select list of every column of the related rows) costs
the ORM more than the database's answer for a read of one row by its key: a page that loads its
object with four related rows spends about half its load compiling (docs/decisions.md §93,
§105). A ``CompiledRead`` keeps, per connection, the SQL the ORM wrote for the queryset and how
its columns become the model's row and its related rows; each request only binds its values.
The rows are the ORM's own (``Model.from_db``, Django's related populators), so they behave as
any the queryset gives (``tests/core/test_compiled_reads.py``).

On PostgreSQL the SQL is also prepared once per connection (``_cursor``): the server plans
the many-column join at its first read and each later read only binds and executes it, where a
statement sent with its values written in is parsed and planned anew every time (§112).

The queryset is written with marker values in place of the request's: each marker must be an
``int`` or a ``str`` (bound as they are, with no conversion) and differ from every other value
of the query.
"""

from functools import cache
from weakref import WeakKeyDictionary

from django.db import connections
from django.db.models.query import get_related_populators
from django.db.transaction import TransactionManagementError


def _cursor(connection):
    """A cursor of ``connection`` (wrapped as Django wraps its own: the execute wrappers and
    the query log see its statements) whose statements PostgreSQL prepares: the values are
    sent apart from the SQL, which the server parses and plans once per connection. Other
    databases get their usual cursor."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        return connection._prepare_cursor(_prepared_cursor_class()(connection.connection))


@cache
def _prepared_cursor_class():
    from django.db.backends.postgresql.base import (  # noqa: PLC0415 -- imports psycopg, which a SQLite install may lack
        ServerBindingCursor,
    )
    from psycopg import ClientCursor  # noqa: PLC0415 -- as above

    class Logged:
        """What Django's query log reads of the last statement (``cursor._query.query``): the
        SQL with its values written in, as a client-binding cursor sends it, composed only
        when the log reads it."""

        def __init__(self, connection, query, params):
            self.connection, self.sql, self.params = connection, query, params

        @property
        def query(self) -> bytes:
            return ClientCursor(self.connection).mogrify(self.sql, self.params).encode()

    class PreparedCursor(ServerBindingCursor):
        """Binds on the server and prepares every statement at its first execution."""

        def execute(self, query, params=None, *, prepare=None, binary=None):
            result = super().execute(query, params, prepare=True, binary=binary)
            # A prepared execution leaves psycopg's last query unset.
            self._query = Logged(self.connection, query, params)
            return result

    return PreparedCursor


def _compiled(queryset, marks: dict, prefixes=()):
    """The queryset's compiler, its SQL with named placeholders and its parameters by name.
    A mark named in ``prefixes`` is a ``startswith`` value: the query holds it as Django's
    ``LIKE`` pattern (escaped, ``%`` added), and each read binds its value the same way."""
    compiler = queryset.query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    like = connections[queryset.db].ops.prep_for_like_query
    names = {
        (like(value) + "%" if name in prefixes else value): name for name, value in marks.items()
    }
    if len(names) != len(marks) or any(type(v) not in (int, str) for v in marks.values()):
        raise ValueError(f"markers must be distinct ints or strs: {marks!r}")
    slots = [names.get(value) if type(value) in (int, str) else None for value in params]
    if sorted(s for s in slots if s is not None) != sorted(marks):
        raise RuntimeError(f"each marker must be a parameter of the query once: {params!r}")
    # Every placeholder named: the marks by their names, the query's own values by place.
    slots = [name or f"_{index}" for index, name in enumerate(slots)]
    named = {name: value for name, value in zip(slots, params, strict=True)}
    return compiler, _named_parameters(sql, slots), named


class CompiledRead:
    def __init__(self, queryset, marks: dict):
        compiler, self.sql, self.params = _compiled(queryset, marks)
        fields = compiler.klass_info["select_fields"]
        self.alias = queryset.db
        self.for_update = queryset.query.select_for_update
        self.marks = tuple(marks)
        self.compiler = compiler
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [
            column[0].target.attname for column in compiler.select[self.start : self.end]
        ]
        self.populators = get_related_populators(compiler.klass_info, compiler.select, self.alias)
        # What ``results_iter`` would work out again for every read.
        self.converters = compiler.get_converters(
            [column[0] for column in compiler.select[: compiler.col_count]]
        )

    def first(self, **values):
        """The first row the query gives with ``values`` in place of its markers, or None."""
        for row in self._rows(values, 1):
            return row
        return None

    def all(self, **values) -> list:
        """Every row the query gives with ``values`` in place of its markers, in its order."""
        return self._rows(values, None)

    def _rows(self, values: dict, size: int | None) -> list:
        params = {**self.params, **{name: values[name] for name in self.marks}}
        connection = connections[self.alias]
        if (
            self.for_update
            and connection.features.has_select_for_update
            and connection.get_autocommit()
        ):
            # As the ORM refuses it: a lock taken outside a transaction is released at once.
            raise TransactionManagementError(
                "select_for_update cannot be used outside of a transaction."
            )
        with _cursor(connection) as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchmany(size) if size else cursor.fetchall()
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        model = self.compiler.query.model
        found = []
        for row_values in rows:
            row = model.from_db(self.alias, self.init_list, row_values[self.start : self.end])
            for populator in self.populators:
                populator.populate(row_values, row)
            found.append(row)
        return found


class CompiledValues:
    """A ``values()`` queryset compiled once: each read binds its values and gives the rows as
    the queryset gives them (dicts of the named columns, converted as ``results_iter``
    converts them)."""

    def __init__(self, queryset, marks: dict, *, prefixes=()):
        query = queryset.query
        if not query.values_select or query.select_for_update:
            raise ValueError("a values() read without a lock")
        self.compiler, self.sql, self.params = _compiled(queryset, marks, prefixes)
        self.alias = queryset.db
        self.marks = tuple(marks)
        self.prefixes = tuple(prefixes)
        self.names = [*query.extra_select, *query.values_select, *query.annotation_select]
        compiler = self.compiler
        self.converters = compiler.get_converters(
            [column[0] for column in compiler.select[: compiler.col_count]]
        )

    def all(self, **values) -> list[dict]:
        params = {**self.params, **{name: values[name] for name in self.marks}}
        connection = connections[self.alias]
        for name in self.prefixes:
            params[name] = connection.ops.prep_for_like_query(params[name]) + "%"
        with _cursor(connection) as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        names = self.names
        return [dict(zip(names, row, strict=False)) for row in rows]


class PerConnection:
    """One ``CompiledRead`` (or ``CompiledValues``) per database connection (a thread's own),
    made by ``build(alias)`` at the connection's first use."""

    def __init__(self, build):
        self.build = build
        self.reads: WeakKeyDictionary = WeakKeyDictionary()

    def __call__(self, alias: str) -> CompiledRead:
        connection = connections[alias]
        read = self.reads.get(connection)
        if read is None:
            read = self.reads[connection] = self.build(alias)
        return read


def _named_parameters(sql: str, names: list[str]) -> str:
    """The SQL with its ``%s`` placeholders named, in order. Django's SQLite cursor turns
    positional placeholders into SQLite's with a regular expression over the whole text on every
    execution (for a many-column join about as costly as running it); named ones it formats with
    ``%``, and PostgreSQL's driver takes either (docs/decisions.md §104)."""
    parts = sql.split("%s")
    if len(parts) != len(names) + 1 or "%" in "".join(parts).replace("%%", ""):
        raise RuntimeError("the query has unexpected placeholders")
    return "".join(
        part + (f"%({name})s" if name else "")
        for part, name in zip(parts, [*names, ""], strict=True)
    )
