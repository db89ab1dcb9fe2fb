"""Publish a page from code the way an editor does: through a revision, optionally back-dated."""

from datetime import datetime

from .models import refresh_listing_rows


def publish(page, at: datetime | None = None):
    """Publish a page through a revision, as an editor would, optionally dated in the past.

    Back-dating sets the first and last publication to `at`, as an archive moved from elsewhere
    needs; the page is read again so the caller holds what readers will see.
    """
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    if at is not None:
        type(page).objects.filter(pk=page.pk).update(
            first_published_at=at, last_published_at=at, latest_revision_created_at=at
        )
        refresh_listing_rows([page.pk])
        page.refresh_from_db()
    return page
