"""The pages that list articles: the front page, sections, contributors and topics."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction

from dateline.news.editions import forget_editions
from dateline.news.factories import (
    ArticleCreditFactory,
    ArticlePageFactory,
    ContributorFactory,
    NewsImageFactory,
    SectionPageFactory,
    publish,
)
from dateline.news.listing_index import INDEXES
from dateline.news.models import (
    ArticleCredit,
    ArticlePage,
    ArticleTag,
    Contributor,
    HomePage,
    SectionPage,
    StandardPage,
    articles_credited,
    articles_in,
    articles_tagged,
    credited_ids,
    listing_of,
    tagged_ids,
)
from dateline.news.models.article import refile_drifted_listing_rows

from .conftest import parse, sqlite_steps


def published_article(section, days_ago, **fields):
    """Publish an article under a section as if it went out `days_ago` days ago."""
    article = ArticlePageFactory(parent=section, live=False, **fields)
    return publish(article, at=timezone.now() - timedelta(days=days_ago))


def card_headlines(soup, selector=".listing") -> list[str]:
    return [a.get_text(strip=True) for a in soup.select(f"{selector} .card__headline a")]


@pytest.fixture
def economy(home):
    return publish(SectionPageFactory(parent=home, title="Economy", slug="economy"))


def test_home_names_the_newsroom_and_links_to_its_sections(client, home, section, economy):
    soup = parse(client.get(home.url))
    assert soup.select_one(".site-name").get_text(strip=True) == home.title
    assert soup.title.get_text(strip=True) == home.title
    assert [(a.get_text(), a["href"]) for a in soup.select("nav.sections a")] == [
        ("North Korea", "/north-korea/"),
        ("Economy", "/economy/"),
    ]


def test_home_shows_featured_articles_first_then_the_latest(client, home, section, economy):
    older = published_article(section, days_ago=5, title="An older investigation")
    newest = published_article(economy, days_ago=1, title="Yesterday's market report")
    middle = published_article(section, days_ago=3, title="A story from three days ago")
    home.featured_articles.create(article=older, sort_order=0)
    publish(home)

    soup = parse(client.get(home.url))
    assert card_headlines(soup, "section.featured") == [older.title]
    assert card_headlines(soup, "section.latest") == [newest.title, middle.title]


def test_home_card_has_headline_standfirst_thumbnail_section_and_date(client, home, economy):
    article = published_article(
        economy,
        days_ago=1,
        title="Fuel shortage keeps boats in port",
        standfirst="Diesel is too dear for small boats.",
        hero_image=NewsImageFactory(),
        hero_alt="Boats in a harbour",
    )
    soup = parse(client.get(home.url))
    card = soup.select_one("main article.card")
    assert card.select_one(".card__headline a")["href"] == article.url
    assert card.select_one(".card__headline").get_text(strip=True) == article.title
    assert card.select_one(".card__standfirst").get_text(strip=True) == article.standfirst
    assert card.select_one(".card__section a")["href"] == economy.url
    assert card.select_one("picture source[type='image/avif']") is not None
    assert card.select_one("picture img")["alt"] == ""  # The headline beside it says it all.
    published = timezone.localtime(article.first_published_at)
    assert card.select_one(".card__meta time")["datetime"] == published.isoformat(
        timespec="seconds"
    )


def test_home_says_so_when_nothing_is_published(client, home):
    soup = parse(client.get(home.url))
    assert "No articles have been published yet." in soup.select_one("main").get_text()


def test_home_leaves_out_unpublished_articles(client, home, section):
    ArticlePageFactory(parent=section, title="A draft nobody should see", live=False)
    assert "A draft nobody should see" not in client.get(home.url).text


def test_section_lists_its_articles_newest_first(client, section, economy):
    titles = {days: f"Story from {days} days ago" for days in (4, 1, 9, 2)}
    for days, title in titles.items():
        published_article(section, days_ago=days, title=title)
    published_article(economy, days_ago=3, title="A story from another section")

    soup = parse(client.get(section.url))
    assert soup.h1.get_text(strip=True) == "North Korea"
    assert card_headlines(soup) == [titles[1], titles[2], titles[4], titles[9]]


def test_section_card_has_headline_standfirst_thumbnail_and_date(client, section):
    article = published_article(section, days_ago=1, hero_image=NewsImageFactory())
    card = parse(client.get(section.url)).select_one(".listing article.card")
    assert card.select_one(".card__headline a")["href"] == article.url
    assert card.select_one(".card__standfirst").get_text(strip=True) == article.standfirst
    assert card.select_one("picture img")["src"].startswith("/media/images/")
    assert card.select_one(".card__meta time")["datetime"]


@pytest.fixture
def crowded_section(section):
    """A section with 21 articles, one more than a page holds; the oldest is "Story 21"."""
    for number in range(1, 22):
        published_article(section, days_ago=number, title=f"Story {number}")
    return section


def test_section_shows_twenty_articles_per_page(client, crowded_section):
    soup = parse(client.get(crowded_section.url))
    assert card_headlines(soup) == [f"Story {number}" for number in range(1, 21)]
    assert soup.select_one("nav.pagination a[rel=next]")["href"] == "/north-korea/page/2/"
    assert soup.select_one("nav.pagination a[rel=prev]") is None


def test_section_second_page_holds_the_rest(client, crowded_section):
    soup = parse(client.get("/north-korea/page/2/"))
    assert card_headlines(soup) == ["Story 21"]
    assert "Page 2 of 2" in soup.select_one("nav.pagination").get_text()
    assert soup.select_one("nav.pagination a[rel=next]") is None
    assert soup.select_one("nav.pagination a[rel=prev]")["href"] == "/north-korea/"


@pytest.fixture
def listing_with_pages_it_must_not_count(crowded_section, home, korean_section):
    """The crowded section, beside pages its listings leave out: a draft, a story behind a
    password, a plain page, a story of the Korean edition, and one in a subsection (listed)."""
    ArticlePageFactory(parent=crowded_section, title="A draft", live=False)
    hidden = publish(SectionPageFactory(parent=home, title="Members", slug="members"))
    PageViewRestriction.objects.create(page=hidden, restriction_type="password", password="x")
    published_article(hidden, days_ago=1, title="For members only")
    home.add_child(
        instance=StandardPage(title="About us", slug="about-us")
    ).save_revision().publish()
    published_article(korean_section, days_ago=1, title="시장 소식")
    subsection = publish(SectionPageFactory(parent=crowded_section, title="Border", slug="border"))
    published_article(subsection, days_ago=30, title="Story 30")
    return crowded_section


def test_listings_count_only_the_stories_they_list(
    client, listing_with_pages_it_must_not_count, home
):
    section = listing_with_pages_it_must_not_count
    border, members = (Page.objects.get(slug=slug) for slug in ("border", "members"))
    listings = [section, home, border, members]
    assert [listing_of(page).count() for page in listings] == [22, 22, 1, 0]
    assert [articles_in(page).count() for page in listings] == [22, 22, 1, 0]
    newest = articles_in(home).first().pk
    assert listing_of(home, excluding=[newest]).count() == 21
    for page in listings:  # the same stories, page by page, as the articles' own query lists
        listed = [article.pk for article in listing_of(page)[0:30]]
        assert listed == list(articles_in(page).values_list("pk", flat=True)), page.title
    assert [a.pk for a in listing_of(home, excluding=[newest])[20:25]] == list(
        articles_in(home).exclude(pk=newest).values_list("pk", flat=True)[20:25]
    )

    assert (
        "Page 2 of 2"
        in parse(client.get("/north-korea/page/2/")).select_one("nav.pagination").get_text()
    )
    assert card_headlines(parse(client.get("/north-korea/page/2/"))) == ["Story 21", "Story 30"]
    assert client.get("/north-korea/page/3/").status_code == 404
    assert "Page 2 of 2" in parse(client.get("/page/2/")).get_text()


@pytest.mark.parametrize("page", ["3", "0"])
def test_section_page_that_does_not_exist_is_not_found(client, crowded_section, page):
    assert client.get(f"/north-korea/page/{page}/").status_code == 404


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/north-korea/?page=2", "/north-korea/page/2/"),
        ("/north-korea/?page=1", "/north-korea/"),
        ("/north-korea/page/1/", "/north-korea/"),
        ("/contributors/han-ji-woo/?page=2", "/contributors/han-ji-woo/page/2/"),
        ("/topics/markets/?page=3", "/topics/markets/page/3/"),
    ],
)
def test_old_page_addresses_move_permanently_to_paths(client, crowded_section, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_section_without_pagination_when_it_fits_on_one_page(client, section):
    published_article(section, days_ago=1)
    assert parse(client.get(section.url)).select_one("nav.pagination") is None


def test_section_marks_itself_current_in_the_navigation(client, section):
    soup = parse(client.get(section.url))
    assert soup.select_one("nav.sections a[aria-current=page]")["href"] == section.url


def test_contributor_page_lists_their_articles_with_bio(client, section, home):
    contributor = ContributorFactory(name="Park Seo-yeon", bio="Reports on schools.")
    theirs = published_article(section, days_ago=2, title="Schools close for the harvest")
    ArticleCreditFactory(article=theirs, contributor=contributor)
    published_article(section, days_ago=1, title="Someone else's story")

    soup = parse(client.get(f"/contributors/{contributor.slug}/"))
    assert soup.h1.get_text(strip=True) == "Park Seo-yeon"
    assert soup.title.get_text().startswith("Park Seo-yeon")
    assert "Reports on schools." in soup.select_one(".listing-header").get_text()
    assert card_headlines(soup) == ["Schools close for the harvest"]


def test_contributor_with_several_roles_on_one_article_lists_it_once(client, section):
    contributor = ContributorFactory(name="Oh Tae-ho")
    article = published_article(section, days_ago=1, title="Edited and photographed")
    ArticleCreditFactory(article=article, contributor=contributor, role="editor")
    ArticleCreditFactory(article=article, contributor=contributor, role="photographer")
    soup = parse(client.get(f"/contributors/{contributor.slug}/"))
    assert card_headlines(soup) == ["Edited and photographed"]


def test_a_contributors_listing_holds_each_of_their_public_stories_once_newest_first(
    client, listing_with_pages_it_must_not_count, home, korean_home
):
    """Read from the contributor's credits, the listing and feed hold what the edition's
    articles crediting them hold: each story once whatever the roles, newest first, and none
    that is a draft, behind a password, or in the other edition."""
    contributor = ContributorFactory(name="Oh Tae-ho")
    stories = ArticlePage.objects.filter(title__startswith="Story ").order_by("pk")
    for number, article in enumerate(stories):
        ArticleCreditFactory(article=article, contributor=contributor, role="writer")
        if number % 3 == 0:
            ArticleCreditFactory(article=article, contributor=contributor, role="photographer")
    for title in ("A draft", "For members only", "시장 소식"):
        ArticleCreditFactory(
            article=ArticlePage.objects.get(title=title), contributor=contributor, role="writer"
        )
    expected = list(
        articles_in(home)
        .filter(credits__contributor=contributor)
        .distinct()
        .values_list("title", flat=True)
    )
    assert len(expected) == 22 and len(set(expected)) == 22
    assert articles_credited(home, contributor).count() == 22

    first = parse(client.get(f"/contributors/{contributor.slug}/"))
    second = parse(client.get(f"/contributors/{contributor.slug}/page/2/"))
    assert card_headlines(first) + card_headlines(second) == expected
    assert "Page 2 of 2" in second.select_one("nav.pagination").get_text()
    feed = client.get(f"/feeds/contributors/{contributor.slug}.json").json()
    assert [item["title"] for item in feed["items"]] == expected


def test_unknown_contributor_is_not_found(client, home):
    assert client.get("/contributors/nobody-by-this-name/").status_code == 404


def test_topic_page_lists_the_articles_tagged_with_it(client, section):
    tagged = published_article(section, days_ago=1, title="About markets")
    tagged.tags.add("markets")
    publish(tagged)
    published_article(section, days_ago=2, title="About nothing in particular")

    soup = parse(client.get("/topics/markets/"))
    assert soup.h1.get_text(strip=True) == "markets"
    assert card_headlines(soup) == ["About markets"]


@pytest.fixture
def markets(section, korean_home):
    """Stories about markets, published out of order, and some a reader must not find here."""
    for days_ago, title in [(5, "Oldest"), (1, "Newest"), (3, "Middle"), (4, "Withdrawn")]:
        story = published_article(section, days_ago=days_ago, title=title)
        story.tags.add("markets")
        publish(story)
    ArticlePage.objects.get(title="Withdrawn").unpublish()
    private = published_article(section, days_ago=2, title="Private")
    private.tags.add("markets")
    publish(private)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    korean_section = publish(SectionPageFactory(parent=korean_home, title="북한", slug="bukhan"))
    korean = published_article(korean_section, days_ago=2, title="시장")
    korean.tags.add("markets")
    publish(korean)


def test_topic_page_lists_this_editions_public_stories_newest_first(client, markets):
    assert card_headlines(parse(client.get("/topics/markets/"))) == ["Newest", "Middle", "Oldest"]


def test_topic_page_goes_on_to_its_older_stories(client, markets, settings):
    settings.DATELINE_ARTICLES_PER_PAGE = 2
    assert card_headlines(parse(client.get("/topics/markets/"))) == ["Newest", "Middle"]
    assert card_headlines(parse(client.get("/topics/markets/page/2/"))) == ["Oldest"]
    assert client.get("/topics/markets/page/3/").status_code == 404


def test_unknown_topic_is_not_found(client, home):
    assert client.get("/topics/no-such-topic/").status_code == 404


def test_migrate_makes_the_indexes_the_listings_are_read_from(db):
    def indexes() -> set[str]:
        with connection.cursor() as cursor:
            return set(connection.introspection.get_constraints(cursor, Page._meta.db_table))

    assert set(INDEXES) <= indexes()
    with connection.cursor() as cursor:
        for name in INDEXES:
            cursor.execute(f"DROP INDEX {name}")
    assert not set(INDEXES) & indexes()
    call_command("migrate", verbosity=0)  # as after a Wagtail upgrade that rebuilt the table
    assert set(INDEXES) <= indexes()


@pytest.mark.postgresql
def test_migrate_on_postgresql_builds_the_indexes_beside_readers_and_writers(transactional_db):
    """A plain build would hold off every save of a page (publishing too) while the page table
    of a large archive is indexed; a concurrent one that stopped half-way is built again."""

    def valid() -> dict[str, bool]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.relname, i.indisvalid FROM pg_index i"
                " JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = ANY(%s)",
                [list(INDEXES)],
            )
            return dict(cursor.fetchall())

    first, *others = INDEXES
    with connection.cursor() as cursor:
        for name in others:
            cursor.execute(f"DROP INDEX {name}")
        cursor.execute(f"DROP INDEX {first}")
        # A concurrent build that fails leaves its index behind, invalid: two edition homes
        # share a depth, so a unique index on it cannot be finished.
        with pytest.raises(IntegrityError):
            cursor.execute(f"CREATE UNIQUE INDEX CONCURRENTLY {first} ON wagtailcore_page (depth)")
    assert valid() == {first: False}

    with CaptureQueriesContext(connection) as migrate:
        call_command("migrate", verbosity=0)

    assert valid() == dict.fromkeys(INDEXES, True)
    builds = [query["sql"] for query in migrate if "CREATE INDEX" in query["sql"]]
    assert builds and all("CONCURRENTLY" in sql for sql in builds), builds


@pytest.mark.sqlite
def test_listings_keep_a_quick_plan_once_sqlite_has_statistics(client, crowded_section, home):
    """After `ANALYZE` (or `PRAGMA optimize`), with no view restriction in the site, SQLite
    must still look each restriction's page up by its key: scanning every page for each listed
    story made a section of a large archive take seconds."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    with CaptureQueriesContext(connection) as render:
        for url in (crowded_section.url, "/north-korea/page/2/", home.url):
            assert client.get(url).status_code == 200
    checked = [
        query["sql"] for query in render.captured_queries if "restricted_page" in query["sql"]
    ]
    assert checked, "the listings no longer filter out restricted pages in SQL"
    for sql in checked:
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = [row[-1] for row in cursor.fetchall()]
        assert not [step for step in plan if step.startswith("SCAN restricted_page")], plan


