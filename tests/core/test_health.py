"""`GET /health/` tells a monitor whether the site can work, and nothing about how it is built."""

import json
from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone

from dateline.core.health import record_heartbeat

ALL_OK = {"status": "ok", "database": "ok", "worker": "ok", "disk": "ok"}


@pytest.fixture
def worker_seen(db):
    record_heartbeat(now=timezone.now() - timedelta(seconds=30))


def test_a_healthy_site_answers_200_with_each_check_ok(client, worker_seen, settings):
    settings.DATELINE_HEALTH_MIN_FREE_MB = 1

    response = client.get("/health/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == ALL_OK


def test_the_answer_is_never_cached(client, worker_seen):
    response = client.get("/health/")

    assert "no-store" in response["Cache-Control"]


def test_a_worker_not_seen_for_longer_than_the_limit_makes_it_503(client, db, settings):
    settings.DATELINE_HEALTH_MIN_FREE_MB = 1
    settings.DATELINE_HEALTH_WORKER_MINUTES = 5
    record_heartbeat(now=timezone.now() - timedelta(minutes=6))

    response = client.get("/health/")

    assert response.status_code == 503
    assert json.loads(response.content) == {**ALL_OK, "status": "failing", "worker": "failing"}


def test_a_worker_never_seen_makes_it_503(client, db, settings):
    settings.DATELINE_HEALTH_MIN_FREE_MB = 1

    response = client.get("/health/")

    assert response.status_code == 503
    assert json.loads(response.content)["worker"] == "failing"


def test_a_nearly_full_disk_makes_it_503(client, worker_seen, settings):
    settings.DATELINE_HEALTH_MIN_FREE_MB = 1024 * 1024 * 1024  # a petabyte free: never

    response = client.get("/health/")

    assert response.status_code == 503
    assert json.loads(response.content) == {**ALL_OK, "status": "failing", "disk": "failing"}


def test_an_unreachable_database_makes_it_503_without_saying_why(client, worker_seen, settings):
    settings.DATELINE_HEALTH_MIN_FREE_MB = 1
    refused = OperationalError('connection to server at "10.1.2.3", port 5432 failed')

    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=refused):
        response = client.get("/health/")

    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["database"] == "failing" and body["status"] == "failing"
    assert set(body) == set(ALL_OK)
    assert b"10.1.2.3" not in response.content and b"5432" not in response.content


def test_the_answer_names_no_version_or_path(client, worker_seen, settings):
    import django
    import wagtail

    response = client.get("/health/")

    for revealing in (django.__version__, wagtail.__version__, str(settings.DATELINE_HOME)):
        assert revealing.encode() not in response.content
