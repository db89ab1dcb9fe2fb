"""The page tree of a language edition around its articles: the home, sections and plain pages,
and the listings of articles they show."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.models import Tag
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index

from dateline.core.blocks import ArticleBodyBlock
from dateline.core.ngrams import NgramSearchField
from dateline.core.pagination import (
    LISTING_ROUTE,
    listing_page_url,
    redirect_from_query,
)
from dateline.core.shown import (
    articles_by_key,
    articles_tagged_key,
    articles_under_key,
    note_shown,
)
from dateline.core.visibility import Restricted, public

from ..editions import AddressedAsHome, AddressedUnderEdition
from ..listing_index import Listing, count_under, newest_under
from ..reserved import is_reserved
from ..slugs import ReadableSlugFormMixin
from .article import ArticlePage, ArticleTag
from .contributors import ArticleCredit, Contributor


def articles_in(page):
    """Return the published articles under a page (an edition's home or a section), newest first."""
    return public(ArticlePage.objects.live().descendant_of(page)).for_cards()


def listing_of(page, excluding=()) -> Listing:
    """Return the articles `articles_in(page)` lists, less those `excluding`, for `paginate`:
    counted and paged on the page table's listing indexes (dateline.news.listing_index)."""
    return Listing(
        newest_under(page, ArticlePage, excluding),
        articles_in(page).exclude(pk__in=excluding),
        counter=lambda: count_under(page, ArticlePage, excluding),
    )


def topic_rows(edition_path: str, by_rows=None):
    """Return the topic rows of the published, public articles in the edition whose home is at
    this tree path, to be read by topic on their index of editions and dates (`ArticleTag`)."""
    return _rows_listed_in(ArticleTag.objects.all(), edition_path, "content_object", by_rows)


def tagged_ids(home, topic, by_rows=None):
    """Return the ids of an edition's published articles with this topic, newest first: a topic
    page or feed reads the stories it shows, not every story of the topic sorted with its text."""
    return (
        topic_rows(home.path, by_rows)
        .filter(tag=topic)
        .order_by("-published", "-content_object_id")
        .values_list("content_object_id", flat=True)
    )


def articles_tagged(home, topic) -> Listing:
    """Return the articles of the edition with this topic, for `paginate` (as `listing_of`)."""
    by_rows = _counted_by_rows(home.path)
    return Listing(
        tagged_ids(home, topic, by_rows),
        articles_in(home),
        counter=lambda: topic_count(home, topic, by_rows),
    )


def topic_count(home, topic, by_rows=None) -> int:
    """Count the edition's published, public articles with this topic on the topic's index of
    editions alone (`ArticleTag.edition_path`; each row joined to its page too where a view
    restriction reaches the edition, see `_rows_listed_in`). Counted by joining every page, a
    topic on 15,000 stories of a 100,000-article archive took 60 ms on SQLite."""
    return tagged_ids(home, topic, by_rows).count()


def contributor_count(home, contributor, by_rows=None) -> int:
    """Count the edition's published, public articles crediting this contributor, once each, on
    the credits' index of editions (as `topic_count`; a news desk credited on 9,000 stories
    took 30 ms by their pages)."""
    return credited_ids(home, contributor, by_rows).count()


def _rows_listed_in(rows, edition_path: str, article: str, by_rows=None):
    """Narrow topic or credit rows to those of the edition's published, public stories: the rows
    filed under the edition (`edition_path`, kept by `refresh_listing_rows`), less those of
    stories a view restriction hides, which only the pages know: where one reaches the edition,
    each row is joined to its page (`article` names the row's field for it). `by_rows` is
    `_counted_by_rows(edition_path)`, when the caller has asked."""
    rows = rows.filter(edition_path=edition_path)
    if _counted_by_rows(edition_path) if by_rows is None else by_rows:
        return rows
    return rows.filter(~Restricted(f"{article}__path"))


def _counted_by_rows(edition_path: str) -> bool:
    """Say whether the topic and credit rows of the edition whose home is at this tree path hold
    its public stories by themselves: they know which stories are published in it, not which a
    view restriction hides, so an edition with a restriction on its home, above it or inside it
    is read through its pages too. The path is an edition home's (`editions.py`: below the
    root), as the rows' `edition_path` is."""
    above = [edition_path[:end] for end in range(Page.steplen, len(edition_path), Page.steplen)]
    restricted = PageViewRestriction.objects.filter(
        models.Q(page__path__in=above) | models.Q(page__path__startswith=edition_path)
    )
    return not restricted.exists()


def credited_ids(home, contributor, by_rows=None):
    """Return the ids of an edition's published articles crediting this contributor, once each
    whatever their roles, newest first, read from the contributor's credits on their index of
    editions and dates (see `_rows_listed_in`). Read by the pages, a news desk's 9,000 credits
    were all grouped to show a page of 20: 30 ms on a 100,000-article archive on SQLite.

    Grouped by date and article, not made distinct, so that the ids can be asked for inside
    another query: a contributor credited twice on a story has both credits side by side."""
    credits = ArticleCredit.objects.filter(contributor=contributor)
    return (
        _rows_listed_in(credits, home.path, "article", by_rows)
        .values("published", "article_id")
        .annotate(roles=models.Count("pk"))
        .order_by("-published", "-article_id")
        .values_list("article_id", flat=True)
    )


def articles_credited(home, contributor) -> Listing:
    """Return the articles of the edition crediting this contributor, for `paginate`."""
    by_rows = _counted_by_rows(home.path)
    return Listing(
        credited_ids(home, contributor, by_rows),
        articles_in(home),
        counter=lambda: contributor_count(home, contributor, by_rows),
    )


def attach_sections(articles, known=()) -> None:
    """Give each article its section in one query, not one per card; `known` sections are not read."""
    articles = list(articles)
    sections = {section.path: section for section in known}
    parent_paths = {article.path[: -Page.steplen] for article in articles} - set(sections)
    if parent_paths:
        sections.update(
            (section.path, section) for section in SectionPage.objects.filter(path__in=parent_paths)
        )
    for article in articles:
        article._section = sections.get(article.path[: -Page.steplen])


def paginate(articles, per_page, number, base_url):
    """Return page `number` of a listing at `base_url`, linked to its neighbours; 404 past the end.

    `articles` is a queryset or a `Listing`. Each page carries the addresses of the pages before
    and after it (`previous_url`, `next_url`), paths that can be baked as files (see
    dateline.core.pagination).
    """
    paginator = Paginator(articles, per_page)
    try:
        page = paginator.page(number)
    except (EmptyPage, PageNotAnInteger):
        raise Http404(_("There is no such page of articles.")) from None
    page.base_url = base_url
    page.previous_url = listing_page_url(base_url, number - 1) if page.has_previous() else ""
    page.next_url = listing_page_url(base_url, number + 1) if page.has_next() else ""
    return page


def _reserved_address_error(slug: str) -> str:
    return _(
        "The address “%(slug)s” is used by the site itself (its admin, files, feeds or a "
        "language edition), so this page could not be reached there. Choose another slug, "
        "such as “%(slug)s-section”."
    ) % {"slug": slug}


def _is_edition_home(page) -> bool:
    return page is not None and page.specific_class is HomePage


class EditionChildForm(ReadableSlugFormMixin, WagtailAdminPageForm):
    """Refuse a reserved slug in the admin, where the new page's parent is known to the form."""

    def clean(self):
        cleaned_data = super().clean()
        slug = cleaned_data.get("slug", "")
        if slug and _is_edition_home(self.parent_page) and is_reserved(slug):
            self.add_error("slug", _reserved_address_error(slug))
        return cleaned_data


class EditionChildMixin:
    """For the pages that may sit directly under an edition's home: sections and plain pages.

    Their slug is the first segment of their address, beside the site's own routes (see
    `news.reserved`); the form refuses a reserved one in the admin, and `clean` everywhere else
    (imports, scripts, an edited slug).
    """

    base_form_class = EditionChildForm

    def clean(self):
        super().clean()
        if self.path and _is_edition_home(self.get_parent()) and is_reserved(self.slug):
            raise ValidationError({"slug": _reserved_address_error(self.slug)})


class HomePage(AddressedAsHome, RoutablePageMixin, Page):
    """The front page of one language edition; its title is the newsroom's name in that language."""

    tagline = models.CharField(_("tagline"), max_length=200, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("tagline"),
        InlinePanel(
            "featured_articles",
            heading=_("Featured articles"),
            label=_("Featured article"),
            max_num=6,
        ),
    ]

    # Each language edition is one home page at the top of the tree, with sections under it.
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.SectionPage", "news.StandardPage"]

    class Meta:
        verbose_name = _("home page")

    # Stories on the front page besides the top ones, and on each page of older stories after it.
    stories_per_page = 12

    @path("", name="front")
    @path(LISTING_ROUTE, name="older-stories")
    def front(self, request, number=None):
        """Show the front page, or page `number` of the stories that have left it.

        The stories are read here, not in `get_context`, which the contributor and topic routes
        render through too: they would read (and note as shown) a front page's worth of articles
        they never show.
        """
        if moved := _moved_listing(request, self.get_url(request), number):
            return moved
        stories = self.front_page_articles(request, 1 if number is None else number)
        if number is None:
            return self.render(request, context_overrides=stories)
        return self.render(
            request, context_overrides=stories, template="news/home_older_stories.html"
        )

    def front_page_articles(self, request, number: int = 1) -> dict:
        """Return the featured articles (the latest two when none are chosen), then page `number`
        of the other stories; further pages show no featured ones."""
        featured = [
            link.article.specific
            for link in self.featured_articles.select_related("article")
            if link.article.live
        ]
        featured_ids = [article.pk for article in featured]
        note_shown(articles_under_key(self.pk))
        stories = paginate(
            listing_of(self, excluding=featured_ids),
            self.stories_per_page,
            number,
            self.get_url(request) or "",
        )
        latest = list(stories.object_list)
        if number == 1 and not featured:
            featured, latest = latest[:2], latest[2:]
        attach_sections([*featured, *latest])
        if number > 1:
            featured = []
        return {"featured_articles": featured, "latest_articles": latest, "articles": stories}

    def route(self, request, path_components):
        """Find an article in one query, with what its page shows; anything else as Wagtail does.

        Wagtail walks the tree one level at a time, two queries per level (the page, then its
        specific type); an article three levels down cost six before its own queries began.
        """
        if len(path_components) >= 2:
            subpath = "/" + "/".join(path_components) + "/"
            try:
                self.resolve_subpage(subpath)
            except Http404:
                from .article_route import find_article, split_article_path  # reads these models

                article_path, rest = split_article_path(path_components)
                article = find_article(self, article_path)
                if article is not None:
                    return article.route(request, rest)
        return super().route(request, path_components)

    @path("contributors/<str:slug>/", name="contributor")
    @path(f"contributors/<str:slug>/{LISTING_ROUTE}", name="contributor-page")
    def contributor_page(self, request, slug, number=None):
        """List a contributor's articles in this edition, newest first."""
        base_url = self.get_url(request) + self.reverse_subpage("contributor", args=[slug])
        if moved := _moved_listing(request, base_url, number):
            return moved
        contributor = get_object_or_404(Contributor.objects.select_related("photo"), slug=slug)
        note_shown(articles_by_key(self.pk, contributor.pk))
        articles = paginate(
            articles_credited(self, contributor),
            self.articles_per_page,
            1 if number is None else number,
            base_url,
        )
        attach_sections(articles.object_list)
        return self.render(
            request,
            context_overrides={"contributor": contributor, "articles": articles},
            template="news/contributor_page.html",
        )

    @path("topics/<str:slug>/", name="topic")
    @path(f"topics/<str:slug>/{LISTING_ROUTE}", name="topic-page")
    def topic_page(self, request, slug, number=None):
        """List the articles of this edition tagged with one topic, newest first."""
        base_url = self.get_url(request) + self.reverse_subpage("topic", args=[slug])
        if moved := _moved_listing(request, base_url, number):
            return moved
        topic = get_object_or_404(Tag, slug=slug)
        note_shown(articles_tagged_key(self.pk, topic.pk))
        articles = paginate(
            articles_tagged(self, topic),
            self.articles_per_page,
            1 if number is None else number,
            base_url,
        )
        attach_sections(articles.object_list)
        return self.render(
            request,
            context_overrides={"topic": topic, "articles": articles},
            template="news/topic_page.html",
        )

    @property
    def articles_per_page(self) -> int:
        return settings.DATELINE_ARTICLES_PER_PAGE


class HomePageFeaturedArticle(Orderable):
    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_articles")
    article = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("article", page_type="news.ArticlePage")]


