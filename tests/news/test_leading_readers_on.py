"""What leads a reader on: the language switch everywhere, the stories around an article, the
front page's older stories, the footer and plain share links."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from dateline.core.models import NewsroomSettings
from dateline.news import further_reading
from dateline.news.factories import ArticlePageFactory, SectionPageFactory, publish
from dateline.news.models import ArticlePage, HomePage, StandardPage

from .conftest import parse, sqlite_steps


def story(section, days_ago, title, tags=()):
    article = ArticlePageFactory(parent=section, title=title, live=False)
    if tags:
        article.tags.add(*tags)
        article.save()
    return publish(article, at=timezone.now() - timedelta(days=days_ago))


def links(soup, selector) -> list[tuple[str, str]]:
    return [(a.get_text(" ", strip=True), a["href"]) for a in soup.select(f"{selector} a")]


def edition_links(soup) -> dict[str, str]:
    return {a["hreflang"]: a["href"] for a in soup.select("nav.editions a")}


# The language switch


def test_an_untranslated_article_links_to_the_other_editions_home(client, article, korean_home):
    soup = parse(client.get(article.url))
    assert edition_links(soup) == {"ko": "/ko/"}
    assert soup.select_one("nav.editions a[hreflang=ko]").get_text() == "한국어"


def test_a_translated_article_links_to_its_translation(client, translated_article):
    soup = parse(client.get(translated_article.url))
    assert edition_links(soup) == {"ko": "/ko/north-korea/hyesan-rice/"}


def test_a_korean_page_links_back_to_the_english_edition(client, korean_section):
    soup = parse(client.get(korean_section.url))
    assert edition_links(soup) == {"en": "/north-korea/"}


def test_the_search_page_links_to_the_search_page_of_the_other_edition(client, home, korean_home):
    soup = parse(client.get("/search/"))
    assert edition_links(soup) == {"ko": "/ko/search/"}


# Previous and next, more from the section, related stories


@pytest.fixture
def desk(section, home):
    """Seven stories in one section, a day apart, and one in another section sharing a topic."""
    stories = [
        story(section, days_ago=10 - n, title=f"Story {n}", tags=["rice"] if n == 0 else ())
        for n in range(7)
    ]
    economy = publish(SectionPageFactory(parent=home, title="Economy", slug="economy"))
    rice = story(economy, days_ago=8, title="Rice traders", tags=["rice"])
    later_rice = story(economy, days_ago=1, title="Rice traders again", tags=["rice"])
    stories[6].tags.add("rice")
    publish(stories[6], at=stories[6].first_published_at)
    return stories, rice, later_rice


def test_an_article_links_to_the_stories_before_and_after_it_in_its_section(client, desk):
    stories, _rice, _later = desk
    soup = parse(client.get(stories[3].url))
    neighbours = soup.select_one("nav.neighbours")
    assert neighbours["aria-label"] == "Stories in North Korea"
    assert links(soup, "nav.neighbours") == [
        ("Previous story Story 2", stories[2].url),
        ("Next story Story 4", stories[4].url),
    ]


def test_more_from_the_section_lists_only_older_stories_newest_first(client, desk):
    stories, _rice, _later = desk
    soup = parse(client.get(stories[6].url))
    more = soup.select_one("nav[aria-labelledby=more-from-heading]")
    assert more.h2.get_text() == "More from North Korea"
    assert [a.get_text() for a in more.select("li a")] == [
        "Story 4",
        "Story 3",
        "Story 2",
        "Story 1",
    ]
    assert more.select_one(".further__all a")["href"] == "/north-korea/"


def test_related_stories_share_a_topic_and_came_out_before(client, desk):
    stories, rice, later_rice = desk
    soup = parse(client.get(stories[6].url))
    related = soup.select_one("nav[aria-labelledby=related-heading]")
    assert related.h2.get_text() == "Related stories"
    # Story 0 is older than the section's window; "Rice traders again" came out later.
    titles = [a.get_text() for a in related.select("li a")]
    assert titles == [rice.title, stories[0].title]
    assert later_rice.title not in titles


def related_titles(client, article) -> list[str]:
    soup = parse(client.get(article.url))
    return [a.get_text() for a in soup.select("nav[aria-labelledby=related-heading] li a")]


@pytest.fixture
def economy(home):
    return publish(SectionPageFactory(parent=home, title="Economy", slug="economy"))


@pytest.fixture
def topical(section, economy):
    """A story with three topics, and stories elsewhere sharing one or two of them."""
    for days_ago, title, tags in [
        (20, "Old rice", ["rice"]),
        (12, "Old fuel", ["fuel"]),
        (7, "Rice again", ["rice"]),
        (6, "Fuel queues", ["fuel"]),
        (5, "Border fences", ["border"]),
        (4, "Rice for fuel", ["rice", "fuel"]),
        (1, "Rice tomorrow", ["rice"]),
    ]:
        story(economy, days_ago, title, tags)
    story(section, 3, "Rice in the section", ["rice"])  # the previous story, not a related one
    return story(section, 2, "Three topics", ["rice", "fuel", "border"])


def test_related_stories_are_the_newest_earlier_ones_of_all_the_topics(client, topical):
    assert related_titles(client, topical) == [
        "Rice for fuel",  # shares two topics, listed once
        "Border fences",
        "Fuel queues",
        "Rice again",
    ]


def test_an_article_with_a_pile_of_topics_finds_the_same_related_stories(client, topical, economy):
    """An import can give a story dozens of tags; they are read together, to the same stories,
    a story sharing many of them once."""
    pile = [f"tag {number}" for number in range(further_reading.MAX_TOPIC_BLOCKS)]
    topical.tags.add(*pile)
    publish(topical, at=topical.first_published_at)
    assert len(topical.tags.all()) > further_reading.MAX_TOPIC_BLOCKS
    story(economy, 2.5, "All of the pile", pile)
    assert related_titles(client, topical) == [
        "All of the pile",
        "Rice for fuel",
        "Border fences",
        "Fuel queues",
    ]


def test_a_topic_crowded_by_the_section_still_leads_elsewhere(client, section, economy):
    """The section's previous stories all share the topic: the older story elsewhere that shares
    it is still offered, though five newer stories of the topic come first."""
    story(economy, 30, "Rice long ago", ["rice"])
    for days_ago in range(8, 3, -1):
        story(section, days_ago, f"Rice {days_ago} days ago", ["rice"])
    latest = story(section, 2, "Rice today", ["rice"])
    assert related_titles(client, latest) == ["Rice long ago"]


def test_a_story_without_topics_offers_no_related_stories(client, desk):
    stories, _rice, _later = desk
    soup = parse(client.get(stories[5].url))
    assert soup.select_one("nav[aria-labelledby=related-heading]") is None
    assert links(soup, "nav.neighbours")[0] == ("Previous story Story 4", stories[4].url)


@pytest.mark.sqlite
def test_the_stories_of_a_new_section_are_led_on_from_without_reading_the_archive(home):
    """A section opened today holds two stories among an archive of thousands: what leads a
    reader on from one, and which pages a change to it reaches, cost as many of SQLite's steps
    with 2,000 older stories in other sections as with 100. Walked on the date alone, looking for
    the section's earlier stories read every older story in the archive (150 ms a page with
    100,000 articles)."""
    call_command("generate_archive", articles=100, editions=["en"], skip_index=True, seed=3)
    edition = HomePage.objects.get(locale__language_code="en")
    section = SectionPageFactory(parent=edition, title="Elections", slug="elections")
    story(section, 1, "The first story")
    newest = story(section, 0, "The second story")

    def steps() -> int:
        article = ArticlePage.objects.get(pk=newest.pk)
        reading = further_reading.further_reading(article)
        assert [reading.previous.title, reading.next] == ["The first story", None]
        return sqlite_steps(lambda: further_reading.further_reading(article)) + sqlite_steps(
            lambda: further_reading.articles_led_to(article, section.path)
        )

    steps_for_few = steps()
    call_command("generate_archive", articles=2000, editions=["en"], skip_index=True, seed=3)
    assert ArticlePage.objects.live().count() > 2000
    steps_for_many = steps()
    assert steps_for_many < 1.1 * steps_for_few, (steps_for_few, steps_for_many)


def test_related_stories_leave_out_unpublished_ones(client, desk):
    stories, rice, _later = desk
    rice.unpublish()
    soup = parse(client.get(stories[6].url))
    related = soup.select_one("nav[aria-labelledby=related-heading]")
    assert [a.get_text() for a in related.select("li a")] == [stories[0].title]


def test_the_newest_story_has_no_next_and_the_oldest_no_previous(client, desk):
    stories, _rice, _later = desk
    newest = parse(client.get(stories[6].url))
    assert [text for text, _url in links(newest, "nav.neighbours")] == ["Previous story Story 5"]
    oldest = parse(client.get(stories[0].url))
    assert [text for text, _url in links(oldest, "nav.neighbours")] == ["Next story Story 1"]
    assert oldest.select_one("nav[aria-labelledby=more-from-heading]") is None


def test_an_unpublished_story_leaves_the_blocks(client, desk):
    stories, _rice, _later = desk
    stories[2].unpublish()
    soup = parse(client.get(stories[3].url))
    assert links(soup, "nav.neighbours")[0] == ("Previous story Story 1", stories[1].url)


def test_a_private_story_leaves_the_blocks(client, desk):
    stories, rice, _later = desk
    PageViewRestriction.objects.create(page=stories[5], restriction_type="password", password="x")
    PageViewRestriction.objects.create(page=rice, restriction_type="password", password="x")
    soup = parse(client.get(stories[6].url))
    assert links(soup, "nav.neighbours")[0] == ("Previous story Story 4", stories[4].url)
    more = [a.get_text() for a in soup.select("nav[aria-labelledby=more-from-heading] li a")]
    assert more == ["Story 3", "Story 2", "Story 1", "Story 0"]
    assert soup.select_one("nav[aria-labelledby=related-heading]") is None


def test_stories_out_at_the_same_moment_follow_one_another(client, section):
    """Stories published in the same second (an import, a bulk action) still form one chain."""
    moment = timezone.now() - timedelta(days=1)
    first, second, third = (
        publish(ArticlePageFactory(parent=section, title=f"Same {n}", live=False), at=moment)
        for n in range(3)
    )
    soup = parse(client.get(second.url))
    assert links(soup, "nav.neighbours") == [
        ("Previous story Same 0", first.url),
        ("Next story Same 2", third.url),
    ]


# The front page's older stories


@pytest.fixture
def busy_front_page(section):
    return [story(section, days_ago=n + 1, title=f"Front {n}") for n in range(15)]


def test_the_front_page_leads_to_older_stories(client, home, busy_front_page):
    soup = parse(client.get("/"))
    assert soup.select_one("nav.pagination a[rel=next]")["href"] == "/page/2/"
    older = parse(client.get("/page/2/"))
    assert older.h1.get_text(strip=True) == "Older stories, page 2"
    headlines = [a.get_text() for a in older.select(".card__headline a")]
    assert headlines == ["Front 12", "Front 13", "Front 14"]
    assert older.select_one("nav.pagination a[rel=prev]")["href"] == "/"


def test_older_stories_leave_out_the_top_stories(client, home, busy_front_page):
    home.featured_articles.create(article=busy_front_page[14], sort_order=0)
    publish(home)
    older = parse(client.get("/page/2/"))
    assert [a.get_text() for a in older.select(".card__headline a")] == ["Front 12", "Front 13"]


def test_front_page_numbers_out_of_range_are_not_found_and_old_forms_move(client, busy_front_page):
    assert client.get("/page/3/").status_code == 404
    assert client.get("/page/1/").headers["Location"] == "/"
    assert client.get("/?page=2").headers["Location"] == "/page/2/"


# The footer


def test_the_footer_links_the_pages_the_newsroom_chose_feeds_and_ways_in(client, home, article):
    about = home.add_child(
        instance=StandardPage(title="About us", slug="about", show_in_menus=True)
    )
    home.add_child(instance=StandardPage(title="Internal memo", slug="memo", body=[]))
    publish(about)
    soup = parse(client.get(article.url))
    footer = soup.select_one("footer.site-footer nav")
    assert footer["aria-label"] == "About this newsroom"
    assert links(soup, "footer.site-footer nav") == [
        ("About us", "/about/"),
        ("RSS feed", "/feeds/latest.rss"),
        ("Other ways to reach us", "/reach-us/"),
        ("How to check our copies", "/copies/"),
    ]


def test_the_korean_footer_is_in_korean(client, korean_home):
    soup = parse(client.get("/ko/"))
    texts = [text for text, _url in links(soup, "footer.site-footer nav")]
    assert "RSS 피드" in texts


# Share links


def test_share_links_are_plain_links_to_the_networks_the_newsroom_picked(client, home, article):
    settings = NewsroomSettings.for_site(home.get_site())
    settings.share_networks = ["telegram", "facebook"]
    settings.save()
    soup = parse(client.get(article.url))
    share = soup.select_one("section.share")
    names = [a.get_text() for a in share.select("a")]
    assert names == ["Email", "Telegram", "Facebook"]
    address = article.full_url
    assert address.startswith("http") and address.endswith(article.url)
    assert share.select_one("input#share-address")["value"] == address
    assert share.select_one("input#share-address").has_attr("readonly")
    telegram = urlsplit(share.select("a")[1]["href"])
    assert telegram.netloc == "t.me"
    assert parse_qs(telegram.query)["url"] == [address]
    assert "noreferrer" in share.select("a")[1]["rel"]
    email = urlsplit(share.select("a")[0]["href"])
    assert email.scheme == "mailto"
    assert parse_qs(email.query)["subject"] == [article.title]
    # Nothing is loaded from another host: every script is our own.
    scripts = [script["src"] for script in soup.select("script[src]")]
    assert "/static/news/share.js" in scripts
    assert all(src.startswith("/static/") for src in scripts)


def test_without_networks_chosen_email_and_the_address_are_still_offered(client, article):
    share = parse(client.get(article.url)).select_one("section.share")
    assert [a.get_text() for a in share.select("a")] == ["Email"]
    assert share.select_one("label[for=share-address]").get_text() == "Link to this story"
