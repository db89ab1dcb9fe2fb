"""A migrated database and the collected static files, made once per test run and shared by every
test process.

Many tests run Dateline as an operator does, in child processes on a home folder of their own, and
each began with `dateline migrate` (15 s) and `dateline collectstatic` (10 s). They now start from
copies: the SQLite file migrated once, a PostgreSQL database made from a migrated template, and one
folder of static files each home links to. What is copied is the output of those same commands,
so the site a test runs is the site an operator would have.

Under pytest-xdist every process sees the run's folder, and a lock lets one of them make each
thing while the others wait for it.
"""

import contextlib
import fcntl
import os
import shutil
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from tests.core.conftest import clean_environment
from tests.core.served_site import dateline

DATABASE_FILE = "dateline.sqlite3"
# The PostgreSQL databases this process made for its tests (server URL, name), dropped at its end.
_FRESH_DATABASES: list[tuple[str, str]] = []


class PreparedSite:
    """What a fresh site needs, made on first use in `folder` (shared by the run's processes)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def migrate(self, home: Path) -> None:
        """Give `home` a migrated SQLite database, as `dateline migrate --noinput` would."""
        template = self._made_once("migrated", lambda building: _dateline(building, "migrate"))
        home.mkdir(parents=True, exist_ok=True)
        shutil.copy2(template / DATABASE_FILE, home / DATABASE_FILE)  # its private mode too

    def link_static(self, home: Path) -> None:
        """Link the collected static files into `home`, as `dateline collectstatic` would fill it."""
        collected = self._made_once(
            "collected", lambda building: _dateline(building, "collectstatic")
        )
        home.mkdir(parents=True, exist_ok=True)
        (home / "static").symlink_to(collected / "static", target_is_directory=True)

    def prepare(self, home: Path) -> None:
        self.migrate(home)
        self.link_static(home)

    def migrated_database(self, home: Path, suffix: str) -> str | None:
        """Give the site in `home` a migrated database of the suite's kind: on PostgreSQL (when
        DATABASE_URL is set) a database of its own, whose URL is returned; else a SQLite file in
        `home`, and None (the site's settings find the file there)."""
        suite_database = os.environ.get("DATABASE_URL")
        if suite_database:
            return self.migrated_postgresql_database(suite_database, suffix)
        self.migrate(home)
        return None

    def migrated_postgresql_database(self, url: str, suffix: str) -> str:
        """Return the URL of a migrated database named as `fresh_postgresql_database` names it."""
        return fresh_postgresql_database(url, suffix, template=self._template_database(url))

    def _template_database(self, url: str) -> str:
        """Return the name of a migrated template database, made anew on first use in this run,
        so a run never takes the schema an earlier one left."""
        name = urllib.parse.urlsplit(url).path.lstrip("/") + "_migrated"

        def make(building: Path) -> None:
            with _administration(url) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                connection.execute(f'CREATE DATABASE "{name}"')
            template_url = urllib.parse.urlsplit(url)._replace(path=f"/{name}").geturl()
            _dateline(building, "migrate", DATABASE_URL=template_url)

        self._made_once("migrated-postgresql", make)
        return name

    def _made_once(self, name: str, make: Callable[[Path], None]) -> Path:
        """Return folder/name, made by `make(folder)` if no process of this run made it yet."""
        self.folder.mkdir(parents=True, exist_ok=True)
        made = self.folder / name
        with (self.folder / ".lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not made.exists():
                building = self.folder / f"{name}.building"
                shutil.rmtree(building, ignore_errors=True)
                building.mkdir()
                make(building)
                building.rename(made)
        return made


def shared_folder(tmp_path_factory) -> Path:
    """The run's folder that every pytest-xdist process sees (each has its own inside it)."""
    base = tmp_path_factory.getbasetemp()
    return (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "prepared"


def fresh_postgresql_database(url: str, suffix: str, *, template: str | None = None) -> str:
    """Return the URL of a new database named after the one in `url`, the suffix and this process,
    empty or a copy of the `template` database; the process drops it when its tests end.

    The process id keeps two pytest-xdist workers running the same module apart.
    """
    parts = urllib.parse.urlsplit(url)
    # Two underscores: another suite's name that starts with this one's never matches the pattern
    # `.ci/run` finds these by (dateline_ci__…, not dateline_ci_bob__…).
    name = f"{parts.path.lstrip('/')}__{suffix}_{os.getpid()}"
    copied = f' TEMPLATE "{template}"' if template else ""
    with _administration(url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"{copied}')
    _FRESH_DATABASES.append((url, name))
    return parts._replace(path=f"/{name}").geturl()


def drop_fresh_databases() -> None:
    """Drop the databases `fresh_postgresql_database` made in this process, at the end of its
    tests: each run made a dozen (15 MB apiece) and left them on the server for good."""
    while _FRESH_DATABASES:
        url, name = _FRESH_DATABASES.pop()
        with _administration(url) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _dateline(home: Path, command: str, **variables: str) -> None:
    dateline(clean_environment(home, **variables), command, "--noinput")


@contextlib.contextmanager
def _administration(url: str):
    import psycopg

    admin = urllib.parse.urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        yield connection