def _moved_listing(request, base_url, number):
    """Redirect `?page=N` and `page/1/` to the listing page's one address, or return None.

    `number` is None at the listing's own address and the number in the path otherwise.
    """
    if number == 1:
        return HttpResponsePermanentRedirect(base_url)
    return redirect_from_query(request, "page", lambda n: listing_page_url(base_url, n))


class SectionPage(AddressedUnderEdition, EditionChildMixin, RoutablePageMixin, Page):
    """A desk such as "North Korea" or "Economy", listing its articles newest first."""

    intro = models.TextField(_("introduction"), blank=True, max_length=400)
    show_in_menus_default = True  # A new section appears in the navigation without a second step.

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    # Sections sit under an edition's home page and may hold subsections.
    parent_page_types = ["news.HomePage", "news.SectionPage"]
    subpage_types = ["news.ArticlePage", "news.SectionPage"]

    class Meta:
        verbose_name = _("section")

    @path("", name="listing")
    @path(LISTING_ROUTE, name="listing-page")
    def listing(self, request, number=None):
        """Show page `number` of the section's articles; old `?page=N` addresses move here."""
        if moved := _moved_listing(request, self.get_url(request), number):
            return moved
        return self.render(request, number=1 if number is None else number)

    def get_context(self, request, *args, number=1, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        note_shown(articles_under_key(self.pk))
        articles = paginate(
            listing_of(self),
            settings.DATELINE_ARTICLES_PER_PAGE,
            number,
            self.get_url(request) or "",
        )
        attach_sections(articles.object_list, known=[self])
        context["articles"] = articles
        return context


class StandardPage(AddressedUnderEdition, EditionChildMixin, Page):
    """A page that is not news: about the newsroom, how to reach it safely, corrections policy."""

    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("body")]
    # The footer is a plain page's menu: "about", "contact", "privacy" are linked from every page.
    promote_panels = [
        Page.promote_panels[0],  # Wagtail's "For search engines"
        MultiFieldPanel(
            [
                FieldPanel(
                    "show_in_menus",
                    heading=_("Show in the footer"),
                    help_text=_("Link this page from the footer of every page in its edition."),
                )
            ],
            heading=_("Footer"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("body"),
        NgramSearchField("title", boost=2),
        NgramSearchField("body"),
    ]

    parent_page_types = ["news.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("page")
