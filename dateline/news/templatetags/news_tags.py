"""The site header every page shows: the edition's name, its sections, the other editions."""

from types import SimpleNamespace

from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import translate_url
from django.utils.translation import get_language_info
from wagtail.models import Page

from dateline.core.compiled import CompiledQuery
from dateline.core.shown import note_shown, page_key, sections_under_key, shared_value
from dateline.core.visibility import public

# `edition_home` is imported from here by other apps' templates tags; editions.py owns it.
from ..editions import edition_home, edition_home_of, page_url
from ..listing_index import LAST_STEP
from ..models import SectionPage, StandardPage
from ..translations import linked_edition_homes, linked_versions, route_subject, route_versions

__all__ = ["edition_header", "edition_home"]

register = template.Library()


@register.simple_tag(takes_context=True)
def edition_header(context):
    """Return what the header and footer show: the edition's name and home, its sections, the
    plain pages it links from the footer, and every other edition.

    Each other edition is linked from every page, to this page's version there when it has one
    and to that edition's home otherwise, so the switch never disappears. A contributor's page
    links to the same contributor's in each edition, a topic's to its counterpart's.
    """
    request = context.get("request")
    page = context.get("page")
    home = edition_home_of(page) if isinstance(page, Page) else None
    home = home or edition_home(request)
    if home is None:
        return SimpleNamespace(
            name="", tagline="", home_url="/", sections=[], footer_pages=[], alternates=[]
        )
    in_tree = isinstance(page, Page)
    if not in_tree:
        page = home
    note_shown(sections_under_key(home.pk), page_key(home.pk))
    sections, footer_pages = shared_value(("menus", home.pk), lambda: _menus(home))
    return SimpleNamespace(
        name=home.title,
        tagline=getattr(home, "tagline", ""),
        home_url=home.get_url(request),
        sections=[_link(section, request) for section in sections],
        footer_pages=[_link(footer_page, request) for footer_page in footer_pages],
        alternates=_alternates(request, page, home, in_tree, route_subject(context)),
    )


# Every page's header asks it (core/compiled.py: the statement is built once).
_MENU_PAGES = CompiledQuery(
    lambda home_path, last_path, depth, types: public(
        Page.objects.live()
        .in_menu()
        .filter(path__gt=home_path, path__lte=last_path, depth=depth, content_type_id__in=types)
    ).order_by("path"),
    home_path="a home's path",
    last_path="the highest path a child can have",
    depth=2_000_000_001,
    types=[1_500_000_000],
)


def _menus(home) -> tuple[list, list]:
    """Return the sections for the header and the plain pages for the footer, in one query.

    Both are the edition home's children marked "show in menus" (for a plain page the admin
    calls it "show in the footer"); they come as plain pages, and the header makes each a link
    (`_link`).
    """
    section_type = ContentType.objects.get_for_model(SectionPage).pk
    standard_type = ContentType.objects.get_for_model(StandardPage).pk
    pages = _MENU_PAGES.instances(
        home_path=home.path,
        last_path=home.path + LAST_STEP,
        depth=home.depth + 1,
        types=[section_type, standard_type],
    )
    sections, footer_pages = [], []
    for child in pages:
        (sections if child.content_type_id == section_type else footer_pages).append(child)
    return sections, footer_pages


def _link(page, request) -> SimpleNamespace:
    """Return a menu's entry: a page's id, title and address (found by `page_url`, as the menus
    read plain pages, which Wagtail would each reverse through the URL patterns)."""
    return SimpleNamespace(pk=page.pk, title=page.title, url=page_url(page, request))


def _alternates(request, page, home, in_tree: bool, subject: dict) -> list[SimpleNamespace]:
    """Return a link to every other edition: this page's version there, else that edition's home.

    A view outside the page tree (search, the pages about mirrors) links to the same view in the
    other language; a page the tree does not have (a 404) to the other edition's home.
    """
    match = getattr(request, "resolver_match", None)
    outside_tree = not in_tree and match is not None and match.url_name != "wagtail_serve"
    versions = {}
    if subject and page.pk == home.pk:
        versions = route_versions(home, request, **subject)
    elif not outside_tree:
        # Wagtail's own translations first, then articles linked by "translated from".
        linked = sorted(
            linked_versions(page), key=lambda v: v.translation_key != page.translation_key
        )
        for version in linked:
            if version.pk != page.pk and version.locale_id not in versions:
                versions[version.locale_id] = version.get_url(request)
    alternates = []
    for locale_id, other_home in linked_edition_homes().items():
        if locale_id == home.locale_id or not other_home.live:
            continue
        code = other_home.locale.language_code
        if locale_id in versions:
            url = versions[locale_id]
        elif outside_tree:
            url = translate_url(request.path, code)
        else:
            url = other_home.get_url(request)
        alternates.append(
            SimpleNamespace(
                url=url,
                language_code=code,
                language_name=get_language_info(code)["name_local"],
                is_translation=locale_id in versions,
            )
        )
    return alternates
