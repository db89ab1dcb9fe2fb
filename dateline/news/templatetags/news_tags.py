"""The site header every page shows: the edition's name, its sections, the other editions."""

from types import SimpleNamespace

from django import template
from django.utils.translation import get_language_info
from wagtail.models import Page

from dateline.core.shown import note_shown, sections_under_key, translations_key
from dateline.core.visibility import public

# `edition_home` is imported from here by other apps' templates tags; editions.py owns it.
from ..editions import edition_home, edition_home_of
from ..models import SectionPage
from ..translations import page_translations

__all__ = ["edition_header", "edition_home"]

register = template.Library()


@register.simple_tag(takes_context=True)
def edition_header(context):
    """Return what the header shows: the edition's name and home, its sections, other editions.

    The other editions link to this page's own translations where it has them, so a reader who
    switches language stays on the same story.
    """
    request = context.get("request")
    page = context.get("page")
    home = edition_home_of(page) if isinstance(page, Page) else None
    home = home or edition_home(request)
    if home is None:
        return SimpleNamespace(name="", tagline="", home_url="/", sections=[], alternates=[])
    if not isinstance(page, Page):
        page = home
    note_shown(sections_under_key(home.pk), translations_key(page.translation_key))
    alternates = [
        SimpleNamespace(
            url=translation.get_url(request),
            language_code=translation.locale.language_code,
            language_name=get_language_info(translation.locale.language_code)["name_local"],
        )
        for translation in page_translations(page)
    ]
    return SimpleNamespace(
        name=home.title,
        tagline=getattr(home, "tagline", ""),
        home_url=home.get_url(request),
        sections=list(public(SectionPage.objects.live().in_menu().child_of(home))),
        alternates=alternates,
    )
