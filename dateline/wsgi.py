"""WSGI entry point used by `dateline serve` and by any WSGI server an operator prefers."""

import os
import sys

from django.core.wsgi import get_wsgi_application
from django.db import connections

from dateline.core.startup import collect_after_large_requests, freeze_what_startup_made

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings.dev")


def _leave_out_the_postgresql_driver_on_sqlite() -> None:
    """Make `import psycopg` fail in a web process on SQLite, which saves it about 11 MB.

    Django REST framework imports `django.contrib.postgres`, and with it psycopg, whenever psycopg
    is installed (`rest_framework.compat`), and every process imports DRF: Wagtail's admin API is
    part of the admin's URLconf, and `wagtail.contrib.redirects` imports its own API in `ready()`.
    A web process on SQLite never talks to PostgreSQL; a None entry in sys.modules is Python's
    documented way to make an import fail as if the package were not installed, and DRF then
    leaves out its PostgreSQL field types, which no SQLite model has. Only web processes start
    here; management commands are left as they are.
    """
    if connections["default"].vendor == "sqlite":
        sys.modules.setdefault("psycopg", None)


_leave_out_the_postgresql_driver_on_sqlite()
application = get_wsgi_application()
freeze_what_startup_made()  # request pauses: see its docstring
collect_after_large_requests()  # a worker's memory: see its docstring
