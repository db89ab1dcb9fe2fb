"""The sitemaps: an index, one sitemap per section, one for the other pages, and Google News's.

Each lists published, public pages only, at their canonical addresses, dated by their last real
change (a publication, never a draft saved in the admin), with `xhtml:link` alternates pointing
to the same page in the other language editions.

A section's sitemap is cut into parts of at most 50,000 addresses, the protocol's limit: part N
holds the articles in positions (N-1) times 50,000 plus one to N times 50,000 among the section's children, by
their place in the page tree (treebeard numbers each child in its path). A part is then a range
of the tree's path index, read in the same time whatever the archive's size, never an OFFSET
over everything before it; a part may hold fewer when articles were deleted.
"""

from collections.abc import Iterable, Iterator
from datetime import timedelta
from itertools import islice

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Exists, F, Max, Subquery
from django.utils import timezone
from wagtail.models import Page

from dateline.core.shown import (
    ALL_ARTICLES_KEY,
    ALL_PAGES_KEY,
    PUBLISHED_DATES_KEY,
    articles_under_key,
    note_shown,
)
from dateline.core.visibility import public
from dateline.metadata.facts import absolute, site_root, translation_groups
from dateline.news.editions import edition_homes
from dateline.news.listing_index import (
    pages_of_type,
    under_outer_page,
)
from dateline.news.models import ArticlePage, HomePage, SectionPage, StandardPage

# What a section sitemap's entry reads of an article: its address, date and translations.
SITEMAP_ENTRY_FIELDS = (
    "url_path",
    "locale",
    "translation_key",
    "last_published_at",
    "translated_from",
)
# The latest change first on both databases: PostgreSQL would put a page never published first.
NEWEST_CHANGE_FIRST = F("last_published_at").desc(nulls_last=True)
NEWS_SITEMAP_DAYS = 2
NEWS_SITEMAP_LIMIT = 1000
# Pages whose alternates are looked up in one query (a bound on the SQL's list of keys).
ALTERNATES_BATCH = 2000
# Google News wants ISO 639 codes, and names Chinese by region.
NEWS_LANGUAGE_CODES = {"zh-hans": "zh-cn", "zh-hant": "zh-tw"}


class PageSitemap(Sitemap):
    """Wagtail pages at their canonical full addresses, with their translations as alternates."""

    alternates = True

    def __init__(self, request, pages):
        self.request = request
        self.pages = pages

    def items(self):
        return self.pages

    def lastmod(self, page):
        return page.last_published_at

    def part_count(self) -> int:
        """Return how many parts (files) the sitemap has; the index lists each one."""
        return self.paginator.num_pages

    def part(self, number: int) -> Iterable:
        return self.paginator.page(number).object_list

    def get_urls(self, page=1, site=None, protocol=None):
        """Return the entries of one part, made a batch of pages at a time.

        Each batch's pages and their translations are let go once their entries are made: a part
        of 9,000 stories held them all, and the worker kept the memory after answering.
        """
        try:
            number = int(page)
        except (TypeError, ValueError):
            raise PageNotAnInteger(page) from None
        if number < 1 or number > self.part_count():
            raise EmptyPage(page)
        root = site_root(self.request)
        urls = []
        for batch in batches(self.part(number), ALTERNATES_BATCH):
            versions = translation_groups(batch) if self.alternates else {}
            urls += [self.entry(item, versions.get(item.pk, []), root) for item in batch]
        dates = [url["lastmod"] for url in urls if url["lastmod"]]
        self.latest_lastmod = max(dates, default=None)
        return urls

    def entry(self, item, versions, root) -> dict:
        """Return what the template shows of a page: its address, date and other versions."""
        return {
            "location": absolute(root, item.get_url(self.request)),
            "lastmod": self.lastmod(item),
            "alternates": [
                {
                    "lang_code": version.locale.language_code,
                    "location": absolute(root, version.get_url(self.request)),
                }
                for version in versions
            ]
            if len(versions) > 1
            else [],
        }

    def get_latest_lastmod(self):
        return self.pages.aggregate(latest=Max("last_published_at"))["latest"]


