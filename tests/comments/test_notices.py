"""Moderators hear of new comments by email, in batches a flood cannot multiply."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from django_tasks import default_task_backend

from dateline.comments.models import Comment, ModerationNotice
from dateline.comments.notices import send_moderation_notice


@pytest.fixture
def post(post, django_capture_on_commit_callbacks):
    """Post as a reader does, running what waits for the commit (the notice) as it would."""

    def post_and_commit(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return post(*args, **kwargs)

    return post_and_commit


def test_new_pending_comment_emails_editors_and_moderators(article, post, editor, moderator):
    post(article, comment="Is the border open?")
    assert len(mail.outbox) == 2
    assert sorted(message.to[0] for message in mail.outbox) == [editor.email, moderator.email]
    message = mail.outbox[0]
    assert "1 comment awaits moderation" in message.subject
    assert "Is the border open?" in message.body
    assert "/admin/comments/?status=pending" in message.body


def test_notice_does_not_carry_the_commenters_email(article, post, editor):
    post(article, email="private.reader@example.org")
    assert "private.reader@example.org" not in mail.outbox[0].body


@override_settings(DATELINE_COMMENTS_FLOOD_SECONDS=0, DATELINE_COMMENTS_NOTICE_MINUTES=15)
def test_a_flood_of_comments_sends_one_notice_per_interval(article, post, editor):
    for number in range(20):
        post(article, comment=f"Comment {number}", email=f"reader{number}@example.org")
    assert len(mail.outbox) == 1
    assert Comment.objects.filter(notified_at__isnull=True).count() == 19


@override_settings(DATELINE_COMMENTS_FLOOD_SECONDS=0, DATELINE_COMMENTS_NOTICE_MINUTES=15)
def test_the_next_notice_lists_every_comment_that_waited(article, post, editor):
    for number in range(5):
        post(article, comment=f"Comment {number}", email=f"reader{number}@example.org")
    ModerationNotice.objects.update(sent_at=timezone.now() - timedelta(minutes=16))
    assert send_moderation_notice.call() == 4
    assert "4 comments await moderation" in mail.outbox[-1].subject
    assert not Comment.objects.filter(notified_at__isnull=True).exists()


@override_settings(DATELINE_COMMENTS_APPROVAL="all")
def test_published_comments_send_no_notice(article, post, editor):
    post(article)
    assert mail.outbox == []


def test_while_the_worker_is_away_overdue_comments_queue_one_retry_not_one_each(
    article, post, editor, settings
):
    # All through the fixture: its clean-up, run after an `override_settings` decorator's, would
    # bring the decorator's values back for the tests that follow.
    settings.DATELINE_COMMENTS_FLOOD_SECONDS = 0
    settings.DATELINE_COMMENTS_NOTICE_MINUTES = 15
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    post(article, comment="The first, whose notice never went", email="first@example.org")
    Comment.objects.update(created_at=timezone.now() - timedelta(hours=1))
    queued = default_task_backend.results
    assert [result.task.name for result in queued] == ["send_moderation_notice"]
    for number in range(5):
        post(article, comment=f"Comment {number}", email=f"reader{number}@example.org")
    assert len(queued) == 2, "one retry for the overdue notice, however many comments come"
    assert Comment.objects.filter(notified_at__isnull=True).count() == 6


def test_with_no_interval_every_comment_still_queues_its_notice(article, post, editor, settings):
    """Notices at once: nothing is held back for a retry window, as before retries were counted."""
    settings.DATELINE_COMMENTS_FLOOD_SECONDS = 0
    settings.DATELINE_COMMENTS_NOTICE_MINUTES = 0
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    for number in range(3):
        post(article, comment=f"Comment {number}", email=f"reader{number}@example.org")
    assert len(default_task_backend.results) == 3
