"""A section's sitemap comes in parts of at most the protocol's 50,000 addresses, each as cheap."""

import xml.etree.ElementTree as ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dateline.feeds import sitemaps
from dateline.news.factories import ArticlePageFactory, publish

from .test_sitemaps import SITEMAP, XHTML, sitemap_paths, xml


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


@pytest.mark.sqlite
@pytest.mark.parametrize("statistics", [False, True], ids=["as-migrated", "analyzed"])
def test_the_index_reads_each_sections_latest_change_in_one_step(client, section, statistics):
    """The index's date for a section is its newest story: found one step into the index by
    parent, it costs the same in an archive of 100,000 stories as in one of ten. Read by type
    alone, SQLite went through every story (60 ms a request on 100,000), with or without the
    planner statistics `ANALYZE` (or `PRAGMA optimize`) leaves."""
    fill(section, 3)
    if statistics:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/sitemap.xml").status_code == 200
    steps = []
    for query in captured:
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
            steps += [row[-1] for row in cursor.fetchall()]
    # Inside the per-section subqueries (their table is U0): the stories, and the last child.
    per_section = [step for step in steps if step.startswith("SEARCH U0 ")]
    assert per_section, steps
    assert [s for s in per_section if "dateline_live_pages_by_type_and_parent" in s], steps
    assert not [s for s in per_section if s.endswith("(content_type_id=?)")], steps
    assert not [s for s in steps if s.startswith("SCAN U0")], steps
    # Not the index by parent and date either, on which each section's stories would be sorted.
    assert not [s for s in per_section if "dateline_live_pages_by_parent_and_date" in s], steps


@pytest.mark.parametrize("sitemap", ["section", "news"])
def test_a_part_written_a_batch_at_a_time_is_the_part_written_at_once(
    client, translated_article, monkeypatch, sitemap
):
    """A part is written a batch of stories at a time, so a worker does not keep the memory a
    part of thousands took; readers and robots get the same file, date and headers."""
    section = translated_article.get_parent()
    fill(section, 4)
    path = f"/sitemap-section-{section.pk}.xml" if sitemap == "section" else "/sitemap-news.xml"
    monkeypatch.setattr(sitemaps, "ENTRIES_BATCH", 10_000)
    whole = client.get(path)
    monkeypatch.setattr(sitemaps, "ENTRIES_BATCH", 2)
    batched = client.get(path)

    assert batched.status_code == whole.status_code == 200
    assert batched.content == whole.content
    for header in ("Content-Type", "Last-Modified", "X-Robots-Tag"):
        assert batched[header] == whole[header]
    urls = ElementTree.fromstring(batched.content).findall(f"{SITEMAP}url")
    assert len(urls) == 5
    if sitemap == "section":
        assert [url for url in urls if url.find(f"{XHTML}link") is not None]  # the translation
