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
from datetime import datetime, timedelta
from itertools import islice

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage
from django.db.models import Max, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import get_template
from django.utils import dateformat, timezone
from django.utils.html import escape
from django.utils.timezone import template_localtime
from wagtail.models import Page

from dateline.core.shown import (
    ALL_ARTICLES_KEY,
    ALL_PAGES_KEY,
    PUBLISHED_DATES_KEY,
    articles_under_key,
    note_shown,
    page_key,
)
from dateline.core.visibility import public
from dateline.metadata.facts import (
    PageRow,
    absolute,
    site_root,
    translation_groups,
    translation_row_groups,
)
from dateline.news.editions import edition_homes, locale_by_id, page_url, row_url
from dateline.news.listing_index import (
    children_of_outer_page,
    filed_in_outer_page,
    pages_of_type,
)
from dateline.news.models import ArticlePage, HomePage, SectionPage, StandardPage

# What a section sitemap's entry reads of an article made from its page (a part `PageRow` cannot
# place): its address, date and translations.
SITEMAP_ENTRY_FIELDS = (
    "url_path",
    "locale",
    "translation_key",
    "last_published_at",
    "translated_from",
)
NEWS_SITEMAP_DAYS = 2
NEWS_SITEMAP_LIMIT = 1000
# Pages read, and their alternates looked up, in one query: a bound on the SQL's list of keys and
# on the memory a part takes while it is written.
ENTRIES_BATCH = 250
# Google News wants ISO 639 codes, and names Chinese by region.
NEWS_LANGUAGE_CODES = {"zh-hans": "zh-cn", "zh-hant": "zh-tw"}


class PageSitemap(Sitemap):
    """Wagtail pages at their canonical full addresses, with their translations as alternates."""

    alternates = True
    template = "feeds/sitemap.xml"  # the file: its <urlset> and namespaces

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

    def render_part(self, number: int) -> tuple[str, datetime | None]:
        """Return the XML entries of part `number` and the latest change among them.

        A batch of pages is read, turned into entries and written out before the next: a part
        of 6,000 stories made whole first (pages, translations, entries, then the text) raised a
        worker's memory by 21 MB, which it kept after answering.
        """
        if number < 1 or number > self.part_count():
            raise EmptyPage(number)
        root = site_root(self.request)
        text, latest = [], None
        for batch in batches(self.part(number), ENTRIES_BATCH):
            versions = translation_groups(batch) if self.alternates else {}
            urls = [self.entry(item, versions.get(item.pk, []), root) for item in batch]
            latest = newest(latest, *(url["lastmod"] for url in urls))
            text.append(self.entries_text(urls))
        return "".join(text), latest

    def entry(self, item, versions, root) -> dict:
        """Return what the sitemap shows of a page: its address, date and other versions."""
        alternates = [
            (version.locale.language_code, page_url(version, self.request))
            for version in alternate_versions(versions)
        ]
        return url_entry(root, page_url(item, self.request), self.lastmod(item), alternates)

    def entries_text(self, urls: list[dict]) -> str:
        """Return the <url> entries of a batch, each on a line of its own. Written here, not by
        a template: a template's loop took a sixth of a 9,000-story part's render."""
        text = []
        for url in urls:
            text.append(f"\n<url><loc>{escape(url['location'])}</loc>")
            if url["lastmod"]:
                lastmod = dateformat.format(template_localtime(url["lastmod"]), "c")
                text.append(f"<lastmod>{lastmod}</lastmod>")
            for alternate in url["alternates"]:
                text.append(
                    f'\n<xhtml:link rel="alternate" hreflang="{escape(alternate["lang_code"])}"'
                    f' href="{escape(alternate["location"])}"/>'
                )
            text.append("</url>")
        return "".join(text)

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
        return self._in_part(number).iterator(chunk_size=ENTRIES_BATCH)

    def render_part(self, number: int) -> tuple[str, datetime | None]:
        """Return the part's entries, read as rows (`PageRow`): a part of 9,000 stories made
        41,000 model instances (the stories, their translations and the languages of both), most
        of its 1.6 s. A part holding a page whose address needs the page itself (on another site,
        under a site rooted below its edition's home) is made from the pages instead."""
        if number < 1 or number > self.part_count():
            raise EmptyPage(number)
        root = site_root(self.request)
        rows = self._in_part(number).annotate(
            original_id=Coalesce("translated_from_id", "page_ptr_id")
        )
        text, latest = [], None
        for batch in batches(map(PageRow._make, rows.values_list(*PageRow._fields)), ENTRIES_BATCH):
            note_shown(*(page_key(row.pk) for row in batch))  # as a page notes itself as it loads
            versions = translation_row_groups(batch)
            urls = [self._row_entry(row, versions[row.pk], root) for row in batch]
            if None in urls:
                return super().render_part(number)
            latest = newest(latest, *(url["lastmod"] for url in urls))
            text.append(self.entries_text(urls))
        return "".join(text), latest

    def _row_entry(self, row: PageRow, versions: list[PageRow], root: str) -> dict | None:
        """Return `entry` of a row, or None when a page's address needs the page itself."""
        location = row_url(row.path, row.url_path, self.request)
        alternates = [
            (
                locale_by_id(version.locale_id).language_code,
                row_url(version.path, version.url_path, self.request),
            )
            for version in alternate_versions(versions)
        ]
        if location is None or any(address is None for _language, address in alternates):
            return None
        return url_entry(root, location, row.last_published_at, alternates)

    def _in_part(self, number: int):
        note_shown(articles_under_key(self.section.pk))  # a new article may enter any part
        first, end = (number - 1) * self.limit + 1, number * self.limit + 1
        articles = self.pages.filter(path__gte=self._path_at(first))
        if end < len(Page.alphabet) ** Page.steplen:
            articles = articles.filter(path__lt=self._path_at(end))
        return articles.order_by("path")

    def get_latest_lastmod(self):
        return self.section.latest_article_change

    def _path_at(self, position: int) -> str:
        return self.section.path + Page._int2str(position).rjust(Page.steplen, "0")


