from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetadataConfig(AppConfig):
    """What a page tells machines about itself: JSON-LD, link previews, canonical and hreflang."""

    name = "dateline.metadata"
    label = "metadata"
    verbose_name = _("Structured data and link previews")
