"""A section's sitemap comes in parts of at most the protocol's 50,000 addresses, each as cheap."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dateline.feeds import sitemaps
from dateline.news.factories import ArticlePageFactory, publish

from .test_sitemaps import SITEMAP, sitemap_paths, xml


def fill(section, count):
    return [publish(ArticlePageFactory(parent=section, live=False)) for _ in range(count)]


def section_parts(client, root, section):
    name = f"/sitemap-section-{section.pk}"
    return [
        path
        for path in sitemap_paths(client, root)
        if path == f"{name}.xml" or path.startswith(f"{name}-part")
    ]


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
    assert client.get(f"/sitemap-section-{section.pk}-part3.xml").status_code == 404
    assert client.get(f"/sitemap-section-{section.pk}.xml?p=x").status_code == 404


def test_a_part_has_a_path_and_its_old_query_string_address_moves_there(client, section, root):
    old = client.get(f"/sitemap-section-{section.pk}.xml?p=2")
    assert old.status_code == 301
    assert old["Location"] == f"/sitemap-section-{section.pk}-part2.xml"


def test_a_deleted_article_leaves_a_smaller_part_not_a_shifted_one(
    client, section, root, monkeypatch
):
    monkeypatch.setattr(sitemaps.SectionSitemap, "limit", 2)
    first, second, third = fill(section, 3)
    first.delete()
    first_part = xml(client, f"/sitemap-section-{section.pk}.xml")
    assert [loc.text for loc in first_part.iter(f"{SITEMAP}loc")] == [root + second.url]
    last_part = xml(client, f"/sitemap-section-{section.pk}-part2.xml")
    assert [loc.text for loc in last_part.iter(f"{SITEMAP}loc")] == [root + third.url]


def test_a_later_part_costs_what_an_earlier_one_does(client, section, root, monkeypatch):
    monkeypatch.setattr(sitemaps.SectionSitemap, "limit", 2)
    fill(section, 8)

    def queries(path):
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    base = f"/sitemap-section-{section.pk}"
    assert queries(f"{base}-part2.xml") == queries(f"{base}-part4.xml")


def test_a_part_reads_no_article_bodies_and_no_query_per_article(client, section, root):
    """A section of a large archive lists thousands of articles; their bodies (about 11 KB of JSON
    each) would stay in the worker's memory long after the sitemap is sent."""
    path = f"/sitemap-section-{section.pk}.xml"

    def queries_reading(count):
        fill(section, count)
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return [query["sql"] for query in captured]

    few = queries_reading(1)
    more = queries_reading(4)
    assert len(more) == len(few)
    assert not [sql for sql in more if '"news_articlepage"."body"' in sql]
