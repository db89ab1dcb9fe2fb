"""Indexes Dateline adds to other apps' tables (Wagtail's pages, its search entries), made after
every `migrate`.

Wagtail's models do not declare them, so no migration of ours can own them, and a Wagtail
migration that rebuilds a table on SQLite keeps only the indexes its models declare; the
`post_migrate` hooks that call `ensure_indexes` put them back each time.
"""

from django.db import connections


def ensure_indexes(using: str, table: str, indexes: dict[str, str]) -> None:
    """Create the named indexes of `table` that are missing; each value follows `ON table`.

    On PostgreSQL, outside a transaction, each is built `CONCURRENTLY`: a plain build holds off
    every write to the table (publishing included) until it is indexed, minutes on a large
    archive. A concurrent build that stopped half-way (the command killed, the server
    restarted) leaves an invalid index under the name, which is dropped and built again.
    """
    connection = connections[using]
    concurrently = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        if table not in connection.introspection.table_names(cursor):
            return  # the app's tables were migrated away (`migrate wagtailcore zero`)
        for name, definition in indexes.items():
            if not concurrently:
                cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} {definition}")
                continue
            if _postgresql_index_is_valid(cursor, name) is False:
                cursor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
            cursor.execute(
                f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {table} {definition}"
            )


def _postgresql_index_is_valid(cursor, name: str) -> bool | None:
    """Say whether PostgreSQL may use the index of this name (None: there is none)."""
    cursor.execute(
        "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
        " WHERE c.relname = %s AND pg_table_is_visible(c.oid)",
        [name],
    )
    row = cursor.fetchone()
    return None if row is None else row[0]
