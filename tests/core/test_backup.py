"""`dateline backup` and `dateline restore` as an operator runs them, against a site in use.

The site runs on the suite's kind of database: a SQLite file, or (when DATABASE_URL is set, as in
CI's PostgreSQL run) a PostgreSQL database of its own, restored into another one.
"""

import os
import stat
import tarfile
import time
from pathlib import Path
from unittest import mock

import pytest

from dateline.core.database_copies import BackupError, _postgresql_tool
from tests.core.served_site import (
    Crowd,
    dateline,
    publish_one_article,
    serving,
    site_environment,
    stored_comments,
)
from tests.prepared import fresh_postgresql_database

pytestmark = pytest.mark.xdist_group("backup")

SUITE_DATABASE = os.environ.get("DATABASE_URL")


def database_for(suffix: str) -> str | None:
    return fresh_postgresql_database(SUITE_DATABASE, suffix) if SUITE_DATABASE else None


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory, prepared_site):
    """Back up a site while 8 posters comment on it; return what a test needs to judge it."""
    root = tmp_path_factory.mktemp("backup")
    home = root / "home"
    source = prepared_site.migrated_database(home, "backup_source")
    prepared_site.link_static(home)
    environment = site_environment(home, source)
    article = publish_one_article(environment)
    (home / "media" / "original_images").mkdir(parents=True)
    (home / "media" / "original_images" / "harbour.jpg").write_bytes(b"\xff\xd8 a photo")
    (home / "signing-key.pem").write_text("a private key")
    (home / "address_keys").mkdir()
    (home / "address_keys" / "20261202").write_text("an address-hashing key")
    (home / "baked" / "site").mkdir(parents=True)
    (home / "baked" / "site" / "index.html").write_text("a baked page")
    backups = root / "backups"
    backups.mkdir()
    with serving(environment, log=root / "serve.log") as base:
        crowd = Crowd(base, article["url"]).start()
        try:
            crowd.wait_for(acknowledged=40)
            backup_started = time.monotonic()
            backup = dateline(environment, "backup", str(backups / "site.tar.gz"))
            crowd.wait_for(acknowledged=len(crowd.acknowledged()) + 20)
        finally:
            crowd.stop()
    return {
        "root": root,
        "environment": environment,
        "article": article,
        "archive": backups / "site.tar.gz",
        "output": backup.stdout,
        "before": crowd.acknowledged(before=backup_started),
        "all": crowd.acknowledged(),
        "statuses": crowd.statuses(),
    }


@pytest.fixture(scope="module")
def restored(backed_up):
    """Restore the backup into a new, empty home (and database); return its environment."""
    home = backed_up["root"] / "restored"
    environment = site_environment(home, database_for("backup_restored"))
    completed = dateline(environment, "restore", str(backed_up["archive"]))
    return {"home": home, "environment": environment, "output": completed.stdout}


def test_every_comment_acknowledged_before_the_backup_is_in_the_restored_site(backed_up, restored):
    assert backed_up["statuses"] == {303}
    assert len(backed_up["before"]) >= 40

    stored = stored_comments(restored["environment"], backed_up["article"]["id"])

    lost = backed_up["before"] - stored
    assert not lost, f"{len(lost)} comments acknowledged before the backup are missing"
    # Nothing is invented: what the restored site holds was acknowledged by the original one.
    assert stored <= backed_up["all"]


def test_the_archive_is_private_and_says_its_checksum(backed_up):
    mode = stat.S_IMODE(backed_up["archive"].stat().st_mode)
    assert mode == 0o600
    assert "SHA-256: " in backed_up["output"]
    import hashlib

    digest = hashlib.sha256(backed_up["archive"].read_bytes()).hexdigest()
    assert f"SHA-256: {digest}" in backed_up["output"]


def test_media_and_private_files_come_back_and_the_baked_site_does_not(backed_up, restored):
    home = restored["home"]
    assert (home / "media" / "original_images" / "harbour.jpg").read_bytes() == b"\xff\xd8 a photo"
    assert (home / "signing-key.pem").read_text() == "a private key"
    assert stat.S_IMODE((home / "signing-key.pem").stat().st_mode) == 0o600
    # The address-hashing keys never travel with the database: together they give addresses back.
    assert not (home / "address_keys" / "20261202").exists()
    original_key = Path(backed_up["environment"]["DATELINE_HOME"]) / "secret_key"
    assert (home / "secret_key").read_text() == original_key.read_text()
    assert not (home / "baked").exists()
    with tarfile.open(backed_up["archive"]) as archive:
        names = archive.getnames()
    assert not [name for name in names if "/static/" in name or name.startswith("home/static")]
    assert not [name for name in names if "baked" in name]
    # The lock SQLite's writers take turns on is the running site's, not part of its data.
    assert not [name for name in names if name.endswith("-writers")]