def listings_and_their_stories() -> dict[str, tuple[int, int]]:
    """Each home's and section's count of stories, as the listing counts them and as counting
    each published, public story under it gives."""
    listed = Page.objects.type(HomePage, SectionPage).specific()
    return {page.url_path: (listing_of(page).count(), articles_in(page).count()) for page in listed}


def assert_listings_count_every_story():
    counts = listings_and_their_stories()
    assert {path: listed for path, (listed, _) in counts.items()} == {
        path: stories for path, (_, stories) in counts.items()
    }


def test_listing_counts_follow_a_day_of_changes_to_the_tree(
    listing_with_pages_it_must_not_count, home, economy
):
    """The count adds up treebeard's counts of children and takes away what a listing leaves
    out; every change a newsroom makes to its tree must leave it equal to counting story by
    story."""
    section = listing_with_pages_it_must_not_count
    border = SectionPage.objects.get(slug="border")
    assert_listings_count_every_story()

    draft = ArticlePage.objects.get(title="A draft")
    draft.save_revision().publish()
    assert_listings_count_every_story()
    ArticlePage.objects.get(title="Story 3").unpublish()
    assert_listings_count_every_story()
    ArticlePage.objects.get(title="Story 4").move(economy, pos="last-child")
    assert_listings_count_every_story()
    Page.objects.get(pk=border.pk).move(economy, pos="last-child")
    assert_listings_count_every_story()
    published_article(border, days_ago=2, title="Story at the border")
    economy.add_child(instance=StandardPage(title="A plain page", slug="plain"))
    assert_listings_count_every_story()

    private = ArticlePage.objects.get(title="Story 5")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    assert_listings_count_every_story()
    PageViewRestriction.objects.create(page=border, restriction_type="password", password="x")
    PageViewRestriction.objects.create(
        page=ArticlePage.objects.get(title="Story at the border"),
        restriction_type="password",
        password="y",
    )
    assert_listings_count_every_story()

    excluding = [
        ArticlePage.objects.get(title=title).pk
        for title in ("Story 1", "Story 5", "Story 3", "Story 30", "시장 소식")
    ]
    for page in (home, section, economy, border):
        assert listing_of(page, excluding).count() == (
            articles_in(page).exclude(pk__in=excluding).count()
        ), page.title

    ArticlePage.objects.get(title="Story 6").delete()
    assert_listings_count_every_story()
    Page.objects.get(pk=economy.pk).delete()
    assert_listings_count_every_story()
    PageViewRestriction.objects.all().delete()
    assert_listings_count_every_story()