class ListingPagesSitemap(PageSitemap):
    """Front pages, sections and plain pages; a listing changes when a story in it is published.

    A listing's newest story is the newest among the sections under it (`filed_sections`, a
    handful), never a search of every story under it.
    """

    def __init__(self, request, sections):
        pages = (
            Page.objects.live()
            .public()
            .type(HomePage, SectionPage, StandardPage)
            .select_related("locale")
            .order_by("path")
        )
        super().__init__(request, pages)
        self.section_changes = [(s.path, s.latest_article_change) for s in sections]

    def items(self):
        note_shown(ALL_PAGES_KEY, PUBLISHED_DATES_KEY)
        return self.pages

    def lastmod(self, page):
        return newest(
            page.last_published_at,
            *(date for path, date in self.section_changes if path.startswith(page.path)),
        )

    def get_latest_lastmod(self):
        return newest(super().get_latest_lastmod(), *(date for _, date in self.section_changes))


class NewsSitemap(PageSitemap):
    """Google News: stories first published in the last two days, at most 1,000, newest first."""

    limit = NEWS_SITEMAP_LIMIT
    alternates = False  # Google News reads no alternates; the section sitemaps carry them.
    template = "feeds/news_sitemap.xml"

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

    def render_part(self, number: int):
        self.homes = edition_homes()  # read once for the sitemap, not once for each story
        return super().render_part(number)

    def entries_text(self, urls: list[dict]) -> str:
        # At most a thousand stories: their template ends with a line break, once per part.
        return get_template("feeds/_news_sitemap_urls.xml").render({"urlset": urls}).rstrip("\n")

    def entry(self, item, versions, root) -> dict:
        """Return a story's entry, named after its edition's home page.

        The homes come from the editions the process remembers, loaded outside this render (and
        its record of what it showed) unless they happened to expire just then; so each one named
        is noted here, or renaming the Korean edition's home never re-bakes this sitemap.
        """
        home = self.homes.get(item.locale_id)
        if home is not None:
            note_shown(page_key(home.pk))
        return {
            **super().entry(item, versions, root),
            "item": item,  # its title and first publication: at most a thousand stories
            "publication_name": home.title if home else "",
            "publication_language": news_language(item.locale.language_code),
        }


def alternate_versions(versions: list) -> list:
    """Return the versions a page's entry names as alternates: none for a page alone."""
    return versions if len(versions) > 1 else []


def url_entry(root: str, location: str, lastmod, alternates: list[tuple[str, str]]) -> dict:
    """Return a sitemap entry: the page's address and date, and each alternate's language and
    address (the page's own among them), the addresses made absolute against `root`."""
    return {
        "location": absolute(root, location),
        "lastmod": lastmod,
        "alternates": [
            {"lang_code": language, "location": absolute(root, address)}
            for language, address in alternates
        ],
    }


def batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def newest(*dates):
    """Return the latest of the dates given, leaving out the missing ones (None if all are)."""
    return max((date for date in dates if date), default=None)


def news_language(code: str) -> str:
    return NEWS_LANGUAGE_CODES.get(code.lower(), code.lower())


def newsroom_sitemaps(request) -> dict[str, Sitemap]:
    """Return the sitemaps the index lists, by the name in their address (sitemap-<name>.xml)."""
    sections = filed_sections()
    return {
        "pages": ListingPagesSitemap(request, sections),
        "news": NewsSitemap(request),
        **{f"section-{section.pk}": SectionSitemap(request, section) for section in sections},
    }


def filed_sections() -> list[SectionPage]:
    """Return the sections with a live, public article filed in them, in tree order, each with
    the latest change among those articles and the path of its last child, live or not.

    One query however many sections, and the same time however many articles: each section's
    latest change is one step into the index by parent, its last child one step into the tree.
    """
    # In the index's order: SQLite then reads them on it (unordered, it chose an index by date).
    articles = public(filed_in_outer_page(Page.objects.live().type(ArticlePage))).order_by(
        "-last_published_at"
    )
    dated = articles.filter(last_published_at__isnull=False)  # a script may make one live undated
    children = Page.objects.filter(children_of_outer_page())
    sections = (
        pages_of_type(SectionPage)
        .live()
        .public()
        .annotate(
            filed_article=Subquery(articles.values("pk")[:1]),
            latest_article_change=Subquery(dated.values("last_published_at")[:1]),
            last_child_path=Subquery(children.order_by("-path").values("path")[:1]),
        )
        .order_by("path")
    )
    return [section for section in sections if section.filed_article is not None]
