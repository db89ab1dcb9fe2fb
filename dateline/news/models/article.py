"""A news story's page: its fields and admin form, its credits and topics as a page shows them,
and its topic and credit rows filed under its edition and dated, for reading a topic's or a
contributor's stories newest first."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Subquery, When
from django.db.models.functions import Substr
from django.http import HttpResponsePermanentRedirect
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
    TitleFieldPanel,
)
from wagtail.admin.widgets.auto_height_text import AdminAutoHeightTextInput
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index

from dateline.core.blocks import ArticleBodyBlock
from dateline.core.compiled import CompiledQuery
from dateline.core.ngrams import NgramSearchField
from dateline.core.pagination import (
    COMMENT_PAGE_PARAMETER,
    COMMENTS_ROUTE,
    comment_page_url,
    redirect_from_query,
)

from ..credits import byline, credit_sentences
from ..editions import AddressedUnderEdition, edition_home_of
from ..forms import ArticlePageForm
from ..scheduling import newsroom_settings_panels
from ..translation_desk import OriginalPanel, TranslationDesk
from .contributors import ArticleCredit


class ArticlePageQuerySet(PageQuerySet):
    def for_cards(self):
        """Fetch what an article card shows (thumbnail and its renditions) newest first."""
        return (
            self.select_related("hero_image")
            .prefetch_related("hero_image__renditions")
            .order_by("-first_published_at", "-pk")
        )


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )
    # The article's first publication, and the tree path of its edition's home while it is
    # published (else null), copied here so that a topic's stories in an edition are counted and
    # read newest first on one index (the topic, the edition, then this date), a read stopping
    # at the few it shows: the page table's date and path cannot share an index with the topic.
    # Kept by `refresh_listing_rows` on every write of an article; not part of a revision, which
    # would bring back an old date.
    published = models.DateTimeField(null=True, editable=False, serialize=False)
    edition_path = models.CharField(max_length=255, null=True, editable=False, serialize=False)

    class Meta:
        indexes = [
            models.Index(
                fields=["tag", "edition_path", "published", "content_object"],
                name="news_topic_stories_by_edition",
            )
        ]

    def save(self, *args, **kwargs):
        file_listing_row(self, self.content_object)
        super().save(*args, **kwargs)


# An edition's home is the second step of the tree, below the root.
EDITION_PATH_LENGTH = 2 * Page.steplen


def listed_edition_path(article) -> str | None:
    """Return the tree path of the edition home an article is listed under: its home's while it
    is published, none while it is not."""
    return article.path[:EDITION_PATH_LENGTH] if article.live and article.path else None


def file_listing_row(row, article) -> None:
    """File a topic or credit row saved on its own (by a script, a test) as the article in hand
    says; the article's own save files all its rows again from the database. An article held
    from before it was last published or moved files the row as it was then, until that save:
    its other rows may say otherwise meanwhile."""
    row.edition_path = listed_edition_path(article)
    row.published = article.first_published_at


# The rows filed for listings, each model with its relation to its article.
LISTING_ROWS = ((ArticleTag, "content_object"), (ArticleCredit, "article"))
# Articles per update when drifted rows are filed again: a bound on the ids one statement holds.
REFILED_AT_ONCE = 500


def _filing(page: str = "") -> dict:
    """Return the listing fields of a row as its article's page says they should be, read from
    the page's fields through `page` (a relation's path to them, or none on the page itself)."""
    return {
        "edition_path": Case(
            When(**{f"{page}live": True}, then=Substr(f"{page}path", 1, EDITION_PATH_LENGTH)),
            default=None,
            output_field=models.CharField(),
        ),
        "published": F(f"{page}first_published_at"),
    }


def _filed_as(article: str) -> dict:
    """Return `_filing` for a row's update, each field read from its article's page (an update
    cannot join)."""
    page = Page.objects.filter(pk=models.OuterRef(article)).order_by()
    return {field: Subquery(page.values(value=value)[:1]) for field, value in _filing().items()}


def refresh_listing_rows(article_ids) -> None:
    """Give the articles' topic and credit rows what listings read from them (see `ArticleTag`
    and `ArticleCredit`): the article's first publication, and its edition's home while it is
    published. `article_ids` is a list or a query of ids.

    Called after any write that can change them: a save of the article (publishing and
    withdrawing save it), a withdrawal as a plain page (`refresh_unpublished_listing_rows`), a
    move (`refresh_moved_listing_rows`), and the bulk writers' updates that publish or
    back-date imported, generated or demo stories; for writes around all of these, by
    `refile_drifted_listing_rows`.
    """
    for model, article in LISTING_ROWS:
        model.objects.filter(**{f"{article}__in": article_ids}).update(**_filed_as(article))


def refile_drifted_listing_rows() -> int:
    """File again the topic and credit rows that disagree with their article's page; return how
    many articles had any. A daily duty (DATELINE_DAILY_MAINTENANCE), and the first step of a
    full bake.

    Every write through Wagtail files them (`refresh_listing_rows`); a write around it does not.
    Wagtail's `fixtree --full` renumbers the tree's paths in SQL, and every story of an edition
    that moved would drop out of its topic's and contributors' listings until saved again. Each
    row is read once beside its page; only the rows that differ are written.
    """
    drifted = set()
    for model, article in LISTING_ROWS:
        filing = _filing(f"{article}__")
        rows = model.objects.annotate(
            **{f"filed_{field}": value for field, value in filing.items()}
        )
        differ = models.Q()
        for field in filing:
            differ |= _differs(field, f"filed_{field}")
        drifted.update(rows.filter(differ).values_list(article, flat=True))
    drifted = sorted(drifted)
    for start in range(0, len(drifted), REFILED_AT_ONCE):
        refresh_listing_rows(drifted[start : start + REFILED_AT_ONCE])
    return len(drifted)


def _differs(field: str, other: str) -> models.Q:
    """Say that `field` is not `other`, a null differing from any value and equal to a null."""
    return (
        models.Q(**{f"{field}__isnull": True, f"{other}__isnull": False})
        | models.Q(**{f"{field}__isnull": False, f"{other}__isnull": True})
        | (
            models.Q(**{f"{field}__isnull": False, f"{other}__isnull": False})
            & ~models.Q(**{field: models.F(other)})
        )
    )


def refresh_moved_listing_rows(sender, instance, **kwargs) -> None:
    """A page moved takes the articles under it along, into another edition perhaps (connected
    to Wagtail's `post_page_move`, which is sent for the moved page alone). Moving a home among
    the homes renumbers the paths of its siblings and of everything under them too, so then
    every article is filed again."""
    moved = ArticlePage.objects.all()
    if instance.depth > EDITION_PATH_LENGTH // Page.steplen:
        moved = moved.descendant_of(instance, inclusive=True)
    refresh_listing_rows(moved.values("pk"))


def refresh_unpublished_listing_rows(sender, instance, **kwargs) -> None:
    """An article withdrawn leaves its listings (connected to Wagtail's `page_unpublished`):
    scheduled expiry, the admin's bulk action and an original's aliases unpublish it as a plain
    page, whose save is not the article's."""
    if issubclass(sender, ArticlePage):
        refresh_listing_rows([instance.pk])


# A stored article's credits and topics, as its managers would read them (every article page and
# feed entry shows them; core/compiled.py: the statement is built once). A page holding unsaved
# changes in memory (a preview), or whose feed prefetched them, reads them through its managers.
_CREDITS_OF = CompiledQuery(
    lambda article: ArticleCredit.objects.filter(article_id=article).select_related("contributor"),
    article=2_000_000_003,
)
_TOPICS_OF = CompiledQuery(
    lambda article: Tag.objects.filter(
        **{f"{ArticleTag.tag_relname()}__content_object_id": article}
    ),
    article=2_000_000_004,
)


class ArticlePage(AddressedUnderEdition, RoutablePageMixin, Page):
    """A news story: headline, standfirst, hero photo, body, credits and tags."""

    standfirst = models.TextField(
        _("standfirst"),
        max_length=400,
        help_text=_(
            "One or two sentences under the headline that tell the reader why the story matters."
        ),
    )
    hero_image = models.ForeignKey(
        "core.NewsImage",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_alt = models.CharField(
        _("hero image alt text"),
        max_length=300,
        blank=True,
        help_text=_(
            "Describe the photo for readers who cannot see it. Required with a hero image unless "
            "the image already has a description."
        ),
    )
    hero_caption = models.CharField(_("hero image caption"), max_length=500, blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"))
    tags = ClusterTaggableManager(
        through=ArticleTag,
        blank=True,
        verbose_name=_("topics"),
        # Our own words: taggit's "A comma-separated list of tags." has no Korean.
        help_text=_("Topics, separated by commas; put a topic with a comma in double quotes."),
    )
    comments_open = models.BooleanField(
        _("comments open"),
        default=True,
        help_text=_("Let readers comment under this article."),
    )
    translated_from = models.ForeignKey(
        "self",
        verbose_name=_("translated from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations_made",
        help_text=_("The article in another language edition that this one translates."),
    )
    # The original's version this translation follows: set when the copy is made and when the
    # translator brings the translation up to date, so both sides can tell the original changed.
    translated_from_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("version of the original translated"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        # A translation's form shows the original's text beside the copy (see translation_desk).
        OriginalPanel(heading=_("Original")),
        # A box that grows with the headline, so a long one is read whole while it is written.
        TitleFieldPanel("title", placeholder=_("Headline*"), widget=AdminAutoHeightTextInput()),
        FieldPanel("standfirst"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_alt"), FieldPanel("hero_caption")],
            heading=_("Hero image"),
        ),
        FieldPanel("body"),
        # The label names one item: the admin shows "Credit 1" and "Add Credit".
        InlinePanel("credits", heading=_("Credits"), label=_("Credit"), min_num=1),
        FieldPanel("tags"),
    ]
    settings_panels = [
        *newsroom_settings_panels(Page.settings_panels),
        FieldPanel("comments_open"),
        PageChooserPanel("translated_from", page_type="news.ArticlePage"),
    ]
    # Wagtail's three tabs, the Content one laid out as the translator's desk.
    edit_handler = TabbedInterface(
        [
            TranslationDesk(content_panels, heading=_("Content")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(settings_panels, heading=_("Settings")),
        ]
    )

    objects = PageManager.from_queryset(ArticlePageQuerySet)()
    # Early drafts may have unfinished credits; submitting and publishing check them.
    base_form_class = ArticlePageForm

    search_fields = [
        *Page.search_fields,
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name"), NgramSearchField("name")]),
        index.FilterField("locale"),
        # Korean words are found inside the longer words they are written into (see ngrams.py).
        NgramSearchField("title", boost=2),
        NgramSearchField("standfirst"),
        NgramSearchField("body"),
    ]

    # An article belongs to exactly one section and has no pages under it.
    parent_page_types = ["news.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")

    def clean(self):
        super().clean()
        if self.hero_image_id and not self.hero_alt.strip() and not self.hero_image.description:
            raise ValidationError(
                {"hero_alt": _("Describe the hero image for readers who cannot see it.")}
            )
        if self.translated_from_id and self.translated_from.locale_id == self.locale_id:
            raise ValidationError(
                {"translated_from": _("Choose the original article in another language edition.")}
            )

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        refresh_listing_rows([self.pk])
        return result

    @property
    def translation_in_progress(self) -> bool:
        """Say whether this is a translation no editor has published yet."""
        return bool(self.translated_from_id) and self.first_published_at is None

    def get_admin_display_title(self):
        title = super().get_admin_display_title()
        if self.translation_in_progress:
            return _("%(title)s (translation in progress)") % {"title": title}
        return title

    @property
    def hero_alt_text(self) -> str:
        return self.hero_alt.strip() or (self.hero_image.description if self.hero_image else "")

    @property
    def section(self):
        """Return the section the article is filed under (set in bulk by listings and the route)."""
        if not hasattr(self, "_section"):
            self._section = self.get_parent().specific
        return self._section

    @property
    def was_updated(self) -> bool:
        """Say whether the article changed after it was first published, by more than a minute."""
        first, last = self.first_published_at, self.last_published_at
        return bool(first and last and (last - first).total_seconds() > 60)

    @path("", name="article")
    @path(COMMENTS_ROUTE, name="comments-page")
    def article(self, request, number=None):
        """Show the article with page `number` of its comments; `?comment-page=N` moves here."""
        page_url = self.get_url(request) or ""
        if number == 1:
            return HttpResponsePermanentRedirect(page_url)
        moved = redirect_from_query(
            request, COMMENT_PAGE_PARAMETER, lambda n: comment_page_url(page_url, n)
        )
        return moved or self.render(
            request, context_overrides={"comment_page": 1 if number is None else number}
        )

    def shown_credits(self) -> list:
        """Return the credits with their contributors, read once per page object."""
        if "_shown_credits" not in self.__dict__:
            if self._read_as_stored("credits", self.credits):
                self._shown_credits = _CREDITS_OF.instances(article=self.pk)
                for credit in self._shown_credits:
                    credit.article = self
            else:
                self._shown_credits = list(self.credits.all())
        return self._shown_credits

    def shown_tags(self) -> list:
        """Return the topics by name, read once per page object (the page, its metadata and feed
        entries show them); a topic has no order of its own, so the name gives one that every
        query and every database agrees on."""
        if "_shown_tags" not in self.__dict__:
            if self._read_as_stored("tags", self.tagged_items):
                tags = _TOPICS_OF.instances(article=self.pk)
            else:
                tags = self.tags.all()
            self._shown_tags = sorted(tags, key=lambda tag: (tag.name.casefold(), tag.pk))
        return self._shown_tags

    def _read_as_stored(self, relation: str, manager) -> bool:
        """Whether the relation is to be read from the database: not read already with the page
        (a feed prefetches it), nor held in memory (a preview shows its unsaved changes)."""
        prefetched = getattr(self, "_prefetched_objects_cache", {})
        return self.pk is not None and relation not in prefetched and not manager.is_deferring

    def breadcrumb_trail(self) -> list[Page]:
        """Return the pages from the edition's home down to this article."""
        if "_breadcrumb_trail" not in self.__dict__:
            self._breadcrumb_trail = [*self.get_ancestors().filter(depth__gte=2), self]
        return self._breadcrumb_trail

    def get_view_restrictions(self):
        """Answer from what the route already read when it found no restriction (see find_article)."""
        if getattr(self, "_unrestricted", False):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def get_context(self, request, *args, **kwargs):
        from ..translations import live_original, live_translations

        context = super().get_context(request, *args, **kwargs)
        credits = self.shown_credits()
        home = edition_home_of(self)
        home_url = home.get_url(request)

        def contributor_url(contributor):
            return home_url + home.reverse_subpage("contributor", args=[contributor.slug])

        language_code = self.locale.language_code
        context.update(
            credit_sentences=credit_sentences(credits, language_code, contributor_url),
            byline=byline(credits, language_code, contributor_url),
            topics=[
                (tag, home_url + home.reverse_subpage("topic", args=[tag.slug]))
                for tag in self.shown_tags()
            ],
            original_article=live_original(self),
            translations=live_translations(self),
        )
        return context
