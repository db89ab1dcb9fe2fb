"""The one item source every feed format reads: the latest published articles of a scope.

A scope is what a feed follows (the whole site, one language edition, a section, a contributor
or a topic). Each article becomes a `FeedEntry` holding everything any format prints, so RSS,
Atom and JSON Feed cannot drift apart. Only the article's own public fields go in: a comment, or
anything about a commenter, has no way into an entry.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from taggit.models import Tag

from dateline.core.shown import (
    ALL_ARTICLES_KEY,
    NOT_SHARED,
    articles_by_key,
    articles_tagged_key,
    articles_under_key,
    note_shown,
    object_key,
    page_key,
    reuse_shared,
    shared_value,
)
from dateline.feeds.links import with_absolute_urls
from dateline.metadata.facts import (
    absolute,
    authors,
    contributor_url,
    entry_id,
    feed_image,
    site_root,
    topic_url,
)
from dateline.news.editions import edition_home, edition_homes
from dateline.news.listing_index import newest_under, pages_of_type
from dateline.news.models import (
    ArticleCredit,
    ArticlePage,
    Contributor,
    SectionPage,
    articles_in,
    attach_sections,
    credited_ids,
    tagged_ids,
)

FEED_LENGTH = 50


@dataclass(frozen=True)
class FeedPerson:
    name: str
    url: str


@dataclass(frozen=True)
class FeedImage:
    url: str
    width: int
    height: int
    length: int
    mime_type: str
    description: str
    credit: str
    credit_line: str  # "Photo: …" in the feed's language, for the caption readers see


@dataclass(frozen=True)
class FeedEntry:
    """One article as every feed format prints it."""

    id: str
    url: str
    title: str
    summary: str
    content_html: str
    published: datetime
    updated: datetime
    language: str
    authors: list[FeedPerson]
    categories: list[str]
    image: FeedImage | None


@dataclass
class FeedScope:
    """What a feed follows: its name and page, and the published articles in it."""

    request: object
    key: str
    title: str
    description: str
    link: str
    language: str | None
    newsroom: str  # the publisher's name in the scope's edition
    articles: object  # an ArticlePage queryset, newest first

    def dated(self):
        """Return the articles a feed may show, newest first.

        A feed is ordered by publication date, which every entry must carry: a page a script made
        live without publishing it has none, and stays out of the feed rather than break it. The
        entries and the validator both read this, so they always cover the same articles.
        """
        return self.articles.filter(first_published_at__isnull=False)

    @cached_property
    def latest(self) -> list[tuple[int, int | None, datetime | None]]:
        """(id, live revision, last published) of the scope's latest articles, newest first:
        read once per feed, for its validator and its entries."""
        stamps = self.dated().values_list("pk", "live_revision_id", "last_published_at")
        return list(stamps[:FEED_LENGTH])

    def load(self, pks: list[int]) -> dict[int, ArticlePage]:
        """Return the scope's articles with these ids, each with all an entry reads, in a fixed
        number of queries (none for no id)."""
        if not pks:
            return {}
        credits = ArticleCredit.objects.select_related("contributor")  # in the credits' order
        articles = (
            self.dated()
            .filter(pk__in=pks)
            .select_related("locale", "hero_image")
            .prefetch_related(
                Prefetch("credits", queryset=credits), "tags", "hero_image__renditions"
            )
        )
        return {article.pk: article for article in articles}

    def entries(self) -> list[FeedEntry]:
        return entries(self.request, self.latest, self.load)

    def validator(self) -> tuple[str, datetime | None]:
        """Return the ETag and last-modified time of the feed, from the ids and dates of its items.

        They change whenever an article in the latest 50 is published, republished or withdrawn
        (the list of ids changes), or the feed's own name changes; reading 50 rows of numbers
        (`latest`, which the entries then use) costs far less than building the feed, which a
        304 answer then skips.
        """
        stamps = [(pk, published) for pk, _revision, published in self.latest]
        digest = hashlib.sha256(
            repr((self.key, self.title, self.description, self.language, stamps)).encode()
        ).hexdigest()[:32]
        last_modified = max((stamp for _pk, stamp in stamps if stamp), default=None)
        return digest, last_modified


def site_scope(request) -> FeedScope:
    """Return the whole newsroom: every language edition's articles in one feed."""
    home = _home(request)
    note_shown(ALL_ARTICLES_KEY)
    return FeedScope(
        request=request,
        key="site",
        title=home.title,
        description=_("The latest articles from every language edition of %(name)s.")
        % {"name": home.title},
        link=absolute(site_root(request), home.url),
        language=None,
        newsroom=home.title,
        articles=ArticlePage.objects.live().public().for_cards(),
    )


def edition_scope(request) -> FeedScope:
    """Return the language edition the request is in: "/feeds/…" English, "/ko/feeds/…" Korean."""
    home = _home(request)
    note_shown(articles_under_key(home.pk))
    return FeedScope(
        request=request,
        key=f"edition:{home.pk}",
        title=home.title,
        description=home.tagline or _("The latest articles from %(name)s.") % {"name": home.title},
        link=absolute(site_root(request), home.url),
        language=home.locale.language_code,
        newsroom=home.title,
        articles=articles_in(home),
    )


