"""The admin log-in resists guessing: accounts and addresses lock out, and an admin can unlock them."""

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

LOGIN = "/admin/login/"
ATTACKER = "203.0.113.66"
PASSWORD = "the-right-one"


@pytest.fixture
def editor(db):
    return User.objects.create_user("ed", "ed@newsroom.example", PASSWORD, is_superuser=True)


def log_in(username, password, address=ATTACKER, **headers):
    """Try to log in from a fresh browser at `address`; return the response."""
    return Client(REMOTE_ADDR=address, **headers).post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}
    )


def logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_thirty_wrong_passwords_then_the_right_one_is_refused(editor):
    for guess in range(30):
        assert not logged_in(log_in("ed", f"guess-{guess}"))
    response = log_in("ed", PASSWORD)
    assert not logged_in(response)
    assert response.status_code == 429
    assert "locked out for 15 minutes" in text_of(response)


def test_an_account_stays_locked_whatever_address_the_guesses_come_from(editor):
    for guess in range(5):
        log_in("ed", f"guess-{guess}", address=f"198.51.100.{guess + 1}")
    assert not logged_in(log_in("ed", PASSWORD, address="192.0.2.200"))


def test_an_address_guessing_many_accounts_is_locked_for_all_of_them(editor):
    for guess in range(5):
        log_in(f"user-{guess}", "guess")
    assert not logged_in(log_in("ed", PASSWORD))
    assert logged_in(log_in("ed", PASSWORD, address="192.0.2.200"))


def test_lockout_counts_the_address_a_trusted_proxy_names(editor, settings):
    settings.DATELINE_TRUSTED_PROXIES = ["127.0.0.1"]
    for guess in range(5):
        log_in(f"user-{guess}", "guess", address="127.0.0.1", HTTP_X_FORWARDED_FOR=ATTACKER)
    assert AccessAttempt.objects.filter(ip_address=ATTACKER).count() == 5
    # Another reader behind the same proxy is not locked out by the attacker's guesses.
    assert logged_in(
        log_in("ed", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.200")
    )


def test_a_success_before_the_limit_forgets_the_earlier_failures(editor):
    for guess in range(4):
        log_in("ed", f"guess-{guess}")
    assert logged_in(log_in("ed", PASSWORD))
    for guess in range(4):
        log_in("ed", f"again-{guess}")
    assert logged_in(log_in("ed", PASSWORD))


def test_an_administrator_unlocks_from_the_admin(editor, client):
    for guess in range(30):
        log_in("ed", f"guess-{guess}")
    admin = User.objects.create_superuser("chief", "chief@newsroom.example", "pw")
    client.force_login(admin)
    listing = client.get("/admin/login-lockouts/")
    assert listing.status_code == 200
    assert ATTACKER in text_of(listing)
    attempt = AccessAttempt.objects.get(username="ed")
    unlock_url = f"/admin/login-lockouts/delete/{attempt.pk}/"
    assert unlock_url in text_of(listing)

    assert "Yes, unlock" in text_of(client.get(unlock_url))
    assert client.post(unlock_url).status_code == 302

    assert logged_in(log_in("ed", PASSWORD))


def test_only_administrators_see_the_lockouts(editor, client):
    reporter = User.objects.create_user("rep", password="pw")
    from django.contrib.auth.models import Group

    reporter.groups.add(Group.objects.get(name="Editors"))
    client.force_login(reporter)
    assert client.get("/admin/login-lockouts/").status_code in (302, 403)


def test_an_operator_unlocks_from_the_command_line(editor):
    for guess in range(30):
        log_in("ed", f"guess-{guess}")
    call_command("axes_reset_username", "ed")
    call_command("axes_reset_ip", ATTACKER)
    assert logged_in(log_in("ed", PASSWORD))
