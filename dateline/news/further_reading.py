"""What leads a reader on from an article: the stories beside it in its section, more from the
section, and related stories by topic, read in one query.

Every block shows only articles published before this one, except "next", the one article
published right after it in its section. So a page stays the same when a newer story comes out,
except for the story just before it, whose "next" link now leads to the new one: publishing an
article re-renders its own page, the listings it enters, and one neighbour, not the archive.
`articles_led_to` names the pages a change can reach; the bake notes `further_reading_key` on
each article page, and the pages each block shows as they load.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Q
from wagtail.models import Page

from dateline.core.shown import further_reading_key, note_shown
from dateline.core.visibility import public, restricted_sql

from .listing_index import ParentPath
from .models import ArticlePage, ArticleTag, topic_rows
from .models.article import EDITION_PATH_LENGTH

MORE_FROM_SECTION = 4
RELATED = 4
# The previous story, then "More from the section": the stories just before this one.
BEFORE_IN_SECTION = 1 + MORE_FROM_SECTION
# Topics read one by one, each on its own index; an article with more is read the slower way.
MAX_TOPIC_BLOCKS = 24
NEWEST_FIRST = ("-first_published_at", "-pk")
OLDEST_FIRST = ("first_published_at", "pk")


@dataclass
class FurtherReading:
    previous: Page | None = None
    next: Page | None = None
    more_from_section: list[Page] = field(default_factory=list)
    related: list[Page] = field(default_factory=list)


def _before(article) -> Q:
    """Match the stories published before the article: one range on the date, which the index
    walks in order to the limit, then the tie on the id. The same condition written as
    `date < x OR (date = x AND id < y)` led SQLite to read and sort every earlier story (160 ms
    for an old story on a 100,000-article archive, where this takes half a millisecond)."""
    published = article.first_published_at
    return Q(first_published_at__lte=published) & (
        Q(first_published_at__lt=published) | Q(pk__lt=article.pk)
    )


def _after(article) -> Q:
    """Match the stories published after the article (read as `_before` is)."""
    published = article.first_published_at
    return Q(first_published_at__gte=published) & (
        Q(first_published_at__gt=published) | Q(pk__gt=article.pk)
    )


def _articles_in_section(section_path: str):
    """Return the live articles filed directly in the section at this tree path, as pages read
    on the listing index by parent and date (see `_further_reading_sql`)."""
    pages = Page.objects.live().exact_type(ArticlePage).alias(parent_path=ParentPath())
    return pages.filter(parent_path=section_path)


def further_reading(article) -> FurtherReading:
    """Return the article's neighbours, more from its section and related articles: one query.

    Each block is a bounded subquery (`id IN (… LIMIT n)`), read on an index in date order: the
    section's stories on the page table's index by parent and date (listing_index.py), each
    topic's on its stories in the edition by date (`ArticleTag.edition_path`, `published`). One
    case still reads more as the archive grows: an article with more than MAX_TOPIC_BLOCKS
    topics, whose topics' stories are read together.
    """
    note_shown(further_reading_key(article.pk))
    if article.first_published_at is None:  # a preview of a draft never published
        return FurtherReading()
    section_path = article.path[: -Page.steplen]
    published = connection.ops.adapt_datetimefield_value(article.first_published_at)
    in_section = [ContentType.objects.get_for_model(ArticlePage).pk, section_path]
    earlier = [published, published, article.pk]
    # In the order of the placeholders: before, after, then one block for each topic.
    params = [*in_section, *earlier, *in_section, *earlier]
    edition = article.path[:EDITION_PATH_LENGTH]  # the rows filed under it (`ArticleTag`)
    topics = article.shown_tags()
    together = len(topics) > MAX_TOPIC_BLOCKS
    if together:
        params += [*(topic.pk for topic in topics), edition, *earlier]
    else:
        for topic in topics:
            params += [topic.pk, edition, *earlier]
    # Articles, with only the page table's columns (what a link shows): an article's address is
    # its own (`AddressedUnderEdition`), found faster than a plain page's.
    pages = ArticlePage.objects.raw(_further_reading_sql(len(topics), together), params)
    return _sorted_into_blocks(article, section_path, pages)


@lru_cache(maxsize=64)
def _further_reading_sql(topic_count: int, together: bool) -> str:
    """Return the query of `further_reading` for an article with this many topics (read
    `together` in one block, or one block each), written out rather than built with the ORM.

    Building and compiling it through the ORM took about 10 ms per article page, ten times what
    the database then spent running it; and the ORM's `date < x OR (date = x AND id < y)` led
    SQLite to read every earlier article in the site and sort them. Here the earlier and later
    stories are one date range each, which the index walks in order and stops at the limit.
    The blocks are joined by a UNION, not an OR of `id IN (…)`, which PostgreSQL answers by
    reading the whole page table.

    Related stories are read topic by topic, each topic's newest earlier stories on its own
    index. Looking for "shares a topic" while walking the edition's stories newest first read
    every earlier story for a topic with few (60 ms on a 100,000-article archive), and reading
    all the topics at once sorts every one of their stories. Each topic gives RELATED stories
    besides those "More from the section" may hold, so the newest RELATED of them all, less those
    the section shows, are among what the blocks return; the statement picks them, and only the
    pages shown are read whole (making every row a Wagtail page, twenty on average in a generated
    archive, took about 3.5% of a cold article render).
    An article with more than MAX_TOPIC_BLOCKS topics (an import's pile of tags) has its topics
    read together instead, which costs as many rows as they have stories: a statement has room for
    a few hundred blocks at most (SQLite's limit is 500).
    `tests/news/test_leading_readers_on.py` holds it to the stories readers should be offered.
    """
    page, tag = Page._meta.db_table, ArticleTag._meta.db_table
    columns = ", ".join(field.column for field in Page._meta.concrete_fields)
    columns += f", id AS {ArticlePage._meta.pk.column}"
    # The section's stories on the listing index by parent and date (`ParentPath`, written as
    # that index holds it): walked on the date alone, the first story of a new section read every
    # earlier story of the archive looking for its predecessors, 150 ms with 100,000 articles.
    in_section = (
        f"SELECT p.id FROM {page} p WHERE p.content_type_id = %s AND p.live"
        f" AND {ParentPath.template % {'expressions': 'p.path'}} = %s"
        f" AND NOT {restricted_sql('p.path')}"
    )
    # One range on the date (the index walks it in order, to the limit), then the tie on the id.
    earlier = "p.first_published_at <= %s AND (p.first_published_at < %s OR p.id < %s)"
    later = "p.first_published_at >= %s AND (p.first_published_at > %s OR p.id > %s)"
    before = (
        f"{in_section} AND {earlier}"
        f" ORDER BY p.first_published_at DESC, p.id DESC LIMIT {BEFORE_IN_SECTION}"
    )
    after = f"{in_section} AND {later} ORDER BY p.first_published_at, p.id LIMIT 1"
    topic_blocks, select, which_topics = topic_count, "SELECT", "t.tag_id = %s"
    if together:  # a story sharing several of the topics is one story
        topic_blocks, select = 1, "SELECT DISTINCT"
        which_topics = f"t.tag_id IN ({', '.join(['%s'] * topic_count)})"
    topic_earlier = "t.published <= %s AND (t.published < %s OR t.content_object_id < %s)"
    sharing_a_topic = (
        f"{select} t.content_object_id AS id, t.published FROM {tag} t"
        f" JOIN {page} p ON p.id = t.content_object_id"
        f" WHERE {which_topics} AND t.edition_path = %s AND {topic_earlier}"
        f" AND NOT {restricted_sql('p.path')}"
        f" ORDER BY t.published DESC, t.content_object_id DESC LIMIT {RELATED + BEFORE_IN_SECTION}"
    )
    topics = " UNION ALL ".join(
        f"SELECT id, published FROM ({sharing_a_topic}) AS topic_{number}"
        for number in range(topic_blocks)
    )
    # The newest RELATED of the topics' stories, less those "More from the section" shows.
    related = (
        f"SELECT DISTINCT id, published FROM ({topics}) AS sharing"
        " WHERE id NOT IN (SELECT id FROM before_in_section)"
        f" ORDER BY published DESC, id DESC LIMIT {RELATED}"
    )
    shown = "SELECT id FROM before_in_section UNION ALL SELECT id FROM after_in_section"
    if topic_count:
        shown += f" UNION ALL SELECT id FROM ({related}) AS related"
    return (
        f"WITH before_in_section AS ({before}), after_in_section AS ({after})"
        f" SELECT {columns} FROM {page} WHERE id IN ({shown})"
    )


def _sorted_into_blocks(article, section_path: str, pages) -> FurtherReading:
    """Tell the pages of the one query apart: the section's stories before and after, then the
    related ones (a story of the section older than its window is related by a topic)."""
    reading = FurtherReading()
    earlier, related = [], []
    order = (article.first_published_at, article.pk)
    for page in sorted(pages, key=lambda p: (p.first_published_at, p.pk), reverse=True):
        in_section = page.depth == article.depth and page.path.startswith(section_path)
        if in_section and (page.first_published_at, page.pk) > order:
            reading.next = page
        elif in_section and len(earlier) < BEFORE_IN_SECTION:
            earlier.append(page)
        else:
            related.append(page)
    reading.previous = earlier[0] if earlier else None
    reading.more_from_section = earlier[1:]
    reading.related = related[:RELATED]
    return reading


def articles_led_to(article, section_path: str) -> list[int]:
    """Return the ids of the articles whose further reading may show this article, or just did.

    The story before it in the section (its "next"), the stories after it whose window of
    earlier stories reaches it, and, per topic, the stories after it that could list it as
    related (a story further on has enough closer ones sharing that topic). For a new story,
    the newest in its section, that is one page. `section_path` is where it is (or, after a
    move, was) filed.
    """
    if article.first_published_at is None:
        return []
    # Counted among the stories readers see, as `further_reading` counts them.
    in_section = public(_articles_in_section(section_path)).exclude(pk=article.pk)
    previous = in_section.filter(_before(article)).order_by(*NEWEST_FIRST).values("pk")[:1]
    following = in_section.filter(_after(article)).order_by(*OLDEST_FIRST).values("pk")
    condition = Q(pk__in=previous) | Q(pk__in=following[:BEFORE_IN_SECTION])
    topics = ArticleTag.objects.filter(content_object_id=article.pk).values_list(
        "tag_id", flat=True
    )
    condition |= _later_by_topic(article, topics)
    return list(ArticlePage.objects.filter(condition).values_list("pk", flat=True))


def articles_related_through(article, topics) -> list[int]:
    """Return the ids of the stories whose related stories may show this article through these
    topics, or just did: those given to it or taken from it by an edit in place."""
    if article.first_published_at is None or not topics:
        return []
    condition = _later_by_topic(article, topics)
    return list(ArticlePage.objects.filter(condition).values_list("pk", flat=True))


def _later_by_topic(article, topics) -> Q:
    """Match, per topic, the stories after the article that could list it as related: a story
    further on has enough closer ones sharing that topic (nothing, with no topic). Each topic's
    are read on its index of the edition's stories by date, from the article's on, as
    `further_reading` reads them."""
    published = article.first_published_at
    # One range on the date, then the tie on the id (see `_further_reading_sql`).
    after = Q(published__gte=published) & (
        Q(published__gt=published) | Q(content_object_id__gt=article.pk)
    )
    later = topic_rows(article.path[:EDITION_PATH_LENGTH]).filter(after)
    condition = Q(pk__in=[])
    for tag_id in topics:
        tagged = later.filter(tag_id=tag_id).order_by("published", "content_object_id")
        condition |= Q(pk__in=tagged.values("content_object_id")[: RELATED + BEFORE_IN_SECTION])
    return condition
