"""`{% page_metadata %}`: the <head> lines machines read, for whatever page is being served.

Canonical link and hreflang alternates on every page; Open Graph and Twitter card meta for link
previews; JSON-LD (NewsArticle and BreadcrumbList on articles, WebSite with a SearchAction on
front pages). Everything comes from the page's public fields, in a fixed number of queries.
"""

from urllib.parse import unquote, urlsplit

from django import template
from django.conf import settings
from django.utils.translation import get_language
from wagtail.models import Page

from dateline.core.models import NewsroomSettings
from dateline.news.editions import edition_home, edition_homes, locale_by_id
from dateline.news.models import ArticlePage, HomePage
from dateline.news.translations import (
    live_original,
    live_translations,
    route_subject,
    route_versions,
)

from .. import facts, structured_data

register = template.Library()

# Open Graph names a locale by language and territory; these are the editions' usual territories.
OPEN_GRAPH_LOCALES = {
    "en": "en_US",
    "ko": "ko_KR",
    "ja": "ja_JP",
    "zh-hans": "zh_CN",
    "zh-hant": "zh_TW",
    "ru": "ru_RU",
}


def open_graph_locale(language_code: str) -> str:
    code = language_code.lower()
    if code in OPEN_GRAPH_LOCALES:
        return OPEN_GRAPH_LOCALES[code]
    language, _dash, territory = code.partition("-")
    return f"{language}_{territory.upper()}" if territory else language


@register.inclusion_tag("metadata/_head.html", takes_context=True)
def page_metadata(context):
    """Return what `metadata/_head.html` prints for the page in the template's context."""
    request = context.get("request")
    if request is None:
        return {}
    root = facts.site_root(request)
    page = context.get("page")
    page = page if isinstance(page, Page) else None
    home = edition_home(request)
    # A page's own address, or one of its routes (a contributor's page is a route of the home).
    is_page_itself = page is not None and request.path == urlsplit(page.get_url(request)).path
    # Further pages of a listing or a discussion are paths of their own (`page/2/`): canonical.
    canonical = facts.absolute(root, request.path)

    alternates = []
    if is_page_itself:
        versions = facts.versions_of(page)
        if len(versions) > 1:
            alternates = [
                (version.locale.language_code, facts.absolute(root, version.url))
                for version in versions
            ]
    elif isinstance(page, HomePage):
        alternates = _route_alternates(request, page, context, root)
    language = locale_by_id(page.locale_id).language_code if page is not None else get_language()
    site_name = home.title if home is not None else settings.DATELINE_NEWSROOM_NAME
    newsroom = NewsroomSettings.for_request(request)
    logo = facts.logo_rendition(newsroom)
    publisher = structured_data.publisher(site_name, root, logo)

    title = _title(page, context, site_name)
    description = _description(page, context)
    meta = {
        "canonical": canonical,
        "alternates": alternates,
        "x_default": _x_default(alternates),
        "open_graph": [
            ("og:site_name", site_name),
            ("og:title", title),
            ("og:url", canonical),
            ("og:locale", open_graph_locale(language)),
            *(
                ("og:locale:alternate", open_graph_locale(code))
                for code, _url in alternates
                if code != language
            ),
        ],
        "twitter": [("twitter:title", title)],
        "json_ld": [],
    }
    if description:
        meta["open_graph"].append(("og:description", description))
        meta["twitter"].append(("twitter:description", description))

    if is_page_itself and isinstance(page, ArticlePage):
        _add_article(meta, request, page, root, canonical, publisher)
    else:
        meta["open_graph"].append(("og:type", "website"))
        image = logo
        if image is not None:
            _add_image(meta, facts.absolute(root, image.url), image, site_name)
        else:
            meta["twitter"].insert(0, ("twitter:card", "summary"))
        if is_page_itself and isinstance(page, HomePage):
            meta["json_ld"].append(structured_data.website(page, root=root, publisher=publisher))
    meta["json_ld"] = [structured_data.as_json_ld(data) for data in meta["json_ld"]]
    return meta


def _title(page, context, site_name: str) -> str:
    """Return the title a preview shows: a route's subject (contributor, topic) or the page's."""
    for subject in (context.get("contributor"), context.get("topic")):
        if subject is not None:
            return subject.name
    if page is not None:
        return page.seo_title or page.title
    return site_name


def _description(page, context) -> str:
    """Return a preview's text: a contributor's bio on their page, else the page's own summary."""
    contributor = context.get("contributor")
    if contributor is not None:
        return contributor.bio
    if page is None:
        return ""
    for text in (
        page.search_description,
        getattr(page, "standfirst", ""),
        getattr(page, "intro", ""),
        getattr(page, "tagline", ""),
    ):
        if text:
            return text
    return ""


def _route_alternates(request, home, context, root: str) -> list[tuple[str, str]]:
    """Return the alternates of a contributor's or a topic's page, as its language links give them.

    Only the route's own address has them (not its further pages), and only when another edition
    has the same contributor or the topic's counterpart.
    """
    subject = route_subject(context)
    if not subject:
        return []
    versions = route_versions(home, request, **subject)
    own = versions.get(home.locale_id)
    if len(versions) < 2 or own is None or unquote(urlsplit(own).path) != request.path:
        return []
    return [
        (locale_by_id(locale_id).language_code, facts.absolute(root, url))
        for locale_id, url in versions.items()
    ]


def _x_default(alternates) -> str:
    """Return the version for readers whose language has no edition: the default language's."""
    for code, url in alternates:
        if code == settings.LANGUAGE_CODE:
            return url
    return ""


def _add_image(meta, url, rendition, alt) -> None:
    meta["open_graph"] += [
        ("og:image", url),
        ("og:image:width", str(rendition.width)),
        ("og:image:height", str(rendition.height)),
        ("og:image:alt", alt),
    ]
    card = "summary_large_image" if rendition.width >= 600 else "summary"
    meta["twitter"] = [
        ("twitter:card", card),
        *meta["twitter"],
        ("twitter:image", url),
        ("twitter:image:alt", alt),
    ]


def _add_article(meta, request, article, root, canonical, publisher) -> None:
    # Everything here the article page has already read; these calls reuse it.
    credits = article.shown_credits()
    home = edition_homes().get(article.locale_id)
    authors = facts.authors(credits)
    images = facts.share_images(article.hero_image)
    section = article.section
    tags = article.shown_tags()
    meta["json_ld"] += [
        structured_data.news_article(
            article,
            root=root,
            canonical=canonical,
            home=home,
            authors=authors,
            translators=facts.translators(credits),
            images=images,
            publisher=publisher,
            original=live_original(article),
            translations=live_translations(article),
            keywords=[tag.name for tag in tags],
        ),
        structured_data.breadcrumbs(article.breadcrumb_trail(), root),
    ]
    meta["open_graph"] += [
        ("og:type", "article"),
        ("article:published_time", structured_data.iso_datetime(article.first_published_at)),
        (
            "article:modified_time",
            structured_data.iso_datetime(article.last_published_at or article.first_published_at),
        ),
        *([("article:section", section.title)] if section is not None else []),
        *(("article:tag", tag.name) for tag in tags),
        *(
            ("article:author", facts.contributor_url(home, author, root))
            for author in authors
            if home is not None
        ),
    ]
    if images:
        _add_image(meta, facts.absolute(root, images[0].url), images[0], article.hero_alt_text)
    else:
        meta["twitter"].insert(0, ("twitter:card", "summary"))
