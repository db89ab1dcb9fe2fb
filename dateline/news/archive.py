"""Generate a newsroom's archive at scale, for benchmarks and for operators trying Dateline out.

A real archive has decades of stories in two editions, linked as translations, under a few
sections, credited to a few hundred people and tagged with a few hundred topics, unevenly: a news
desk is credited on a large share of the stories and a few topics run through thousands of them,
while most people and topics have a handful (their listings and feeds must hold their speed
too). Saving 100,000 pages through Wagtail would take hours (each save walks the tree, writes a
revision, logs and indexes), so articles are written in bulk: the page rows, the article rows,
their revisions, credits and topics, a few thousand rows per statement, with tree paths computed
here the way treebeard computes them. Sections, images and the editions' translations of sections
are few and go through Wagtail's own API. The result is what the slow path makes: valid tree, live
revisions the admin can edit, translations sharing a translation key, search index entries.

Comments belong to the comments app: `archive_articles_created` tells it which articles were
made, and it writes their discussions itself (news never imports comments).
"""

import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from itertools import accumulate

from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.models import get_serializable_data_for_fields
from modelsearch.backends import get_search_backend
from taggit.models import Tag
from wagtail.models import Collection, Page, Revision

from dateline.core.models import NewsImage

from . import archive_text as text
from .demo.artwork import SMALL_PICTURE, paint_landscape
from .editions import edition_home_for_language, edition_homes
from .models import (
    ArticleCredit,
    ArticlePage,
    ArticleTag,
    Contributor,
    CreditRole,
    HomePage,
    SectionPage,
)
from .models.article import listed_edition_path

# Sent once per batch of articles written, with `articles`: a list of (id, first published).
archive_articles_created = Signal()

SECTIONS = [
    # slug, English title, Korean title
    ("north-korea", "North Korea", "북한"),
    ("economy", "Economy", "경제"),
    ("society", "Society", "사회"),
    ("politics", "Politics", "정치"),
    ("border", "Border", "국경"),
    ("culture", "Culture", "문화"),
    ("human-rights", "Human rights", "인권"),
    ("analysis", "Analysis", "분석"),
]
IMAGE_COUNT = 12
YEARS = 20
BATCH = 1000
# One article in five is the translation of the one before it, when two editions are made.
TRANSLATION_EVERY = 5
ROLES = [CreditRole.REPORTER, CreditRole.WRITER, CreditRole.EDITOR, CreditRole.PHOTOGRAPHER]


class ArchiveError(ValueError):
    """A request the generator cannot carry out, with the reason in words an operator can act on."""


@dataclass
class ArchiveReport:
    created: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, number: int) -> None:
        self.created[kind] = self.created.get(kind, 0) + number


@dataclass
class _Story:
    index: int
    language: str
    section: str
    slug: str
    original: int | None  # the index of the article this one translates


