"""Parts many pages show (a feed entry, an edition's menus) are made once per bake run, and every
page that shows one is still found by a change to what it showed."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dateline.core.shown import page_key
from dateline.news.factories import (
    ArticleCreditFactory,
    ContributorFactory,
    paragraphs,
    publish,
)
from dateline.news.models import Contributor, CreditRole
from dateline.publish.render import Renderer

FEEDS = ["/feeds/latest.rss", "/feeds/sections/north-korea.rss", "/feeds/topics/markets.atom"]


def test_a_feed_made_from_shared_entries_is_the_feed_made_alone(newsroom, section):
    older = section.get_children().live().exclude(pk=newsroom.pk).first()
    # A page only the body's rendering loads: each feed showing the entry must note it.
    newsroom.body = paragraphs(f'As <a linktype="page" id="{older.pk}">we reported</a>.')
    # Credited, but not in the byline an entry shows: noted by every feed alike all the same.
    translator = ContributorFactory(name="Park Min-jun")
    ArticleCreditFactory(article=newsroom, contributor=translator, role=CreditRole.TRANSLATOR)
    publish(newsroom)
    shared = Renderer()
    together = [shared.render(url) for url in FEEDS]
    for url, rendered in zip(FEEDS, together, strict=True):
        alone = Renderer().render(url)
        assert rendered.status == alone.status == 200
        assert rendered.body == alone.body
        # What the entries showed counts for every feed, so a change finds each of them.
        assert rendered.keys == alone.keys
        assert page_key(newsroom.pk) in rendered.keys
        assert page_key(older.pk) in rendered.keys
        assert f"core.newsimage:{newsroom.hero_image_id}" in rendered.keys
        assert f"news.contributor:{translator.pk}" in rendered.keys


def test_a_later_bake_run_shows_the_change_made_since(newsroom):
    """A contributor's new name leaves the article's revision as it was, so only a new run's
    renderer, which shares nothing with the last, shows it in the entry."""
    assert b"Han Ji-woo" in Renderer().render(FEEDS[2]).body
    reporter = Contributor.objects.get(name="Han Ji-woo")
    reporter.name = "Han Ji-u"
    reporter.save()
    body = Renderer().render(FEEDS[2]).body
    assert b"Han Ji-u<" in body
    assert b"Han Ji-woo" not in body


def test_pages_sharing_the_menus_each_note_the_sections_they_list(newsroom, section):
    shared = Renderer()
    first, second = shared.render("/"), shared.render("/about/")
    assert page_key(section.pk) in first.keys
    # The plain page shows the section only in the header's menu, which it shares.
    assert page_key(section.pk) in second.keys
    assert b'href="/north-korea/"' in second.body


def test_a_feed_whose_entries_were_made_reads_none_of_its_stories_again(newsroom):
    """Most of a feed's cost was loading its fifty stories with their credits, topics and
    pictures; the formats after the first, and feeds sharing stories, reuse the entries."""
    shared = Renderer()
    shared.render("/feeds/latest.rss")
    with CaptureQueriesContext(connection) as alone:
        assert Renderer().render("/feeds/latest.atom").status == 200
    with CaptureQueriesContext(connection) as reusing:
        assert shared.render("/feeds/latest.atom").status == 200
    assert any("news_articlecredit" in query["sql"] for query in alone.captured_queries)
    assert not any("news_articlecredit" in query["sql"] for query in reusing.captured_queries)
    assert len(reusing) < len(alone)
