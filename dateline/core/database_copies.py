"""A consistent copy of the database while the site runs, and putting one back.

SQLite is copied with its online backup API: one read transaction copies every page, so the copy
is the database as it was at one instant while writers go on (WAL lets them). PostgreSQL is copied
with `pg_dump`, which reads inside one snapshot too, in its custom format; `pg_restore` puts it
back in one transaction, so a failed restore leaves the database as it was.
"""

import contextlib
import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

SQLITE = "sqlite"
POSTGRESQL = "postgresql"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


def engine() -> str:
    """Return which database the settings name: "sqlite" or "postgresql"."""
    return SQLITE if connection.vendor == "sqlite" else POSTGRESQL


def copy_database(folder: Path) -> Path:
    """Write a consistent copy of the database into the folder and return its path."""
    if engine() == SQLITE:
        return _copy_sqlite(folder / "dateline.sqlite3")
    return _dump_postgresql(folder / "dateline.pgdump")


def database_in_use() -> str:
    """Describe what the configured database already holds ("" when it holds no table)."""
    if engine() == SQLITE:
        path = sqlite_path()
        if not path.exists() or path.stat().st_size == 0:
            return ""
        with _read_only(path) as database:
            tables = database.execute("SELECT count(*) FROM sqlite_master WHERE type='table'")
            count = tables.fetchone()[0]
    else:
        count = len(connection.introspection.table_names())
        connection.close()
    if not count:
        return ""
    return _("a database with %(count)d tables") % {"count": count}


def restore_database(copy: Path, *, replace: bool) -> None:
    """Put the copy in place of the configured database; `replace` when that one is not empty."""
    connection.close()
    if engine() == SQLITE:
        _restore_sqlite(copy)
    else:
        _restore_postgresql(copy, replace=replace)


def sqlite_path() -> Path:
    return Path(settings.DATABASES["default"]["NAME"])


def sqlite_companions(path: Path) -> list[Path]:
    """Return the files SQLite keeps beside a database: its write-ahead log, index and journal."""
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _read_only(path: Path):
    return contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=60))


def _copy_sqlite(target: Path) -> Path:
    source_path = sqlite_path()
    if not source_path.exists():
        raise BackupError(
            _("There is no database at %(path)s to back up: run `dateline migrate` first.")
            % {"path": source_path}
        )
    source = sqlite3.connect(source_path, timeout=60)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # all pages in one step: one read transaction, one instant
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError(_("The copy of the database failed its integrity check."))
    finally:
        copy.close()
        source.close()
    return target


def _restore_sqlite(copy: Path) -> None:
    target = sqlite_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    draft = target.with_name(f".{target.name}.restoring")
    shutil.copyfile(copy, draft)
    os.chmod(draft, 0o600)
    # A log left by the database being replaced would be replayed onto the restored one.
    for companion in sqlite_companions(target):
        companion.unlink(missing_ok=True)
    os.replace(draft, target)


def _postgresql_environment() -> dict[str, str]:
    """Return the environment that points pg_dump and pg_restore at the configured database."""
    database = settings.DATABASES["default"]
    variables = {
        "PGHOST": database.get("HOST"),
        "PGPORT": database.get("PORT"),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGDATABASE": database.get("NAME"),
        "PGSSLMODE": database.get("OPTIONS", {}).get("sslmode"),
    }
    environment = dict(os.environ)
    environment.update({name: str(value) for name, value in variables.items() if value})
    return environment


def _server_major_version() -> int:
    version = connection.pg_version // 10000
    connection.close()
    return version


def _postgresql_tool(name: str, server: int) -> str:
    """Return the path of pg_dump or pg_restore, refusing a missing one or one older than the server.

    An older pg_dump refuses to read a newer server ("server version mismatch"); say so before it
    starts, with the package that fixes it.
    """
    package = f"postgresql-client-{server}"
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _("%(tool)s is not installed, and PostgreSQL needs it: apt-get install %(package)s")
            % {"tool": name, "package": package}
        )
    version = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)
    found = re.search(r"\)\s*(\d+)", version.stdout)
    client = int(found.group(1)) if found else 0
    if client < server:
        raise BackupError(
            _(
                "%(tool)s %(client)s cannot work with the PostgreSQL %(server)s server: "
                "apt-get install %(package)s"
            )
            % {"tool": name, "client": client, "server": server, "package": package}
        )
    return path


def _run_postgresql_tool(arguments: list[str]) -> None:
    completed = subprocess.run(
        arguments, env=_postgresql_environment(), capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise BackupError(
            _("%(tool)s failed: %(error)s")
            % {"tool": Path(arguments[0]).name, "error": completed.stderr.strip()}
        )


def _dump_postgresql(target: Path) -> Path:
    pg_dump = _postgresql_tool("pg_dump", _server_major_version())
    _run_postgresql_tool(
        [pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"]
    )
    return target


def _restore_postgresql(copy: Path, *, replace: bool) -> None:
    pg_restore = _postgresql_tool("pg_restore", _server_major_version())
    arguments = [pg_restore, "--no-owner", "--no-privileges", "--single-transaction"]
    arguments += ["--exit-on-error", f"--dbname={settings.DATABASES['default']['NAME']}"]
    if replace:
        arguments += ["--clean", "--if-exists"]
    _run_postgresql_tool([*arguments, str(copy)])