def test_restore_refuses_a_home_that_already_holds_a_site(backed_up, restored):
    completed = dateline(restored["environment"], "restore", str(backed_up["archive"]), check=False)

    assert completed.returncode == 1
    assert "already holds a site" in completed.stderr
    assert "--force" in completed.stderr


def test_restore_with_force_replaces_the_site(backed_up, restored):
    environment = restored["environment"]
    dateline(environment, "comments", "purge")  # any write: the database is in use
    completed = dateline(environment, "restore", "--force", str(backed_up["archive"]))

    assert "Restored the backup made at" in completed.stdout
    stored = stored_comments(environment, backed_up["article"]["id"])
    assert backed_up["before"] <= stored


@pytest.mark.parametrize("damage", ["truncated", "flipped byte"])
def test_a_damaged_archive_is_refused_before_anything_is_written(backed_up, tmp_path, damage):
    data = bytearray(backed_up["archive"].read_bytes())
    if damage == "truncated":
        data = data[: len(data) * 2 // 3]
    else:
        data[len(data) // 2] ^= 0xFF
    damaged = tmp_path / "damaged.tar.gz"
    damaged.write_bytes(bytes(data))
    home = tmp_path / "new-home"
    environment = site_environment(home, database_for("backup_damaged"))

    completed = dateline(environment, "restore", str(damaged), check=False)

    assert completed.returncode == 1
    assert "is damaged or incomplete" in completed.stderr
    assert "nothing was restored" in completed.stderr
    # Settings create an empty, private database file before SQLite opens it; nothing went in.
    database = home / "dateline.sqlite3"
    assert not database.exists() or database.stat().st_size == 0
    assert not (home / "media").exists()
    # Only what dev settings make on their own: the secret key (and on SQLite that empty file).
    assert [path.name for path in home.iterdir() if path != database] == ["secret_key"]


def test_backup_refuses_to_write_inside_the_home_it_copies(backed_up):
    environment = backed_up["environment"]
    inside = Path(environment["DATELINE_HOME"]) / "copy.tar.gz"

    completed = dateline(environment, "backup", str(inside), check=False)

    assert completed.returncode == 1
    assert "Write the backup outside DATELINE_HOME" in completed.stderr
    assert not inside.exists()


def test_backup_refuses_to_overwrite_an_archive(backed_up):
    completed = dateline(backed_up["environment"], "backup", str(backed_up["archive"]), check=False)

    assert completed.returncode == 1
    assert "already exists" in completed.stderr


def _versions(client: str):
    return mock.Mock(stdout=f"pg_dump (PostgreSQL) {client} (Debian {client}-1)\n")


def test_a_missing_pg_dump_is_named_with_the_package_to_install():
    with (
        mock.patch("shutil.which", return_value=None),
        pytest.raises(BackupError) as refused,
    ):
        _postgresql_tool("pg_dump", 15)

    assert str(refused.value) == (
        "pg_dump is not installed, and PostgreSQL needs it: apt-get install postgresql-client-15"
    )


def test_a_pg_dump_older_than_the_server_is_refused_before_it_runs():
    with (
        mock.patch("shutil.which", return_value="/usr/bin/pg_dump"),
        mock.patch("subprocess.run", return_value=_versions("15.18")),
        pytest.raises(BackupError) as refused,
    ):
        _postgresql_tool("pg_dump", 16)

    assert "pg_dump 15 cannot work with the PostgreSQL 16 server" in str(refused.value)
    assert "apt-get install postgresql-client-16" in str(refused.value)


def test_a_pg_dump_as_new_as_the_server_is_used():
    with (
        mock.patch("shutil.which", return_value="/usr/bin/pg_dump"),
        mock.patch("subprocess.run", return_value=_versions("16.2")),
    ):
        assert _postgresql_tool("pg_dump", 15) == "/usr/bin/pg_dump"
