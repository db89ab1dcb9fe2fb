"""A section's sitemap comes in parts of at most the protocol's 50,000 addresses, each as cheap."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dateline.feeds import sitemaps
from dateline.news.factories import ArticlePageFactory, publish

from .test_sitemaps import SITEMAP, sitemap_paths, xml


def fill(section, count):
    return [publish(ArticlePageFactory(parent=section, live=False)) for _ in range(count)]


def section_parts(client, root, section):
    prefix = f"/sitemap-section-{section.pk}.xml"
    return [path for path in sitemap_paths(client, root) if path.startswith(prefix)]


def test_a_large_section_is_split_into_parts_the_index_lists(client, section, root, monkeypatch):
    monkeypatch.setattr(sitemaps.SectionSitemap, "limit", 2)
    articles = fill(section, 5)
    parts = section_parts(client, root, section)
    assert len(parts) == 3
    listed = []
    for path in parts:
        urls = [loc.text for loc in xml(client, path).iter(f"{SITEMAP}loc")]
        assert len(urls) <= 2
        listed += urls
    assert sorted(listed) == sorted(root + article.url for article in articles)


def test_the_protocol_limit_is_fifty_thousand_addresses(db):
    assert sitemaps.SectionSitemap.limit == 50_000


def test_a_part_past_the_last_is_not_found(client, section, root, monkeypatch):
    monkeypatch.setattr(sitemaps.SectionSitemap, "limit", 2)
    fill(section, 3)
    assert client.get(f"/sitemap-section-{section.pk}.xml?p=3").status_code == 404
    assert client.get(f"/sitemap-section-{section.pk}.xml?p=x").status_code == 404


def test_a_deleted_article_leaves_a_smaller_part_not_a_shifted_one(
    client, section, root, monkeypatch
):
    monkeypatch.setattr(sitemaps.SectionSitemap, "limit", 2)
    first, second, third = fill(section, 3)
    first.delete()
    first_part = xml(client, f"/sitemap-section-{section.pk}.xml")
    assert [loc.text for loc in first_part.iter(f"{SITEMAP}loc")] == [root + second.url]
    last_part = xml(client, f"/sitemap-section-{section.pk}.xml?p=2")
    assert [loc.text for loc in last_part.iter(f"{SITEMAP}loc")] == [root + third.url]


def test_a_later_part_costs_what_an_earlier_one_does(client, section, root, monkeypatch):
    monkeypatch.setattr(sitemaps.SectionSitemap, "limit", 2)
    fill(section, 8)

    def queries(path):
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    base = f"/sitemap-section-{section.pk}.xml"
    assert queries(f"{base}?p=2") == queries(f"{base}?p=4")
