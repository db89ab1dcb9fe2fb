from types import SimpleNamespace

from django import template
from django.utils.translation import get_language, get_language_info
from wagtail.models import Locale, Page, Site

from dateline.core.shown import note_shown, sections_under_key, translations_key

from ..models import HomePage, SectionPage, edition_home_of

register = template.Library()


def edition_home(request) -> HomePage | None:
    """Return the home page of the language edition the request is being served in.

    Remembered on the request per language: the header, feeds and page metadata all ask for it
    while one page renders, and each asking cost two queries.
    """
    if request is None:
        return None
    remembered = request.__dict__.setdefault("_dateline_edition_homes", {})
    language = get_language()
    if language not in remembered:
        remembered[language] = _find_edition_home(request)
    return remembered[language]


def _find_edition_home(request) -> HomePage | None:
    site = Site.find_for_request(request)
    if site is None:
        return None
    return (
        HomePage.objects.filter(
            translation_key=site.root_page.translation_key, locale=Locale.get_active()
        ).first()
        or site.root_page.specific
    )


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
        for translation in page.get_translations().live().public().select_related("locale")
    ]
    return SimpleNamespace(
        name=home.title,
        tagline=getattr(home, "tagline", ""),
        home_url=home.get_url(request),
        sections=list(SectionPage.objects.live().public().in_menu().child_of(home)),
        alternates=alternates,
    )