class ArchiveGenerator:
    """Write `articles` article pages (translations included) into the given editions.

    Article N is the same for one seed whatever else exists, so a second run with the same
    arguments writes nothing and a larger `articles` adds only the missing ones.
    """

    def __init__(self, articles: int, languages=("en", "ko"), comments_per_article=0, seed=1):
        if articles < 0:
            raise ArchiveError("--articles must be zero or more.")
        if comments_per_article < 0:
            raise ArchiveError("--comments-per-article must be zero or more.")
        self.articles, self.seed = articles, seed
        self.languages = list(dict.fromkeys(languages))
        self.comments_per_article = comments_per_article
        self.report = ArchiveReport()
        self.now = timezone.now().replace(microsecond=0)
        self.homes = self._homes()

    def _homes(self) -> dict[str, HomePage]:
        homes = {}
        for code in self.languages:
            home = edition_home_for_language(code)
            if home is None:
                known = ", ".join(home.locale.language_code for home in edition_homes().values())
                raise ArchiveError(
                    f"There is no {code!r} edition. Choose among: {known} "
                    "(DATELINE_EXTRA_LANGUAGES adds editions)."
                )
            homes[code] = home
        return homes

    def run(self, index=True) -> ArchiveReport:
        """Write what is missing, batch by batch; each batch commits, so a stopped run resumes."""
        sections = self._sections()
        images = self._images()
        contributors = self._contributors()
        topics = self._topics()
        stories = [self._story(number) for number in range(self.articles)]
        existing = self._existing_pages(sections)
        todo = [s for s in stories if (s.language, s.section, s.slug) not in existing]
        writer = _BatchWriter(self, sections, images, contributors, topics)
        writer.page_ids = {
            s.index: existing[(s.language, s.section, s.slug)]
            for s in stories
            if (s.language, s.section, s.slug) in existing
        }
        for start in range(0, len(todo), BATCH):
            with transaction.atomic():
                made = writer.write(todo[start : start + BATCH])
                if index:
                    _index_articles([pk for pk, _date in made])
                archive_articles_created.send(
                    sender=ArchiveGenerator,
                    articles=made,
                    comments_per_article=self.comments_per_article,
                    seed=self.seed,
                )
            self.report.add("articles", len(made))
        if todo:
            _reset_sequences()
        return self.report

    def _story(self, number: int) -> _Story:
        rng = text.seeded(self.seed, "story", number)
        language = self.languages[0] if rng.random() < 0.7 else rng.choice(self.languages)
        section = rng.choice(SECTIONS)[0]
        original = None
        if len(self.languages) > 1 and number % TRANSLATION_EVERY == 1:
            source = self._story(number - 1)
            others = [code for code in self.languages if code != source.language]
            language, section, original = others[number % len(others)], source.section, number - 1
            return _Story(number, language, section, source.slug, original)
        headline = text.headline(text.seeded(self.seed, "headline", number), "en")
        slug = f"{slugify(headline)}-{number}" if language == "en" else f"story-{number}"
        return _Story(number, language, section, slug, original)

    def _sections(self) -> dict[tuple[str, str], SectionPage]:
        """Return the archive's sections by (language, slug), creating them through Wagtail."""
        sections = {}
        first = self.languages[0]
        for slug, title_en, title_ko in SECTIONS:
            original = SectionPage.objects.child_of(self.homes[first]).filter(slug=slug).first()
            if original is None:
                title = title_ko if first == "ko" else title_en
                original = self.homes[first].add_child(
                    instance=SectionPage(title=title, slug=slug, show_in_menus=True)
                )
                original.save_revision().publish()
                self.report.add("sections", 1)
            sections[(first, slug)] = original
            for code in self.languages[1:]:
                locale = self.homes[code].locale
                copy = original.get_translation_or_none(locale)
                if copy is None:
                    copy = original.copy_for_translation(locale)
                    copy.title = title_ko if code == "ko" else title_en
                    copy.save_revision().publish()
                    self.report.add("sections", 1)
                sections[(code, slug)] = copy.specific
        return sections

    def _images(self) -> list[NewsImage]:
        """Return a dozen small painted pictures, reused across the archive as agencies' are."""
        collection = Collection.get_first_root_node()
        images = []
        for number in range(IMAGE_COUNT):
            title = f"Archive illustration {number + 1}"
            image = NewsImage.objects.filter(title=title).first()
            if image is None:
                data = paint_landscape(number, **SMALL_PICTURE)
                image = NewsImage(
                    title=title,
                    description=f"A painted landscape, number {number + 1}",
                    credit="Dateline illustration",
                    collection=collection,
                    file=ImageFile(io.BytesIO(data), name=f"archive-{number + 1}.jpg"),
                )
                image.save()
                self.report.add("images", 1)
            images.append(image)
        return images

    def _contributors(self) -> list[Contributor]:
        """Return one contributor per fifty articles (20 to 2,000), creating the missing ones."""
        wanted = min(2000, max(20, self.articles // 50))
        slugs = [f"archive-person-{number + 1}" for number in range(wanted)]
        found = {c.slug: c for c in Contributor.objects.filter(slug__in=slugs)}
        missing = [
            Contributor(name=text.person_name(number), slug=slug, bio="")
            for number, slug in enumerate(slugs)
            if slug not in found
        ]
        Contributor.objects.bulk_create(missing, batch_size=500)
        self.report.add("contributors", len(missing))
        found = {c.slug: c for c in Contributor.objects.filter(slug__in=slugs)}
        return [found[slug] for slug in slugs]

    def _topics(self) -> dict[str, list[Tag]]:
        """Return each language's topics (one per 200 articles, 16 to 400), creating what is missing."""
        wanted = min(400, max(16, self.articles // 200))
        names = {
            code: [
                text.topic_name(number, code if code == "ko" else "en") for number in range(wanted)
            ]
            for code in self.languages
        }
        every = {name for group in names.values() for name in group}
        found = {tag.name: tag for tag in Tag.objects.filter(name__in=every)}
        missing = [
            Tag(name=name, slug=slugify(name, allow_unicode=True))
            for name in sorted(every)
            if name not in found
        ]
        Tag.objects.bulk_create(missing, batch_size=500)
        self.report.add("topics", len(missing))
        found = {tag.name: tag for tag in Tag.objects.filter(name__in=every)}
        return {code: [found[name] for name in group] for code, group in names.items()}

    def _existing_pages(self, sections) -> dict[tuple[str, str, str], int]:
        """Return the ids of the pages already in the sections, by (language, section, slug)."""
        existing = {}
        for (language, slug), section in sections.items():
            children = Page.objects.filter(path__startswith=section.path, depth=section.depth + 1)
            for page_slug, pk in children.values_list("slug", "pk").iterator():
                existing[(language, slug, page_slug)] = pk
        return existing


# The first DESKS contributors are the newsroom's desks: one of them is credited first on a
# story in DESK_SHARE of them. A story's topics are drawn by Zipf's law: the topic of rank r
# (from 1) is drawn in proportion to 1/r: with 400 topics, one draw in 6.6 is the first and
# one in 2,600 the last.
DESKS = 2
DESK_SHARE = 0.25


class _BatchWriter:
    """Turn stories into rows: page, article, revision, credits, topics; ids assigned here."""

    def __init__(self, generator, sections, images, contributors, topics):
        self.generator, self.sections = generator, sections
        self.images, self.contributors, self.topics = images, contributors, topics
        self.page_ids = {}  # story index → page id, for translations to point at their original
        self.originals = {}  # page id → (translation key, first published) of possible originals
        self.article_type = ContentType.objects.get_for_model(ArticlePage)
        self.page_type = ContentType.objects.get_for_model(Page)
        self.locales = {code: home.locale for code, home in generator.homes.items()}
        self.next_step = {key: _last_step(section) for key, section in sections.items()}

    def write(self, stories) -> list[tuple[int, object]]:
        ids = {
            model: _next_ids(model, len(stories) * (3 if model is not Page else 1))
            for model in (Page, Revision, ArticleCredit, ArticleTag)
        }
        pages, revisions, credits, tags = [], [], [], []
        for story in stories:
            article = self._article(story, ids[Page])
            article_credits = self._credits(story, article, ids[ArticleCredit])
            article_tags = self._tags(story, article, ids[ArticleTag])
            revision = Revision(
                id=next(ids[Revision]),
                content_type_id=self.article_type.pk,
                base_content_type_id=self.page_type.pk,
                object_id=str(article.pk),
                object_str=article.title,
                created_at=article.latest_revision_created_at,
                content=_revision_content(article, article_credits, article_tags),
            )
            article.latest_revision_id = article.live_revision_id = revision.pk
            pages.append(article)
            revisions.append(revision)
            credits += article_credits
            tags += article_tags
        _insert(Page, pages)
        _insert(ArticlePage, pages)
        Revision.objects.bulk_create(revisions, batch_size=500)
        ArticleCredit.objects.bulk_create(credits, batch_size=500)
        ArticleTag.objects.bulk_create(tags, batch_size=500)
        self._count_children(stories)
        return [(page.pk, page.first_published_at) for page in pages]

    def _count_children(self, stories) -> None:
        """Add the batch's articles to their sections' counts of children, in its transaction:
        listings are counted from them (`dateline.news.listing_index.count_under`), so a site
        being generated, or a run stopped half-way, counts every article committed."""
        filed = Counter((story.language, story.section) for story in stories)
        for key, added in filed.items():
            Page.objects.filter(pk=self.sections[key].pk).update(
                numchild=models.F("numchild") + added
            )

    def _article(self, story, page_ids) -> ArticlePage:
        gen, language = self.generator, story.language
        rng = text.seeded(gen.seed, "article", story.index)
        section = self.sections[(language, story.section)]
        published = gen.now - timedelta(seconds=rng.randrange(YEARS * 365 * 86400))
        original_id, translation_key = None, text.stable_uuid(rng)
        if story.original is not None:
            original_id = self.page_ids[story.original]
            translation_key, original_date = self._original(original_id)
            published = original_date + timedelta(hours=rng.randint(2, 30))
            published = min(published, gen.now)
        image = rng.choice(self.images) if rng.random() < 0.8 else None
        step = self.next_step[(language, story.section)]
        self.next_step[(language, story.section)] = step + 1
        title = text.headline(rng, language)
        article = ArticlePage(
            id=next(page_ids),
            title=title,
            draft_title=title,
            slug=story.slug,
            content_type_id=self.article_type.pk,
            locale_id=self.locales[language].pk,
            translation_key=translation_key,
            path=Page._get_path(section.path, section.depth + 1, step),
            depth=section.depth + 1,
            numchild=0,
            url_path=f"{section.url_path}{story.slug}/",
            live=True,
            has_unpublished_changes=False,
            first_published_at=published,
            last_published_at=published,
            latest_revision_created_at=published,
            show_in_menus=False,
            standfirst=text.sentence(rng, language),
            hero_image_id=image.pk if image else None,
            hero_alt="",
            hero_caption=text.sentence(rng, language)[:200] if image else "",
            body=text.body(rng, language),
            comments_open=rng.random() < 0.9,
            translated_from_id=original_id,
        )
        article.page_ptr_id = article.id
        self.page_ids[story.index] = article.pk
        self.originals[article.pk] = (translation_key, published)
        return article

    def _original(self, page_id):
        """Return an original's translation key and date: written in this run, or read once."""
        if page_id not in self.originals:
            page = Page.objects.only("translation_key", "first_published_at").get(pk=page_id)
            self.originals[page_id] = (page.translation_key, page.first_published_at)
        return self.originals[page_id]

    def _credits(self, story, article, credit_ids) -> list[ArticleCredit]:
        rng = text.seeded(self.generator.seed, "credits", story.index)
        people = rng.sample(self.contributors, min(len(self.contributors), rng.randint(1, 3)))
        if rng.random() < DESK_SHARE:
            desk = self.contributors[rng.randrange(min(DESKS, len(self.contributors)))]
            people = [desk, *(person for person in people if person != desk)][: len(people)]
        roles = [rng.choice((CreditRole.REPORTER, CreditRole.WRITER)), *rng.sample(ROLES, 2)]
        if story.original is not None and len(people) > 1:
            roles[len(people) - 1] = CreditRole.TRANSLATOR
        return [
            ArticleCredit(
                id=next(credit_ids),
                article_id=article.pk,
                contributor_id=person.pk,
                role=roles[order],
                sort_order=order,
                published=article.first_published_at,
                edition_path=listed_edition_path(article),
            )
            for order, person in enumerate(people)
        ]

    def _tags(self, story, article, tag_ids) -> list[ArticleTag]:
        """One to three topics, or none for about one story in six: archives brought in from
        elsewhere carry many untagged stories, and their pages must cost no more than the rest."""
        rng = text.seeded(self.generator.seed, "topics", story.index)
        topics = self.topics[story.language]
        wanted, chosen = min(len(topics), rng.choice((0, 1, 1, 2, 2, 3))), []
        while len(chosen) < wanted:
            topic = rng.choices(topics, cum_weights=_zipf_weights(len(topics)))[0]
            if topic not in chosen:
                chosen.append(topic)
        return [
            ArticleTag(
                id=next(tag_ids),
                tag_id=tag.pk,
                content_object_id=article.pk,
                published=article.first_published_at,
                edition_path=listed_edition_path(article),
            )
            for tag in chosen
        ]


@lru_cache(maxsize=4)
def _zipf_weights(count: int) -> list[float]:
    """Return the cumulative weights of `count` topics drawn by Zipf's law (see DESKS)."""
    return list(accumulate(1 / rank for rank in range(1, count + 1)))


def _revision_content(article, credits, tags) -> dict:
    """Return the revision's content as `serializable_data()` writes it, without its queries."""
    content = get_serializable_data_for_fields(article)
    content["credits"] = [get_serializable_data_for_fields(credit) for credit in credits]
    content["tagged_items"] = [get_serializable_data_for_fields(tag) for tag in tags]
    content["wagtail_admin_comments"] = []
    return content


def _insert(model, objects) -> None:
    """Insert one table's columns of the objects, in batches the database accepts.

    Django refuses `bulk_create` for a model with a parent table (the article's page row), so the
    page table and the article table are each written with Django's own batched insert.
    """
    fields = [f for f in model._meta.local_concrete_fields]
    model._base_manager.all()._batched_insert(objects, fields, batch_size=None)


def _next_ids(model, count: int):
    """Return an iterator of free primary keys for the model, above every id in use."""
    start = (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1
    return iter(range(start, start + count))


def _last_step(section) -> int:
    """Return the position number the next child of the section takes in treebeard's path."""
    last = (
        Page.objects.filter(path__startswith=section.path, depth=section.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    return Page._str2int(last[-Page.steplen :]) + 1 if last else 1


def _reset_sequences() -> None:
    """Move PostgreSQL's id sequences past the ids written here (SQLite needs nothing)."""
    statements = connection.ops.sequence_reset_sql(
        no_style(), [Page, Revision, ArticleCredit, ArticleTag]
    )
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _index_articles(ids) -> None:
    """Add the articles to the search index, a batch per call (what `update_index` would do)."""
    queryset = ArticlePage.get_indexed_objects().filter(pk__in=ids).order_by("pk")
    get_search_backend().add_bulk(ArticlePage, list(queryset))
