"""What the clock alone changes on baked pages, re-baked by the worker's scheduled step.

No editor's change announces these, so the worker looks every time it checks for scheduled
publications (dateline.core.scheduling runs the duties named in DATELINE_CLOCK_DUTIES):
- the Google News sitemap holds the last two days: a story leaves it two days after publication;
- an article's comments close DATELINE_COMMENTS_CLOSE_AFTER_DAYS after publication;
- the comment form carries a signed token that expires after DATELINE_COMMENTS_FORM_MAX_AGE_HOURS,
  and the footer the year: every baked page is rendered again before half the token's life has
  passed, or when the year has turned, a limited number per step, oldest first.
Each becomes a pending change like an editor's, handled by the same re-bake task.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from dateline.core.shown import comment_thread_key
from dateline.feeds.sitemaps import NEWS_SITEMAP_DAYS
from dateline.news.models import ArticlePage

from .changes import baking_is_on, record_changes
from .claims import URL_KEY
from .models import BakedPage, PendingChange

# How far back each look reaches, so a step that ran late (a busy worker) misses nothing; a story
# seen twice is rendered twice, which is harmless.
LOOK_BACK = timedelta(minutes=5)
_NEWS_SITEMAP_URLS = [("sitemap-section", {"section": "news"}), ("sitemap-index", {})]
REFRESH_PER_STEP = 50  # old pages queued per step: with a step a second, 180,000 an hour


def rebake_what_the_clock_changed(now: datetime | None = None) -> int:
    """Queue the re-bake of what time has changed since the last look; return how many keys."""
    if not baking_is_on():
        return 0
    now = now or timezone.now()
    keys = _news_sitemap_keys(now) + _closing_comment_keys(now) + _aging_page_keys(now)
    record_changes(keys)
    return len(keys)


def _news_sitemap_keys(now: datetime) -> list[str]:
    edge = now - timedelta(days=NEWS_SITEMAP_DAYS)
    leaving = ArticlePage.objects.live().filter(
        first_published_at__gt=edge - LOOK_BACK, first_published_at__lte=edge
    )
    if not leaving.exists():
        return []
    # The index dates each sitemap by its newest entry, so it changes with the news sitemap.
    return [URL_KEY + reverse(name, kwargs=kwargs) for name, kwargs in _NEWS_SITEMAP_URLS]


def _closing_comment_keys(now: datetime) -> list[str]:
    days = settings.DATELINE_COMMENTS_CLOSE_AFTER_DAYS
    if days <= 0:
        return []
    edge = now - timedelta(days=days)
    closing = ArticlePage.objects.live().filter(
        first_published_at__gt=edge - LOOK_BACK, first_published_at__lte=edge
    )
    return [comment_thread_key(pk) for pk in closing.values_list("pk", flat=True)]


def _aging_page_keys(now: datetime) -> list[str]:
    """Return the oldest baked pages due a fresh render (half the form's life, or a new year)."""
    half_life = timedelta(hours=settings.DATELINE_COMMENTS_FORM_MAX_AGE_HOURS) / 2
    new_year = timezone.localtime(now).replace(
        month=1, day=1, hour=0, minute=0, second=0, microsecond=0
    )
    cutoff = max(now - half_life, new_year)
    if PendingChange.objects.filter(key__startswith=URL_KEY).count() >= REFRESH_PER_STEP:
        return []  # the re-bake has not caught up with the last step's pages yet
    due = (
        BakedPage.objects.filter(baked_at__lt=cutoff)
        .order_by("baked_at")
        .values_list("url", flat=True)[:REFRESH_PER_STEP]
    )
    return [URL_KEY + url for url in due]
