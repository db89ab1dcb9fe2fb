from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedsConfig(AppConfig):
    """RSS, Atom and JSON feeds, the sitemaps (with the Google News sitemap) and robots.txt."""

    name = "dateline.feeds"
    label = "feeds"
    verbose_name = _("Feeds and sitemaps")
