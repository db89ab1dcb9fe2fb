"""Search engines find every published article, and only those, through the sitemaps."""

import xml.etree.ElementTree as ElementTree
from datetime import datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from dateline.feeds import sitemaps
from dateline.metadata.facts import absolute
from dateline.news.factories import ArticlePageFactory, SectionPageFactory, publish

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def xml(client, path):
    response = client.get(path)
    assert response.status_code == 200, f"{response.status_code} for {path}"
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)


def sitemap_paths(client, root) -> list[str]:
    """Return the address of every sitemap the index lists, relative to the site."""
    index = xml(client, "/sitemap.xml")
    return [loc.text.removeprefix(root) for loc in index.iter(f"{SITEMAP}loc")]


def listed_urls(client, root) -> dict[str, ElementTree.Element]:
    """Return every <url> of every sitemap in the index (the news sitemap aside), by address."""
    urls = {}
    for path in sitemap_paths(client, root):
        if path != "/sitemap-news.xml":
            for url in xml(client, path).iter(f"{SITEMAP}url"):
                urls[url.find(f"{SITEMAP}loc").text] = url
    return urls


def test_index_lists_a_sitemap_per_section_the_other_pages_and_the_news(
    client, translated_article, korean_original, root
):
    paths = sitemap_paths(client, root)

    assert paths == [
        "/sitemap-pages.xml",
        "/sitemap-news.xml",
        f"/sitemap-section-{translated_article.get_parent().pk}.xml",
        f"/sitemap-section-{korean_original.get_parent().pk}.xml",
    ]


def test_sitemaps_list_every_published_article_and_no_draft(client, translated_article, root):
    section = translated_article.get_parent()
    economy = publish(SectionPageFactory(parent=section.get_parent(), slug="economy"))
    published = [
        publish(ArticlePageFactory(parent=parent, live=False)) for parent in (section, economy)
    ]
    draft = ArticlePageFactory(parent=economy, slug="draft-story", live=False)

    urls = listed_urls(client, root)

    for article in [translated_article, *published]:
        assert f"{root}{article.url}" in urls
    assert not any(draft.slug in url for url in urls)


def test_article_withdrawn_from_publication_leaves_the_sitemap(client, translated_article, root):
    translated_article.unpublish()

    assert f"{root}/north-korea/hyesan-rice-doubles/" not in listed_urls(client, root)


def test_private_article_is_not_in_the_sitemaps(client, translated_article, home, root):
    staff_only = publish(SectionPageFactory(parent=home, slug="staff-only"))
    private = publish(ArticlePageFactory(parent=staff_only, slug="private-story", live=False))
    PageViewRestriction.objects.create(page=staff_only, restriction_type=PageViewRestriction.LOGIN)

    urls = listed_urls(client, root)

    assert f"{root}{private.url}" not in urls
    assert f"{root}{staff_only.url}" not in urls


def test_front_pages_and_sections_are_in_the_pages_sitemap(client, translated_article, root):
    urls = listed_urls(client, root)

    for path in ("/", "/ko/", "/north-korea/", "/ko/north-korea/"):
        assert f"{root}{path}" in urls


def test_lastmod_is_the_last_publication_not_a_later_draft(client, translated_article, root):
    published_at = translated_article.last_published_at
    translated_article.title = "An unpublished change"
    translated_article.save_revision()

    url = listed_urls(client, root)[f"{root}/north-korea/hyesan-rice-doubles/"]

    lastmod = datetime.fromisoformat(url.find(f"{SITEMAP}lastmod").text)
    assert lastmod == published_at


def test_section_lastmod_is_its_newest_story(client, translated_article, root):
    newest = publish(ArticlePageFactory(parent=translated_article.get_parent(), live=False))

    url = listed_urls(client, root)[f"{root}/north-korea/"]

    lastmod = datetime.fromisoformat(url.find(f"{SITEMAP}lastmod").text)
    assert lastmod == newest.last_published_at


def test_translations_name_each_other_as_alternates(client, translated_article, root):
    urls = listed_urls(client, root)
    english = f"{root}/north-korea/hyesan-rice-doubles/"
    korean = f"{root}/ko/north-korea/hyesan-rice/"

    for address in (english, korean):
        alternates = {
            link.get("hreflang"): link.get("href")
            for link in urls[address].findall(f"{XHTML}link[@rel='alternate']")
        }
        assert alternates == {"en": english, "ko": korean}