@pytest.mark.sqlite
def test_counting_a_listing_does_not_read_each_story(home):
    """Counting a front page's stories must not take longer as the archive grows: the number of
    steps SQLite's machine takes to count 2,000 stories is within a few per cent of counting 100
    (reading each story's index entry made it twentyfold)."""

    def steps_to_count() -> tuple[int, int]:
        listing = listing_of(HomePage.objects.get(locale__language_code="en"))
        return listing.count(), sqlite_steps(listing.count)

    call_command("generate_archive", articles=100, editions=["en"], skip_index=True, seed=3)
    few, steps_for_few = steps_to_count()
    call_command("generate_archive", articles=2000, editions=["en"], skip_index=True, seed=3)
    many, steps_for_many = steps_to_count()
    assert many == articles_in(HomePage.objects.get(locale__language_code="en")).count()
    assert many > 10 * few
    assert steps_for_many < 1.1 * steps_for_few, (steps_for_few, steps_for_many)


@pytest.mark.sqlite
def test_a_new_sections_stories_and_feed_are_read_without_reading_the_archive(client, home):
    """A section opened today holds two stories among thousands: its first page of stories and
    its feed cost as many of SQLite's steps with 2,000 older stories in other sections as with
    100. Walked newest first on the date alone, both read every story of the archive to find
    their twenty or fifty (9 ms and 240 ms a page with 100,000 articles)."""
    call_command("generate_archive", articles=100, editions=["en"], skip_index=True, seed=3)
    edition = HomePage.objects.get(locale__language_code="en")
    section = publish(SectionPageFactory(parent=edition, title="Elections", slug="elections"))
    published_article(section, days_ago=400, title="The first story")
    published_article(section, days_ago=300, title="The second story")

    def steps() -> int:
        listing = listing_of(Page.objects.get(pk=section.pk).specific)
        assert [a.title for a in listing[0:20]] == ["The second story", "The first story"]
        feed = client.get("/feeds/sections/elections.rss")
        assert feed.content.count(b"<item>") == 2
        return sqlite_steps(lambda: listing[0:20]) + sqlite_steps(
            lambda: client.get("/feeds/sections/elections.rss")
        )

    steps_for_few = steps()
    call_command("generate_archive", articles=2000, editions=["en"], skip_index=True, seed=3)
    assert ArticlePage.objects.live().count() > 2000
    steps_for_many = steps()
    assert steps_for_many < 1.1 * steps_for_few, (steps_for_few, steps_for_many)


