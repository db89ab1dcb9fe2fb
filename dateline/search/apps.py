from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The readers' search page.

    Labelled `dateline_search` because Wagtail's own search app is `wagtail.search` (label
    `wagtailsearch`) and its engine is `modelsearch`: a bare "search" label would read as either.
    """

    name = "dateline.search"
    label = "dateline_search"
    verbose_name = _("Search")