def test_article_without_translation_has_no_alternates(client, section, root):
    article = publish(ArticlePageFactory(parent=section, live=False))

    url = listed_urls(client, root)[f"{root}{article.url}"]

    assert url.findall(f"{XHTML}link") == []


def test_news_sitemap_lists_the_last_two_days_with_publication_details(
    client, translated_article, korean_section, root
):
    section = translated_article.get_parent()
    fresh_korean = publish(ArticlePageFactory(parent=korean_section, slug="fresh", live=False))
    old = publish(
        ArticlePageFactory(parent=section, slug="last-week", live=False),
        at=timezone.now() - timedelta(days=3),
    )

    news = xml(client, "/sitemap-news.xml")

    urls = {url.find(f"{SITEMAP}loc").text: url for url in news.iter(f"{SITEMAP}url")}
    assert f"{root}{old.url}" not in urls
    entry = urls[f"{root}/north-korea/hyesan-rice-doubles/"]
    assert entry.find(f"{NEWS}news/{NEWS}publication/{NEWS}name").text == "Dateline"
    assert entry.find(f"{NEWS}news/{NEWS}publication/{NEWS}language").text == "en"
    assert entry.find(f"{NEWS}news/{NEWS}title").text == "Rice nearly doubles in price in Hyesan"
    published = datetime.fromisoformat(entry.find(f"{NEWS}news/{NEWS}publication_date").text)
    assert published == translated_article.first_published_at
    korean = urls[f"{root}{fresh_korean.url}"]
    assert korean.find(f"{NEWS}news/{NEWS}publication/{NEWS}language").text == "ko"
    # The Korean original was published more than two days ago.
    assert f"{root}/ko/north-korea/hyesan-rice/" not in urls


def test_news_sitemap_stops_at_its_limit_newest_first(client, section, monkeypatch):
    monkeypatch.setattr(sitemaps, "NEWS_SITEMAP_LIMIT", 3)
    now = timezone.now()
    for hours in range(5):
        publish(
            ArticlePageFactory(parent=section, title=f"Story {hours}", live=False),
            at=now - timedelta(hours=hours),
        )

    news = xml(client, "/sitemap-news.xml")

    titles = [title.text for title in news.iter(f"{NEWS}title")]
    assert titles == ["Story 0", "Story 1", "Story 2"]


def test_unknown_sitemap_is_not_found(client, translated_article):
    assert client.get("/sitemap-section-999999.xml").status_code == 404


@pytest.mark.parametrize(
    "line",
    ["User-agent: *", "Disallow: /admin/", "Disallow: /search/", "Disallow: /ko/search/"],
)
def test_robots_txt_keeps_crawlers_out_of_admin_and_search(client, db, line):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert line in response.content.decode().splitlines()


def test_robots_txt_names_the_sitemap_index(client, root):
    lines = client.get("/robots.txt").content.decode().splitlines()

    assert f"Sitemap: {root}/sitemap.xml" in lines


def test_dates_and_sitemaps_follow_stories_filed_deeper_and_skip_private_ones(
    client, translated_article, home, root
):
    section = translated_article.get_parent()
    border = publish(SectionPageFactory(parent=section, title="Border", slug="border"))
    deep = publish(ArticlePageFactory(parent=border, live=False))
    empty = publish(SectionPageFactory(parent=home, title="Culture", slug="culture"))
    film = publish(SectionPageFactory(parent=empty, title="Film", slug="film"))  # no story at all
    members = publish(SectionPageFactory(parent=home, title="Members", slug="members"))
    PageViewRestriction.objects.create(page=members, restriction_type="password", password="x")
    private = publish(ArticlePageFactory(parent=members, live=False))
    assert private.last_published_at > deep.last_published_at

    urls = listed_urls(client, root)
    for address in (f"{root}/", f"{root}/north-korea/"):
        lastmod = datetime.fromisoformat(urls[address].find(f"{SITEMAP}lastmod").text)
        assert lastmod == deep.last_published_at, address
    paths = sitemap_paths(client, root)
    assert f"/sitemap-section-{border.pk}.xml" in paths
    assert f"/sitemap-section-{empty.pk}.xml" not in paths
    assert f"/sitemap-section-{members.pk}.xml" not in paths
    index = xml(client, "/sitemap.xml")
    dates = {
        entry.find(f"{SITEMAP}loc").text.removeprefix(root): entry.find(f"{SITEMAP}lastmod").text
        for entry in index.iter(f"{SITEMAP}sitemap")
    }
    # The newest public change among the listings and stories: the private story came later.
    assert datetime.fromisoformat(dates["/sitemap-pages.xml"]) == film.last_published_at
    assert datetime.fromisoformat(dates[f"/sitemap-section-{border.pk}.xml"]) == (
        deep.last_published_at
    )


