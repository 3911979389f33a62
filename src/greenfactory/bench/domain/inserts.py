"""Plain multi-row INSERTs for the generator's largest tables (expert scores, 自评表 rows):
``bulk_create`` spends most of its time preparing each value of each model instance, which at
millions of rows is the difference between seconds and minutes."""

from django.db import connection

CHUNK = 5000


def insert_rows(model, fields: list[str], rows: list[tuple]) -> int:
    """Insert ``rows`` (tuples in the order of ``fields``, the columns' attnames) into
    ``model``'s table. Values go through the field's own preparation only where the database
    needs it (dates and times); the caller passes values the fields would accept."""
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    prepare = [
        index for index, field in enumerate(columns) if field.get_internal_type() == "DateTimeField"
    ]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the model, values bound
        connection.ops.quote_name(meta.db_table),
        ", ".join(connection.ops.quote_name(field.column) for field in columns),
        ", ".join(["%s"] * len(columns)),
    )
    prepared: dict = {}
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            if prepare:
                chunk = [list(row) for row in chunk]
                for row in chunk:
                    for i in prepare:
                        if row[i] not in prepared:
                            prepared[row[i]] = columns[i].get_db_prep_save(row[i], connection)
                        row[i] = prepared[row[i]]
            cursor.executemany(sql, chunk)
    return len(rows)
