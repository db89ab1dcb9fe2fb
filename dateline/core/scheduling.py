"""Scheduled publishing and what the clock changes: the step the background worker takes every
second."""

import logging

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django.utils.module_loading import import_string
from wagtail.models import Page, Revision

logger = logging.getLogger(__name__)


def publish_scheduled_pages() -> int:
    """Publish the revisions whose go-live time has passed and unpublish expired pages.

    Return how many revisions were due. Wagtail's own `publish_scheduled` command does the work,
    so pages, snippets and their history ("published at the scheduled time") behave exactly as
    Wagtail documents them.
    """
    now = timezone.now()
    due = Revision.objects.filter(approved_go_live_at__lt=now).count()
    # Two indexed reads when nothing is due, so the worker can look every second and a
    # scheduled story reaches readers within one, as an editor's publish does.
    if due or Page.objects.filter(live=True, expire_at__lt=now).exists():
        call_command("publish_scheduled", verbosity=0)
    if due:
        logger.info("Published %d scheduled revision(s).", due)
    return due


def run_clock_duties() -> None:
    """Run the duties named in DATELINE_CLOCK_DUTIES: what time alone changes for readers.

    Core imports no app of ours, so the apps' duties (the bake's, dateline.publish.clock) are
    named in settings, as the daily maintenance's are.
    """
    for path in settings.DATELINE_CLOCK_DUTIES:
        import_string(path)()
