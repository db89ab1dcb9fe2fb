"""The background worker's loop for periodic steps (scheduled publishing)."""

import threading

from dateline.core.management.commands.worker import run_every


def test_periodic_step_runs_at_once_not_after_the_first_interval():
    calls = []
    stop = threading.Event()
    stop.set()  # Asked to stop before the first interval is over.

    run_every(3600, lambda: calls.append("ran"), stop)

    assert calls == ["ran"]


def test_a_failing_periodic_step_is_tried_again_at_the_next_interval(caplog):
    stop = threading.Event()
    calls = []

    def publish_scheduled_pages():
        calls.append(len(calls))
        if len(calls) == 1:
            raise ConnectionError("database restarting")
        stop.set()

    run_every(0.01, publish_scheduled_pages, stop)

    assert calls == [0, 1]
    assert "publish_scheduled_pages failed; trying again in 0.01 seconds." in caplog.text


def test_the_worker_waits_out_a_locked_database_instead_of_dying(monkeypatch, caplog):
    from django.core.management import call_command
    from django.db import OperationalError

    from dateline.core.management.commands import worker

    runs = []

    def db_worker(name, **options):
        runs.append(name)
        if len(runs) < 3:  # an import holds SQLite's lock past the busy timeout, twice
            raise OperationalError("database is locked")
        # the third time round the loop runs until it is asked to stop

    monkeypatch.setattr(worker, "call_command", db_worker)
    monkeypatch.setattr(worker, "BUSY_DATABASE_WAIT_SECONDS", 0.01)
    monkeypatch.setattr(worker, "publish_scheduled_pages", lambda: None)

    call_command("worker", schedule_interval=3600)

    assert runs == ["db_worker"] * 3
    assert "The database is busy or unreachable (database is locked)" in caplog.text


def test_a_failing_warm_up_is_logged_and_the_worker_goes_on_to_its_tasks(
    monkeypatch, settings, caplog
):
    from django.core.management import call_command

    from dateline.core.management.commands import worker

    settings.DATELINE_WORKER_WARM_UP = ["dateline.no_such_module.warm_up"]
    runs = []
    monkeypatch.setattr(worker, "call_command", lambda name, **options: runs.append(name))
    monkeypatch.setattr(worker, "publish_scheduled_pages", lambda: None)

    call_command("worker", schedule_interval=3600)

    assert runs == ["db_worker"]
    assert "The worker's warm-up dateline.no_such_module.warm_up failed" in caplog.text
