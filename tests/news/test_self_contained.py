"""Public pages load nothing from another host: no fonts, CDNs, analytics or embeds.

Links a reader chooses to follow (<a href>) may point anywhere; what the browser fetches by itself
(images, stylesheets, scripts, frames, icons, preloads) must come from the page's own host.
"""

import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders

# Elements whose address the browser fetches while rendering the page, with the attributes that
# carry it. <a> and <form action> are left out: they go elsewhere only when the reader acts.
FETCHING_ATTRIBUTES = {
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "picture": ("src",),
    "script": ("src",),
    "link": ("href",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
# <link> relations that name a page rather than fetch one: translations, feeds, the canonical URL.
NAVIGATION_LINK_RELATIONS = {
    "alternate",
    "canonical",
    "author",
    "license",
    "next",
    "prev",
    "search",
}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")


def addresses_in(value: str) -> list[str]:
    """Split an attribute into addresses; srcset lists "address width" pairs separated by commas."""
    return [candidate.strip().split(" ")[0] for candidate in value.split(",") if candidate.strip()]


def is_elsewhere(address: str) -> bool:
    """Say whether an address would be fetched from another host than the page's own."""
    parts = urlsplit(address)
    return bool(parts.netloc) or parts.scheme not in ("", "data")


def fetched_from_elsewhere(html: bytes) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    offenders = []
    for tag, attributes in FETCHING_ATTRIBUTES.items():
        for element in soup.find_all(tag):
            if tag == "link" and set(element.get("rel", [])) <= NAVIGATION_LINK_RELATIONS:
                continue
            for attribute in attributes:
                for address in addresses_in(element.get(attribute, "")):
                    if is_elsewhere(address):
                        offenders.append(f"<{tag} {attribute}={address}>")
    for element in soup.find_all(style=True):
        offenders += [a or b for a, b in CSS_URL.findall(element["style"]) if is_elsewhere(a or b)]
    for style in soup.find_all("style"):
        offenders += [a or b for a, b in CSS_URL.findall(style.get_text()) if is_elsewhere(a or b)]
    return offenders


@pytest.fixture
def public_pages(home, section, translated_article, korean_original):
    return [
        home.url,
        "/ko/",
        section.url,
        translated_article.url,
        korean_original.url,
        "/contributors/claire-dunmore/",
        "/topics/markets/",
        "/no-such-page/",
    ]


def test_public_pages_fetch_nothing_from_another_host(client, public_pages):
    for url in public_pages:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert fetched_from_elsewhere(response.content) == [], url


def test_links_to_other_sites_in_an_article_body_are_kept(client, translated_article):
    html = client.get(translated_article.url).content
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one('.article__body a[href="https://example.org/report"]') is not None


def test_scanner_catches_a_resource_from_another_host():
    """Guard the guard: each way a page could pull in another host is caught."""
    html = b"""
        <link rel="stylesheet" href="https://fonts.example.com/css">
        <link rel="alternate" hreflang="ko" href="https://example.com/ko/">
        <img src="/media/a.jpg" srcset="/media/a.jpg 1x, //cdn.example.com/a.jpg 2x">
        <script src="https://analytics.example.com/a.js"></script>
        <iframe src="https://video.example.com/embed/1"></iframe>
        <div style="background: url('https://tracker.example.com/p.gif')"></div>
        <a href="https://example.org/">a link the reader may follow</a>
    """
    assert fetched_from_elsewhere(html) == [
        "<img srcset=//cdn.example.com/a.jpg>",
        "<script src=https://analytics.example.com/a.js>",
        "<link href=https://fonts.example.com/css>",
        "<iframe src=https://video.example.com/embed/1>",
        "https://tracker.example.com/p.gif",
    ]


def test_stylesheet_imports_nothing_from_another_host():
    with open(finders.find("dateline/css/dateline.css")) as stylesheet:
        css = stylesheet.read()
    assert [a or b for a, b in CSS_URL.findall(css) if is_elsewhere(a or b)] == []
