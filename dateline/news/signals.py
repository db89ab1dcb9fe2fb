"""Signals of the news app, for the apps above it.

- `pages_written_in_bulk(page_ids)`: pages were created (and published, when live) by a bulk
  writer that sends no save signal per page (the WordPress import). What listens to Wagtail's
  page saves, such as the re-bake, hears of them here, once per batch.
"""

from django.dispatch import Signal

pages_written_in_bulk = Signal()
