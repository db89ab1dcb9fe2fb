"""Tell the moderators by email that comments are waiting, in batches a flood cannot multiply.

At most one notice goes out per DATELINE_COMMENTS_NOTICE_MINUTES, listing every pending comment
not yet announced. When a comment arrives and it is the oldest one not yet announced, a background
task is queued for the moment the next notice is allowed; later comments of the same batch queue
nothing, so a thousand comments in a minute cost one task and one email per recipient.
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from dateline.core.compiled import CompiledQuery
from dateline.news.roles import EDITORS

from .models import Comment, CommentStatus, ModerationNotice
from .roles import MODERATORS
from .signals import comment_posted

NOTICE_LIMIT = 200  # comments listed in one email; the rest are counted and wait in the queue


def _interval() -> timedelta:
    return timedelta(minutes=max(0, settings.DATELINE_COMMENTS_NOTICE_MINUTES))


# Each new pending comment asks both questions below: their statements are built once
# (core/compiled.py).
_LAST_NOTICE = CompiledQuery(
    lambda: ModerationNotice.objects.order_by("-sent_at").values_list("sent_at")[:1]
)
_OLDEST_UNANNOUNCED_BEFORE = CompiledQuery(
    lambda created_at, pk: (
        Comment.objects.filter(status=CommentStatus.PENDING, notified_at__isnull=True)
        .filter(Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=pk))
        .order_by("created_at")
        .values_list("created_at")[:1]
    ),
    created_at=datetime(1900, 1, 1, tzinfo=UTC),
    pk=-2_000_000_001,
)
# While the oldest comment's notice is overdue (the worker is stopped, or the mail server refused),
# the comments that arrive queue one retry per interval, not one each (see schedule_notice).
_RETRY_KEY = "comments:notice:retry"


def _next_notice_due(now):
    last = _LAST_NOTICE.rows()
    return max(now, last[0][0] + _interval()) if last else now


def recipients() -> list[str]:
    """Return the addresses of active Editors, Moderators and administrators."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    users = users.filter(Q(groups__name__in=[EDITORS, MODERATORS]) | Q(is_superuser=True))
    return sorted(set(users.values_list("email", flat=True)))


@task()
def send_moderation_notice() -> int:
    """Email the moderators about pending comments not yet announced; return how many were listed.

    Does nothing before the batch interval has passed since the last notice: the task queued for
    that moment will send it.
    """
    now = timezone.now()
    if _next_notice_due(now) > now:
        return 0
    to = recipients()
    with transaction.atomic():
        waiting = Comment.objects.filter(status=CommentStatus.PENDING, notified_at__isnull=True)
        batch = list(waiting.select_related("article").order_by("created_at", "pk")[:NOTICE_LIMIT])
        if not batch:
            return 0
        total = waiting.count()
        announced = Comment.objects.filter(pk__in=[comment.pk for comment in batch])
        announced.update(notified_at=now)
        notice = ModerationNotice.objects.create(
            sent_at=now, comment_count=len(batch), recipient_count=len(to)
        )
    # Mailed after the commit, so a slow mail server never holds the database's write lock; if it
    # refuses, the comments are marked as not told again and the next notice lists them.
    try:
        if to:
            _send(batch, total, to)
    except Exception:
        announced.update(notified_at=None)
        notice.delete()
        raise
    return len(batch)


def _send(batch, total, to) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        subject = ngettext(
            "[%(newsroom)s] %(count)d comment awaits moderation",
            "[%(newsroom)s] %(count)d comments await moderation",
            total,
        ) % {"newsroom": settings.DATELINE_NEWSROOM_NAME, "count": total}
        queue = settings.WAGTAILADMIN_BASE_URL + reverse("comments_moderation:index")
        lines = [_("New comments are waiting for a moderator:"), ""]
        for comment in batch:
            lines += [
                f"* {comment.author_name} — {comment.article.title}",
                f"  {Truncator(' '.join(comment.text.split())).chars(200)}",
            ]
        if total > len(batch):
            lines += ["", _("…and %(count)d more.") % {"count": total - len(batch)}]
        lines += ["", _("Moderate them here: %(url)s") % {"url": f"{queue}?status=pending"}]
        body = "\n".join(lines)
    connection = get_connection()
    connection.send_messages(
        [EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in to]
    )


def schedule_notice(comment: Comment) -> None:
    """Queue the notice for a new pending comment if no earlier comment has queued it already.

    The oldest comment not yet announced queues the task. When that oldest one has waited more
    than two intervals, its notice failed or the worker is away: a later comment queues a retry,
    at most one per interval for that oldest comment (in each process with the local cache, across
    processes with Redis). A worker that comes back after an hour finds one task waiting rather
    than one for every comment of that hour.
    """
    if comment.status != CommentStatus.PENDING:
        return
    now = timezone.now()
    older = _OLDEST_UNANNOUNCED_BEFORE.rows(created_at=comment.created_at, pk=comment.pk)
    if older and now - older[0][0] < 2 * _interval():
        return
    # Keyed by the oldest comment waiting, so the next oldest, once a notice announces this one,
    # queues its own retry. With no interval (a notice for every comment) each comment queues one.
    retry = f"{_RETRY_KEY}:{older[0][0].isoformat()}" if older and _interval() else None
    if retry and not cache.add(retry, True, timeout=_interval().total_seconds()):
        return
    try:
        notice = send_moderation_notice
        due = _next_notice_due(now)
        if notice.get_backend().supports_defer and due > now:
            notice = notice.using(run_after=due)
        notice.enqueue()
    except Exception:
        if retry:
            cache.delete(retry)  # not queued: the next comment must try again
        raise


@receiver(comment_posted)
def _announce_new_comment(sender, comment, **kwargs):
    transaction.on_commit(lambda: schedule_notice(comment))
