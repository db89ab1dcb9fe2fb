"""What is kept of a client's address: a hash under a key that rotates away, and its network.

The key is kept outside the database, so that a copy of the database (a backup, a stolen disk)
cannot turn a hash and its /24 back into the reader's address by trying the 256 candidates.
"""

import contextlib
import hashlib
import hmac
import ipaddress
import multiprocessing
import stat
from datetime import timedelta

import pytest
from django.db import connection
from django.test import RequestFactory, override_settings
from django.utils import timezone

from dateline.comments.address_keys import FileKeyring, keyring
from dateline.comments.addresses import client_address, recent_hashes, stored_address
from dateline.comments.models import Comment

from .conftest import form_fields

READER = "203.0.113.77"


@pytest.fixture(autouse=True)
def keys_dir(settings, tmp_path):
    """A key folder of the test's own, so counting keys counts only this test's."""
    settings.DATELINE_ADDRESS_KEYS_DIR = tmp_path / "home" / "address_keys"
    return settings.DATELINE_ADDRESS_KEYS_DIR


def request_from(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/comments/post/", **headers)


def test_same_address_hashes_alike_within_a_period(db):
    assert stored_address("203.0.113.5").hash == stored_address("203.0.113.5").hash


def test_different_addresses_in_one_network_hash_differently_but_share_the_network(db):
    first, second = stored_address("203.0.113.5"), stored_address("203.0.113.6")
    assert first.hash != second.hash
    assert first.network == second.network == "203.0.113.0/24"


@override_settings(DATELINE_COMMENTS_ADDRESS_KEY_DAYS=1)
def test_a_new_period_brings_a_new_key_and_destroys_keys_two_periods_old(db):
    now = timezone.now()
    early = stored_address("203.0.113.5", now=now - timedelta(days=2))
    later = stored_address("203.0.113.5", now=now)
    assert early.hash != later.hash
    assert len(keyring().periods()) == 1  # the key that made `early` is gone for good
    assert early.hash not in recent_hashes("203.0.113.5", now=now)


@override_settings(DATELINE_COMMENTS_ADDRESS_KEY_DAYS=1)
def test_flood_control_still_matches_across_one_rotation(db):
    now = timezone.now()
    yesterday = stored_address("203.0.113.5", now=now - timedelta(days=1))
    stored_address("198.51.100.1", now=now)  # today's key
    assert yesterday.hash in recent_hashes("203.0.113.5", now=now)


def test_ipv4_mapped_ipv6_is_treated_as_ipv4(db):
    assert stored_address("::ffff:203.0.113.5") == stored_address("203.0.113.5")


def test_something_that_is_not_an_address_stores_nothing(db):
    assert stored_address("not an address") == stored_address(None)
    assert stored_address(None).hash == stored_address(None).network == ""


def test_client_is_the_connection_without_trusted_proxies(settings):
    settings.DATELINE_TRUSTED_PROXIES = []
    assert client_address(request_from("192.0.2.1", "203.0.113.9")) == "192.0.2.1"


def test_client_is_read_from_the_right_past_trusted_proxies(settings):
    settings.DATELINE_TRUSTED_PROXIES = ["10.0.0.0/8", "192.0.2.1"]
    forged, real = "1.2.3.4", "203.0.113.9"
    request = request_from("192.0.2.1", f"{forged}, {real}, 10.0.0.7")
    assert client_address(request) == real


def test_garbled_forwarded_header_falls_back_to_the_last_vouched_address(settings):
    settings.DATELINE_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_address(request_from("10.0.0.2", "garbage")) == "10.0.0.2"


def database_copy() -> list:
    """Return every value of every table, as whoever holds a copy of the database can read it."""
    values = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            values += [value for row in cursor.fetchall() for value in row]
    return values


def secrets_to_try(values) -> set[bytes]:
    """Return every value that could be a key: as text, as bytes, and hex-decoded."""
    candidates = set()
    for value in values:
        if isinstance(value, memoryview | bytes):
            candidates.add(bytes(value))
        elif isinstance(value, str) and 16 <= len(value) <= 512:
            candidates.add(value.encode())
            with contextlib.suppress(ValueError):
                candidates.add(bytes.fromhex(value))
    return candidates


def recover(comment, secrets) -> list[str]:
    """Try every host of the comment's stored network under every secret; return the matches."""
    network = ipaddress.ip_network(comment.address_network)
    return [
        str(host)
        for secret in secrets
        for host in network
        if hmac.compare_digest(
            hmac.new(secret, host.packed, hashlib.sha256).hexdigest(), comment.address_hash
        )
    ]


def test_a_copy_of_the_database_does_not_give_the_address_back(client, article, keys_dir):
    assert (
        client.post("/comments/post/", form_fields(article), REMOTE_ADDR=READER).status_code == 303
    )
    comment = Comment.objects.get()
    assert comment.address_network == "203.0.113.0/24"

    assert recover(comment, secrets_to_try(database_copy())) == []
    # The same search finds the reader at once with the key, which only the key folder holds.
    key_files = list(keys_dir.glob("*.key"))
    assert recover(comment, {bytes.fromhex(path.read_text()) for path in key_files}) == [READER]


def test_key_files_are_readable_by_their_owner_only(db, keys_dir):
    stored_address(READER)
    assert stat.S_IMODE(keys_dir.stat().st_mode) == 0o700
    for path in keys_dir.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def _first_secret(folder, period, start, answers):
    start.wait()
    answers.put(FileKeyring(folder).secret(period, create=True).hex())


def test_processes_starting_together_agree_on_one_new_key(keys_dir):
    context = multiprocessing.get_context("fork")
    start, answers = context.Barrier(8), context.Queue()
    workers = [
        context.Process(target=_first_secret, args=(keys_dir, 42, start, answers)) for _ in range(8)
    ]
    for worker in workers:
        worker.start()
    secrets = {answers.get(timeout=30) for _ in workers}
    for worker in workers:
        worker.join(timeout=30)
    assert len(secrets) == 1
    assert FileKeyring(keys_dir).periods() == [42]
    assert list(keys_dir.iterdir()) == [keys_dir / "42.key"]  # no draft left behind


@override_settings(
    REDIS_URL="redis://127.0.0.1:6379/0",
    CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
)
def test_with_redis_the_keys_live_in_it_and_not_in_files(db, keys_dir):
    from django.core.cache import cache

    cache.clear()
    first = stored_address(READER)
    assert stored_address(READER) == first
    assert not keys_dir.exists()
    cache.clear()  # Redis lost its keys (or they expired): the old hash can no longer be matched
    assert first.hash not in recent_hashes(READER)
