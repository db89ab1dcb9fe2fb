"""The worker's daily maintenance: each duty runs once a day, records its run, and retries failures."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from dateline.comments.models import Comment, CommentStatus
from dateline.core.maintenance import prune_task_results, run_due_maintenance
from dateline.core.models import MaintenanceRun

PURGE = "dateline.comments.retention.purge"
PRUNE = "dateline.core.maintenance.prune_task_results"
REFILE = "dateline.news.models.article.refile_drifted_listing_rows"
calls = []


def count_a_call():
    calls.append(timezone.now())
    return f"call {len(calls)}"


def fail_every_time():
    raise ConnectionError("mail server away")


@pytest.fixture
def counted(settings):
    calls.clear()
    settings.DATELINE_DAILY_MAINTENANCE = [f"{__name__}.count_a_call"]
    return f"{__name__}.count_a_call"


def test_the_worker_purges_old_spam_and_records_when_it_ran(article, settings):
    settings.DATELINE_COMMENTS_PURGE_REMOVED_DAYS = 30
    spam = Comment.objects.create_comment(
        article, text="Buy now", author_name="Spam", status=CommentStatus.SPAM
    )
    Comment.objects.filter(pk=spam.pk).update(status_changed_at=timezone.now() - timedelta(days=31))
    now = timezone.now()

    assert run_due_maintenance(now) == [PURGE, PRUNE, REFILE]

    assert not Comment.objects.filter(pk=spam.pk).exists()
    run = MaintenanceRun.objects.get(name=PURGE)
    assert (run.last_started_at, run.last_succeeded) == (now, True)
    assert run.last_finished_at >= now
    assert "removed=1" in run.last_outcome
    assert run.next_due_at == now + timedelta(days=1)


def test_a_duty_does_not_run_twice_in_one_day(db, counted):
    first = timezone.now()

    assert run_due_maintenance(first) == [counted]
    assert run_due_maintenance(first + timedelta(minutes=10)) == []
    assert run_due_maintenance(first + timedelta(hours=23, minutes=59)) == []
    assert len(calls) == 1

    assert run_due_maintenance(first + timedelta(days=1)) == [counted]
    assert len(calls) == 2
    assert MaintenanceRun.objects.get(name=counted).last_outcome == "call 2"


def test_a_failed_duty_is_recorded_and_tried_again_an_hour_later(db, settings, caplog):
    name = f"{__name__}.fail_every_time"
    settings.DATELINE_DAILY_MAINTENANCE = [name]
    first = timezone.now()

    assert run_due_maintenance(first) == [name]
    run = MaintenanceRun.objects.get(name=name)
    assert run.last_succeeded is False
    assert run.last_outcome == "ConnectionError: mail server away"
    assert f"Daily maintenance {name} failed" in caplog.text

    assert run_due_maintenance(first + timedelta(minutes=59)) == []
    assert run_due_maintenance(first + timedelta(hours=1)) == [name]


def test_a_duty_claimed_by_another_worker_is_not_started_again(db, counted):
    now = timezone.now()
    MaintenanceRun.objects.create(
        name=counted, next_due_at=now + timedelta(hours=1), last_started_at=now
    )

    assert run_due_maintenance(now + timedelta(minutes=5)) == []
    assert calls == []


def test_old_task_results_are_pruned_and_queued_ones_kept(db, settings):
    settings.DATELINE_TASK_RESULTS_KEEP_DAYS = 7
    now = timezone.now()
    common = {
        "args_kwargs": {"args": [], "kwargs": {}},
        "task_path": "x.y",
        "backend_name": "default",
    }
    old = DBTaskResult.objects.create(
        status="SUCCESSFUL", finished_at=now - timedelta(days=8), **common
    )
    recent = DBTaskResult.objects.create(
        status="SUCCESSFUL", finished_at=now - timedelta(days=6), **common
    )
    queued = DBTaskResult.objects.create(status="READY", **common)

    assert prune_task_results(now) == 1

    remaining = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, queued.pk}
    assert old.pk not in remaining


def test_the_maintenance_command_shows_each_duty_and_runs_the_due_ones(db, counted):
    from io import StringIO

    from django.core.management import call_command
    from django.utils import translation

    before, after = StringIO(), StringIO()
    with translation.override("en"):  # an operator's terminal in English, whatever ran before
        call_command("maintenance", stdout=before)
        call_command("maintenance", "--run-due", stdout=after)

    assert before.getvalue() == f"{counted}: never run yet.\n"
    lines = after.getvalue().splitlines()
    assert lines[0] == f"Ran {counted}."
    assert lines[1].startswith(f"{counted}: done at ")
    assert "(call 1); next due " in lines[1]
    assert len(calls) == 1
