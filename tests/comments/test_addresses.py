"""What is kept of a client's address: a hash under a key that rotates away, and its network."""

from datetime import timedelta

from django.test import RequestFactory, override_settings
from django.utils import timezone

from dateline.comments.addresses import client_address, recent_hashes, stored_address
from dateline.comments.models import AddressKey


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
    assert AddressKey.objects.count() == 1  # the key that made `early` is gone for good
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
