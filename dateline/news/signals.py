"""Signals of the news app, for the apps above it.

- `pages_written_in_bulk(page_ids)`: pages were written by a bulk writer that sends no save
  signal per page: created (and published, when live) by the WordPress import, or filed again in
  their listings (`refile_drifted_listing_rows`). What listens to Wagtail's page saves, such as
  the re-bake, hears of them here, once per batch, and puts each in the listings it is in now.
"""

from django.dispatch import Signal

pages_written_in_bulk = Signal()