def assert_topics_and_contributors_count_their_stories(topics, contributors):
    """Each edition's topic and contributor listings count and order what their pages hold:
    the published, public articles with the topic, or crediting the contributor once each,
    newest first."""
    for home in HomePage.objects.all():
        for topic in topics:
            stories = list(articles_in(home).filter(tags=topic).values_list("pk", flat=True))
            assert list(tagged_ids(home, topic)) == stories, (home.title, topic.name)
            assert articles_tagged(home, topic).count() == len(stories), (home.title, topic.name)
        for person in contributors:
            credited = articles_in(home).filter(credits__contributor=person).distinct()
            stories = list(credited.values_list("pk", flat=True))
            assert list(credited_ids(home, person)) == stories, (home.title, person.name)
            assert articles_credited(home, person).count() == len(stories), (home.title, person)


def test_topic_and_contributor_counts_follow_a_day_of_changes(
    home, korean_home, section, economy, korean_section
):
    """Counted and ordered on the topic and credit rows' edition and date (`edition_path`,
    `published`), kept on every change an article can go through: published (back-dated too),
    withdrawn, moved within and between editions, its topics and credits changed by a new
    revision, deleted, written in bulk; where a view restriction reaches an edition (inside it or
    on its home), each row is also checked against its page."""
    from dateline.news.models.pages import _counted_by_rows

    desk, writer = ContributorFactory(name="News desk"), ContributorFactory(name="Kim")
    stories = []
    for number, parent in enumerate([section, section, economy, korean_section, section]):
        article = ArticlePageFactory(parent=parent, live=False, title=f"Story {number}")
        article.tags.add("markets", *(["rice"] if number % 2 else []))
        article.credits.add(ArticleCredit(contributor=desk, role="reporter"))
        if number % 2:
            article.credits.add(ArticleCredit(contributor=desk, role="photographer"))
            article.credits.add(ArticleCredit(contributor=writer, role="writer"))
        stories.append(publish(article) if number < 4 else article.save() or article)
    topics = list(Tag.objects.filter(name__in=["markets", "rice"]))
    people = [desk, writer]
    assert _counted_by_rows(home.path) and _counted_by_rows(korean_home.path)
    assert articles_tagged(home, topics[0]).count() > 0
    assert_topics_and_contributors_count_their_stories(topics, people)

    # The draft goes out, dated as in the archive it was brought from: last of its listings.
    publish(ArticlePage.objects.get(pk=stories[4].pk), at=timezone.now() - timedelta(days=30))
    assert_topics_and_contributors_count_their_stories(topics, people)
    ArticlePage.objects.get(pk=stories[0].pk).unpublish()
    assert_topics_and_contributors_count_their_stories(topics, people)
    # Scheduled expiry and the admin's bulk action withdraw an article as a plain page.
    Page.objects.get(pk=stories[4].pk).unpublish(set_expired=True)
    assert_topics_and_contributors_count_their_stories(topics, people)
    publish(ArticlePage.objects.get(pk=stories[4].pk))
    ArticlePage.objects.get(pk=stories[1].pk).move(
        Page.objects.get(pk=economy.pk), pos="last-child"
    )
    assert_topics_and_contributors_count_their_stories(topics, people)
    Page.objects.get(pk=economy.pk).move(  # into the other edition
        Page.objects.get(pk=korean_home.pk), pos="last-child"
    )
    assert_topics_and_contributors_count_their_stories(topics, people)

    revised = ArticlePage.objects.get(pk=stories[3].pk)
    revised.tags.add("rice")
    revised.credits.add(ArticleCredit(contributor=writer, role="writer"))
    revised.save_revision().publish()
    assert_topics_and_contributors_count_their_stories(topics, people)
    ArticlePage.objects.get(pk=stories[2].pk).delete()
    assert_topics_and_contributors_count_their_stories(topics, people)

    call_command("generate_archive", articles=40, skip_index=True, seed=5)
    generated_topics = list(Tag.objects.filter(news_articletag_items__isnull=False).distinct())
    generated_people = list(Contributor.objects.filter(credits__isnull=False).distinct())
    assert_topics_and_contributors_count_their_stories(generated_topics, generated_people)
    # Putting the Korean edition first renumbers the English one and every page under it.
    Page.objects.get(pk=korean_home.pk).move(Page.objects.get(pk=home.pk), pos="left")
    assert_topics_and_contributors_count_their_stories(generated_topics, generated_people)

    PageViewRestriction.objects.create(
        page=Page.objects.get(pk=stories[4].pk), restriction_type="password", password="x"
    )
    assert not _counted_by_rows(HomePage.objects.get(pk=home.pk).path)
    assert_topics_and_contributors_count_their_stories(topics, people)
    korean = HomePage.objects.get(pk=korean_home.pk)
    assert articles_in(korean).filter(tags__in=topics).exists()
    PageViewRestriction.objects.create(page=korean, restriction_type="password", password="x")
    assert not _counted_by_rows(korean.path)
    assert_topics_and_contributors_count_their_stories(topics, people)