def test_a_story_made_live_without_a_date_leaves_its_sections_date_to_the_dated_ones(
    client, translated_article, root
):
    section = translated_article.get_parent()
    undated = ArticlePageFactory(parent=section, slug="made-live-by-a-script")
    assert undated.live and undated.last_published_at is None

    index = xml(client, "/sitemap.xml")

    dates = {
        entry.find(f"{SITEMAP}loc").text.removeprefix(root): entry.find(f"{SITEMAP}lastmod").text
        for entry in index.iter(f"{SITEMAP}sitemap")
    }
    section_date = dates[f"/sitemap-section-{section.pk}.xml"]
    assert datetime.fromisoformat(section_date) == translated_article.last_published_at


def test_alternates_agree_with_each_pages_own_when_two_translations_share_a_language(
    client, translated_article, korean_original, root
):
    # A second English story an editor linked to the Korean original by hand ("translated from").
    rival = ArticlePageFactory(
        parent=translated_article.get_parent(), slug="rice-in-hyesan", live=False
    )
    rival.translated_from = korean_original
    publish(rival)
    urls = listed_urls(client, root)

    for page in (korean_original, translated_article, rival):
        address = f"{root}{page.url}"
        in_sitemap = {
            link.get("hreflang"): link.get("href")
            for link in urls[address].findall(f"{XHTML}link[@rel='alternate']")
        }
        head = BeautifulSoup(client.get(page.url).content, "html.parser")
        on_page = {
            link["hreflang"]: link["href"]
            for link in head.select("link[rel=alternate][hreflang]")
            if link["hreflang"] != "x-default"
        }
        assert in_sitemap == on_page, page.slug
    korean = f"{root}{korean_original.url}"
    assert len(in_sitemap) == 2 and in_sitemap["ko"] == korean


def test_a_story_made_live_without_a_date_leaves_the_front_pages_date_to_the_dated_ones(
    client, translated_article, root
):
    addresses = (f"{root}/", f"{root}/north-korea/")
    section = translated_article.get_parent()
    long_ago = timezone.now() - timedelta(days=400)  # the story is these listings' latest change
    Page.objects.filter(pk__in=[section.pk, section.get_parent().pk]).update(
        last_published_at=long_ago
    )

    def lastmods():
        urls = listed_urls(client, root)
        return [urls[address].find(f"{SITEMAP}lastmod").text for address in addresses]

    before = lastmods()
    ArticlePageFactory(parent=section, slug="made-live-by-a-script")

    assert lastmods() == before


def test_a_site_rooted_in_a_section_gives_the_addresses_wagtail_gives(
    client, translated_article, root
):
    """A section's sitemap reads its stories as rows and places them under their edition's
    home; with a second site rooted at the section, each story is where Wagtail places it for
    the site asked (the pages' own addresses, after the newsroom's), on either site."""
    section = translated_article.get_parent()
    # Plain pages: Wagtail's own addresses, not the shortcut articles take to theirs.
    english = Page.objects.get(pk=translated_article.pk)
    korean = Page.objects.get(pk=translated_article.translated_from_id)
    Site.objects.create(hostname="north.example", port=80, root_page=section)
    for host in ("localhost:8000", "north.example"):
        request = RequestFactory(HTTP_HOST=host).get("/")
        response = client.get(f"/sitemap-section-{section.pk}.xml", HTTP_HOST=host)
        entries = ElementTree.fromstring(response.content).findall(f"{SITEMAP}url")
        wagtails = absolute(root, english.get_url(request))
        assert [url.find(f"{SITEMAP}loc").text for url in entries] == [wagtails], host
        alternates = {
            link.get("hreflang"): link.get("href")
            for link in entries[0].findall(f"{XHTML}link[@rel='alternate']")
        }
        assert alternates == {"en": wagtails, "ko": absolute(root, korean.get_url(request))}