def section_scope(request, section_path: str) -> FeedScope:
    """Return a section of the edition, named by its path under the edition's home page."""
    home = _home(request)
    section = get_object_or_404(
        pages_of_type(SectionPage).live().public().descendant_of(home),
        url_path=f"{home.url_path}{section_path.strip('/')}/",
    )
    note_shown(articles_under_key(section.pk))
    return FeedScope(
        request=request,
        key=f"section:{section.pk}",
        title=f"{section.title} · {home.title}",
        description=section.intro
        or _("The latest articles in %(section)s.") % {"section": section.title},
        link=absolute(site_root(request), section.url),
        language=home.locale.language_code,
        newsroom=home.title,
        # Its latest dated stories, read on an index: sorting the section's stories by date read
        # the archive's when the section holds few of them (120 ms in a 100,000-article site).
        articles=articles_in(section).filter(
            pk__in=newest_under(section, ArticlePage).exclude(first_published_at=None)[:FEED_LENGTH]
        ),
    )


def contributor_scope(request, slug: str) -> FeedScope:
    """Return the articles a contributor is credited on, in any role, in this edition."""
    home = _home(request)
    contributor = get_object_or_404(Contributor, slug=slug)
    note_shown(articles_by_key(home.pk, contributor.pk))
    return FeedScope(
        request=request,
        key=f"contributor:{contributor.pk}:{home.pk}",
        title=f"{contributor.local_name} · {home.title}",
        description=_("The latest articles by %(name)s.") % {"name": contributor.local_name},
        link=contributor_url(home, contributor, site_root(request)),
        language=home.locale.language_code,
        newsroom=home.title,
        # The contributor's latest dated stories, read from their credits (see `credited_ids`).
        articles=articles_in(home).filter(
            pk__in=credited_ids(home, contributor).exclude(published=None)[:FEED_LENGTH]
        ),
    )


def topic_scope(request, slug: str) -> FeedScope:
    """Return the articles of this edition tagged with one topic."""
    home = _home(request)
    topic = get_object_or_404(Tag, slug=slug)
    note_shown(articles_tagged_key(home.pk, topic.pk))
    return FeedScope(
        request=request,
        key=f"topic:{topic.pk}:{home.pk}",
        title=f"{topic.name} · {home.title}",
        description=_("The latest articles about %(topic)s.") % {"topic": topic.name},
        link=topic_url(home, topic, site_root(request)),
        language=home.locale.language_code,
        newsroom=home.title,
        # The topic's latest dated stories, read on its index, not all of them sorted.
        articles=articles_in(home).filter(
            pk__in=tagged_ids(home, topic).exclude(published=None)[:FEED_LENGTH]
        ),
    )


def _home(request):
    home = edition_home(request)
    if home is None or not home.live:
        raise Http404(_("This language edition has no front page."))
    note_shown(page_key(home.pk))  # its name is the newsroom's, in every feed's title
    return home


def entries(request, latest, load) -> list[FeedEntry]:
    """Return the feed entries of the articles `FeedScope.latest` names, newest first.

    A bake shows each entry in a dozen feeds (three formats of the site's, the edition's, a
    section's, each contributor's and topic's): an entry made before in the run is reused, and
    only the articles of the others are loaded (`load`), which was most of a feed's cost.
    """
    root = site_root(request)
    language = get_language()
    keys = {pk: ("feed-entry", pk, revision, root, language) for pk, revision, _date in latest}
    made = {pk: reuse_shared(key) for pk, key in keys.items()}
    articles = load([pk for pk, entry in made.items() if entry is NOT_SHARED])
    attach_sections(articles.values())
    homes = edition_homes()
    for pk, article in articles.items():
        made[pk] = shared_value(
            keys[pk],
            lambda article=article: _entry(request, article, root, homes.get(article.locale_id)),
        )
    # An article withdrawn between the two reads has no entry: it is left out.
    return [entry for entry in made.values() if entry is not NOT_SHARED]


def _entry(request, article: ArticlePage, root: str, home) -> FeedEntry:
    credits = list(article.credits.all())
    people = [
        FeedPerson(
            person.name_in(article.locale.language_code),
            contributor_url(home, person, root) if home else "",
        )
        for person in authors(credits)
    ]
    section = article.section
    image = _feed_image(article, root)
    # Loaded before the entry was made, so noted for the feed that loaded them; noted here too,
    # for every feed that reuses the entry (`shared_value` keeps what is noted while it is made),
    # as that feed would note them had it loaded them itself.
    contributors = [credit.contributor for credit in credits]
    shown = [article, section, article.hero_image, *contributors, *article.shown_tags()]
    note_shown(*(object_key(instance) for instance in shown if instance is not None))
    return FeedEntry(
        id=entry_id(article),
        url=absolute(root, article.url),
        title=article.title,
        summary=article.standfirst,
        content_html=full_content(request, article, image, root),
        published=article.first_published_at,
        updated=article.last_published_at or article.first_published_at,
        language=article.locale.language_code,
        authors=people,
        categories=[
            *([section.title] if isinstance(section, SectionPage) else []),
            *(tag.name for tag in article.shown_tags()),
        ],
        image=image,
    )


def full_content(request, article: ArticlePage, image: FeedImage | None, root: str) -> str:
    """Return the hero picture and body as HTML a feed reader can show on its own.

    The body is rendered through the same block templates as the page, then each link, image and
    `srcset` candidate is made absolute against the site's address.
    """
    html = render_to_string(
        "feeds/_entry_content.html", {"page": article, "image": image}, request=request
    )
    return with_absolute_urls(html, root).strip()


def _feed_image(article: ArticlePage, root: str) -> FeedImage | None:
    image = article.hero_image
    rendition = feed_image(image)
    if rendition is None:
        return None
    return FeedImage(
        url=absolute(root, rendition.url),
        width=rendition.width,
        height=rendition.height,
        length=rendition.file.size,
        mime_type="image/jpeg",
        description=article.hero_alt_text,
        credit=image.credit,
        credit_line=image.credit_line,
    )
