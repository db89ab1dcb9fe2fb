"""Upgrading moves the address keys out of the database and leaves no trace of them in its file."""

import stat
import time

import pytest

from tests.core.conftest import clean_environment
from tests.core.served_site import dateline

pytestmark = pytest.mark.sqlite  # its sites are SQLite whatever DATABASE_URL says: run once

KEEP_OLD_KEYS = """
import time
from django.db import connection
period = int(time.time() // (7 * 86400))
with connection.cursor() as cursor:
    for kept, secret in ((period, "ab" * 32), (period - 1, "cd" * 32), (period - 5, "ef" * 32)):
        cursor.execute(
            "INSERT INTO comments_addresskey (period, secret, created_at) VALUES (%s, %s, %s)",
            [kept, secret, "2026-01-01 00:00:00"],
        )
"""


def test_upgrade_moves_keys_in_use_to_private_files_and_destroys_the_rest(tmp_path, prepared_site):
    home = tmp_path / "home"
    prepared_site.migrate(home)
    environment = clean_environment(home)
    dateline(environment, "migrate", "--noinput", "comments", "0002")  # as before the upgrade
    dateline(environment, "shell", "-c", KEEP_OLD_KEYS)

    dateline(environment, "migrate", "--noinput")

    period = int(time.time() // (7 * 86400))
    keys = home / "address_keys"
    assert sorted(path.name for path in keys.iterdir()) == sorted(
        [f"{period - 1}.key", f"{period}.key"]
    )
    assert (keys / f"{period}.key").read_text() == "ab" * 32
    assert stat.S_IMODE((keys / f"{period}.key").stat().st_mode) == 0o600
    database = (home / "dateline.sqlite3").read_bytes()
    for secret in ("ab" * 32, "cd" * 32, "ef" * 32):
        assert secret.encode() not in database
    assert b"comments_addresskey" not in database
