"""Scheduled publishing: the step the background worker takes every minute."""

import logging

from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Revision

logger = logging.getLogger(__name__)


def publish_scheduled_pages() -> int:
    """Publish the revisions whose go-live time has passed and unpublish expired pages.

    Return how many revisions were due. Wagtail's own `publish_scheduled` command does the work,
    so pages, snippets and their history ("published at the scheduled time") behave exactly as
    Wagtail documents them.
    """
    due = Revision.objects.filter(approved_go_live_at__lt=timezone.now()).count()
    call_command("publish_scheduled", verbosity=0)
    if due:
        logger.info("Published %d scheduled revision(s).", due)
    return due
