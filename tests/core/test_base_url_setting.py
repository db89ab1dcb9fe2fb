"""DATELINE_BASE_URL: required in production; in development, the address the site serves at."""

import pytest

from .test_settings import READ_SETTING, read_setting


@pytest.mark.parametrize(
    "host, port, expected",
    [
        ("127.0.0.1", "8681", "http://127.0.0.1:8681"),
        ("0.0.0.0", "8689", "http://localhost:8689"),
        ("::1", "8000", "http://[::1]:8000"),
    ],
)
def test_development_without_a_base_url_uses_the_address_it_serves_at(
    run_with_settings, host, port, expected
):
    assert (
        read_setting(
            run_with_settings, "DATELINE_BASE_URL", HOST=host, PORT=port, DATELINE_BASE_URL=None
        )
        == expected
    )
    assert read_setting(run_with_settings, "DATELINE_BASE_URL_FROM_REQUEST") is True


def test_a_base_url_given_is_used_as_it_is(run_with_settings):
    url = read_setting(
        run_with_settings, "DATELINE_BASE_URL", DATELINE_BASE_URL="https://news.example.org/"
    )
    assert url == "https://news.example.org"
    assert (
        read_setting(run_with_settings, "DATELINE_BASE_URL_FROM_REQUEST", DATELINE_BASE_URL=url)
        is False
    )


def test_production_refuses_to_start_without_a_base_url(run_with_settings):
    outcome = run_with_settings(
        READ_SETTING.format(name="DATELINE_BASE_URL"),
        settings="dateline.settings.production",
        DATELINE_SECRET_KEY="k" * 50,
    )
    assert outcome.returncode != 0
    assert "ImproperlyConfigured: DATELINE_BASE_URL is not set" in outcome.stderr