def test_the_daily_duty_files_again_the_stories_a_tree_repair_took_out_of_their_listings(
    client, korean_section
):
    """Wagtail's `fixtree --full` renumbers the tree in SQL, behind every signal: here the
    Korean edition, filed after a gap in the tree, moves up a place. Its story's topic and credit
    rows still name the old place, so its topic's and reporter's listings lose it once the
    editions are read again (within a minute, in every process), until the worker's daily duty
    (or a full bake) files the rows again."""
    with connection.cursor() as cursor:  # a sibling's row deleted around Wagtail leaves a gap
        cursor.execute(
            "UPDATE wagtailcore_page SET path = '00010003' || SUBSTR(path, 9) "
            "WHERE path LIKE '00010002%%'"
        )
    forget_editions()
    reporter = ContributorFactory(name="Han Ji-woo", slug="han-ji-woo")
    story = ArticlePageFactory(parent=SectionPage.objects.get(pk=korean_section.pk), live=False)
    story.tags.add("rice")
    ArticleCreditFactory(article=story, contributor=reporter, role="reporter")
    publish(story)
    listings = ["/ko/topics/rice/", "/ko/contributors/han-ji-woo/"]
    for url in listings:
        assert card_headlines(parse(client.get(url))) == [story.title]

    draft = ArticlePageFactory(parent=SectionPage.objects.get(pk=korean_section.pk), live=False)
    draft.tags.add("rice")  # listed nowhere, and rightly so: not filed again
    withdrawn = ArticlePageFactory(parent=SectionPage.objects.get(pk=korean_section.pk), live=False)
    withdrawn.tags.add("rice")
    publish(withdrawn)
    ArticlePage.objects.filter(pk=withdrawn.pk).update(live=False)  # by SQL: still filed

    call_command("fixtree", "--full", verbosity=0)
    korean_home = HomePage.objects.get(locale__language_code="ko")
    assert korean_home.path == "00010002"
    rows = [
        ArticleTag.objects.get(content_object_id=story.pk),
        ArticleCredit.objects.get(article=story),
    ]
    assert {row.edition_path for row in rows} == {"00010003"}
    forget_editions()
    for url in listings:
        assert card_headlines(parse(client.get(url))) == []

    assert refile_drifted_listing_rows() == 2
    for url in listings:
        assert card_headlines(parse(client.get(url))) == [story.title]
    assert refile_drifted_listing_rows() == 0
