from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The readers' search page.

    Labelled `dateline_search` because Wagtail's own search app is `wagtail.search` (label
    `wagtailsearch`) and its engine is `modelsearch`: a bare "search" label would read as either.
    """

    name = "dateline.search"
    label = "dateline_search"
    verbose_name = _("Search")

    def ready(self):
        from .entry_index import ensure_search_entry_index

        # This app has no models, so Django sends it no `post_migrate`: hooked to Wagtail's
        # search app, whose table the index is on.
        wagtail_search = self.apps.get_app_config("wagtailsearch")
        post_migrate.connect(ensure_search_entry_index, sender=wagtail_search)
