"""Schema.org JSON-LD: NewsArticle and BreadcrumbList on articles, WebSite with search on front pages.

Each function returns a plain dict; `as_json_ld` turns it into text safe inside a <script>.
Properties follow Google's article guidelines: dates in ISO 8601 with the time zone, a Person
with a profile address for each author, pictures in 16:9, 4:3 and 1:1 of at least 50,000 pixels.
"""

import json

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from .facts import absolute, contributor_url

SCHEMA = "https://schema.org"
# Characters that could end the <script> element or open a comment inside it, as JSON escapes.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def as_json_ld(data: dict) -> SafeString:
    """Return JSON that cannot break out of <script type="application/ld+json">."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_SCRIPT_ESCAPES))


def iso_datetime(value) -> str | None:
    """Return an ISO 8601 time with the newsroom's offset, e.g. 2025-03-01T09:30:00+09:00."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def image_object(rendition, root: str) -> dict:
    return {
        "@type": "ImageObject",
        "url": absolute(root, rendition.url),
        "width": rendition.width,
        "height": rendition.height,
    }


def publisher(name: str, root: str, logo) -> dict:
    """Return the newsroom as a NewsMediaOrganization; the logo is left out until one is set."""
    organization = {"@type": "NewsMediaOrganization", "name": name, "url": absolute(root, "/")}
    if logo is not None:
        organization["logo"] = image_object(logo, root)
    return organization


def person(contributor, home, root: str) -> dict:
    data = {"@type": "Person", "name": contributor.local_name}
    if home is not None:
        data["url"] = contributor_url(home, contributor, root)
    return data


def article_reference(article, root: str) -> dict:
    """Return the short description of another language's version of a story."""
    return {
        "@type": "NewsArticle",
        "@id": absolute(root, article.url),
        "url": absolute(root, article.url),
        "headline": article.title,
        "inLanguage": article.locale.language_code,
    }


def news_article(
    article,
    *,
    root: str,
    canonical: str,
    home,
    authors: list,
    translators: list,
    images: list,
    publisher: dict,
    keywords: list[str],
    original=None,
    translations=(),
) -> dict:
    """Return the NewsArticle of a story, its translation links included."""
    section = article.section
    data = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "@id": canonical,
        "url": canonical,
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "headline": article.title,
        "description": article.search_description or article.standfirst,
        "datePublished": iso_datetime(article.first_published_at),
        "dateModified": iso_datetime(article.last_published_at or article.first_published_at),
        "inLanguage": article.locale.language_code,
        "author": [person(author, home, root) for author in authors],
        "publisher": publisher,
        "isAccessibleForFree": True,
        "keywords": keywords,
    }
    if section is not None:
        data["articleSection"] = section.title
    if translators:
        data["translator"] = [person(translator, home, root) for translator in translators]
    if images:
        data["image"] = [image_object(rendition, root) for rendition in images]
    if original is not None:
        data["translationOfWork"] = article_reference(original, root)
    if translations:
        data["workTranslation"] = [article_reference(t, root) for t in translations]
    return data


def breadcrumbs(trail, root: str) -> dict:
    """Return the BreadcrumbList from the edition's front page down to the page itself."""
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": page.title,
                "item": absolute(root, page.url),
            }
            for position, page in enumerate(trail, start=1)
        ],
    }


def website(home, *, root: str, publisher: dict) -> dict:
    """Return the edition as a WebSite whose search engines may offer a search box for it."""
    with translation.override(home.locale.language_code):
        search_url = absolute(root, reverse("search"))
    home_url = absolute(root, home.url)
    return {
        "@context": SCHEMA,
        "@type": "WebSite",
        "@id": f"{home_url}#website",
        "url": home_url,
        "name": home.title,
        "inLanguage": home.locale.language_code,
        "publisher": publisher,
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": f"{search_url}?q={{search_term_string}}",
            },
            "query-input": "required name=search_term_string",
        },
    }
