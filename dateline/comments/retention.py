"""How long comments nobody will publish are kept: spam, trash, and pending comments left unhandled."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .addresses import destroy_expired_keys
from .models import Comment, CommentStatus
from .moderation import REMOVED, delete_comments


@dataclass(frozen=True)
class PurgeReport:
    removed: int  # spam and trash
    pending: int


def purgeable(now=None) -> tuple:
    """Return (removed, pending): the comments a purge would delete now."""
    now = now or timezone.now()
    removed_days = settings.DATELINE_COMMENTS_PURGE_REMOVED_DAYS
    pending_days = settings.DATELINE_COMMENTS_PURGE_PENDING_DAYS
    removed = Comment.objects.none()
    pending = Comment.objects.none()
    if removed_days > 0:
        removed = Comment.objects.filter(
            status__in=REMOVED, status_changed_at__lt=now - timedelta(days=removed_days)
        )
    if pending_days > 0:
        pending = Comment.objects.filter(
            status=CommentStatus.PENDING, created_at__lt=now - timedelta(days=pending_days)
        )
    return removed, pending


@transaction.atomic
def purge(now=None, *, dry_run: bool = False) -> PurgeReport:
    """Delete spam and trash older than DATELINE_COMMENTS_PURGE_REMOVED_DAYS (counted from when
    they were removed) and pending comments older than DATELINE_COMMENTS_PURGE_PENDING_DAYS, and
    destroy expired address keys. 0 days keeps that kind for ever."""
    removed, pending = purgeable(now)
    if dry_run:
        return PurgeReport(removed=removed.count(), pending=pending.count())
    report = PurgeReport(removed=delete_comments(removed), pending=delete_comments(pending))
    destroy_expired_keys(now)
    return report
