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