class SectionSitemap(PageSitemap):
    """The articles filed directly in one section (a subsection has a sitemap of its own).

    The section comes from `filed_sections`, which read its latest change and its last child.
    """

    def __init__(self, request, section):
        self.section = section
        # Only what an entry shows: a part of thousands of articles read their bodies (about 11 KB
        # of JSON each), and the worker kept the memory (half the growth six parts caused, 3,000
        # articles); the other columns cost a third of a part's time (9,000 articles).
        articles = (
            public(ArticlePage.objects.live().child_of(section))
            .select_related("locale")
            .only(*SITEMAP_ENTRY_FIELDS)
        )
        super().__init__(request, articles)

    def part_count(self) -> int:
        """Return the parts the section's last child reaches (its path, not a count of them)."""
        last = self.section.last_child_path
        if last is None:
            return 1
        position = Page._str2int(last[-Page.steplen :])
        return max(1, -(-position // self.limit))

    def part(self, number: int) -> Iterable:
        """Return the live articles in the part's range of tree positions, in tree order."""
        note_shown(articles_under_key(self.section.pk))  # a new article may enter any part
        first, end = (number - 1) * self.limit + 1, number * self.limit + 1
        articles = self.pages.filter(path__gte=self._path_at(first))
        if end < len(Page.alphabet) ** Page.steplen:
            articles = articles.filter(path__lt=self._path_at(end))
        return articles.order_by("path").iterator(chunk_size=ALTERNATES_BATCH)

    def get_latest_lastmod(self):
        return self.section.latest_article_change

    def _path_at(self, position: int) -> str:
        return self.section.path + Page._int2str(position).rjust(Page.steplen, "0")


class ListingPagesSitemap(PageSitemap):
    """Front pages, sections and plain pages; a listing changes when a story in it is published."""

    def __init__(self, request):
        newest_article = (
            public(Page.objects.live().type(ArticlePage).filter(under_outer_page()))
            .order_by(NEWEST_CHANGE_FIRST)
            .values("last_published_at")[:1]
        )
        pages = (
            Page.objects.live()
            .public()
            .type(HomePage, SectionPage, StandardPage)
            .annotate(newest_article_at=newest_article)
            .select_related("locale")
            .order_by("path")
        )
        super().__init__(request, pages)

    def items(self):
        note_shown(ALL_PAGES_KEY, PUBLISHED_DATES_KEY)
        return self.pages

    def lastmod(self, page):
        dates = [date for date in (page.last_published_at, page.newest_article_at) if date]
        return max(dates, default=None)

    def get_latest_lastmod(self):
        articles = public(Page.objects.live().type(ArticlePage))  # on the listing index alone
        newest = articles.aggregate(latest=Max("last_published_at"))
        dates = [date for date in (newest["latest"], super().get_latest_lastmod()) if date]
        return max(dates, default=None)


class NewsSitemap(PageSitemap):
    """Google News: stories first published in the last two days, at most 1,000, newest first."""

    limit = NEWS_SITEMAP_LIMIT
    alternates = False  # Google News reads no alternates; the section sitemaps carry them.

    def __init__(self, request):
        since = timezone.now() - timedelta(days=NEWS_SITEMAP_DAYS)
        articles = (
            ArticlePage.objects.live()
            .public()
            .filter(first_published_at__gte=since)
            .select_related("locale")
            .order_by("-first_published_at", "-pk")
        )
        super().__init__(request, articles)

    def items(self):
        note_shown(ALL_ARTICLES_KEY)
        return self.pages[:NEWS_SITEMAP_LIMIT]

    def get_urls(self, page=1, site=None, protocol=None):
        self.homes = edition_homes()  # read once for the sitemap, not once for each story
        return super().get_urls(page, site, protocol)

    def entry(self, item, versions, root) -> dict:
        home = self.homes.get(item.locale_id)
        return {
            **super().entry(item, versions, root),
            "item": item,  # its title and first publication: at most a thousand stories
            "publication_name": home.title if home else "",
            "publication_language": news_language(item.locale.language_code),
        }


def batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def news_language(code: str) -> str:
    return NEWS_LANGUAGE_CODES.get(code.lower(), code.lower())


def newsroom_sitemaps(request) -> dict[str, Sitemap]:
    """Return the sitemaps the index lists, by the name in their address (sitemap-<name>.xml)."""
    return {
        "pages": ListingPagesSitemap(request),
        "news": NewsSitemap(request),
        **{
            f"section-{section.pk}": SectionSitemap(request, section)
            for section in filed_sections()
        },
    }


def filed_sections() -> list[SectionPage]:
    """Return the sections with a live, public article filed in them, in tree order, each with
    the latest change among those articles and the path of its last child, live or not.

    One query however many sections: each section's articles are a range of the page table's
    listing index, read in subqueries (a prefix match could not use it: a minute with 10,000
    articles on SQLite).
    """
    children = Page.objects.filter(under_outer_page(children_only=True))
    articles = public(children.live().type(ArticlePage))
    return list(
        pages_of_type(SectionPage)
        .live()
        .public()
        .filter(Exists(articles))
        .annotate(
            latest_article_change=Subquery(
                articles.order_by(NEWEST_CHANGE_FIRST).values("last_published_at")[:1]
            ),
            last_child_path=Subquery(children.order_by("-path").values("path")[:1]),
        )
        .order_by("path")
    )
