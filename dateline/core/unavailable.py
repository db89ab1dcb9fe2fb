"""Answer 503 with Retry-After, never 500, while the disk is full or the database is away.

Both are the operator's bad day, not a bug: the request can succeed a little later, and a reader
or a crawler should be told so. Which errors count is decided in one place, `is_temporary_outage`:
a full disk (SQLite's SQLITE_FULL, PostgreSQL's disk_full, ENOSPC from a file write), a SQLite
database whose write lock another writer (an import, a backup) held past the busy timeout, and a
database that cannot be reached or is shutting down (PostgreSQL restarting). The comment endpoint
gives the reader's form back with its own answer; every other writer, the admin included, gets
this one.

`server_error`, the site's handler500, answers for every view and middleware with a plain page
that needs no database; `keep_text_when_unavailable` lets a form's view give the reader their
text back on that page.
"""

import errno
import sys
from functools import wraps

from django.db import DatabaseError
from django.template.response import TemplateResponse
from django.views import defaults

RETRY_AFTER_SECONDS = 30
# PostgreSQL's SQLSTATEs for a full disk, and for a server shutting down or not yet accepting
# connections; connection failures (class 08) come with no server at all to ask.
_POSTGRESQL_OUTAGES = {"53100", "57P01", "57P02", "57P03"}
_SQLITE_OUTAGES = {"SQLITE_FULL", "SQLITE_BUSY", "SQLITE_LOCKED"}


def is_temporary_outage(error: BaseException) -> bool:
    """Say whether the error means "full disk", "database busy" or "database away": worth trying
    again later."""
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return True
    if not isinstance(error, DatabaseError):
        return False
    cause = error.__cause__ or error
    if getattr(cause, "sqlite_errorname", None) in _SQLITE_OUTAGES:
        return True
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate is not None:
        return sqlstate in _POSTGRESQL_OUTAGES or sqlstate.startswith("08")
    # psycopg's connection errors carry no SQLSTATE: no server answered at all.
    return type(cause).__module__.startswith("psycopg") and type(cause).__name__ in {
        "OperationalError",
        "InterfaceError",
    }


def outage_response(request, *, kept_text: str = "") -> TemplateResponse:
    """Return the 503 page, with the reader's text on it when there is some to give back."""
    response = TemplateResponse(request, "503.html", {"kept_text": kept_text}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response.render()


def server_error(request):
    """Answer an unhandled error: 503 for a temporary outage, Django's 500 page for anything else.

    Django calls the handler while the error is being handled, so `sys.exc_info()` names it.
    """
    error = sys.exc_info()[1]
    if error is not None and is_temporary_outage(error):
        return outage_response(request)
    return defaults.server_error(request)


def keep_text_when_unavailable(field: str):
    """Decorate a form's view so that an outage answers 503 with the POSTed `field` given back."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except (DatabaseError, OSError) as error:
                if not is_temporary_outage(error):
                    raise
                return outage_response(request, kept_text=request.POST.get(field, "")[:20_000])

        return wrapped

    return decorate
