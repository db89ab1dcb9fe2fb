"""Session settings each PostgreSQL connection takes as it opens.

Sent as a statement, not as a startup option in the connection's parameters: a pooler such as
PgBouncer refuses a connection whose startup options it does not know, and would have refused
every connection of the site.
"""

from django.conf import settings


def configure_session(sender, connection, **kwargs) -> None:
    """Turn JIT compiling off for this connection unless the operator keeps it (connected to
    `connection_created`)."""
    if connection.vendor == "postgresql" and not settings.DATELINE_POSTGRESQL_JIT:
        with connection.cursor() as cursor:
            cursor.execute("SET jit = off")
