"""Factories for the newsroom's models: the demo command and the test suite build with these alone."""

import io
from datetime import datetime

import factory
import wagtail_factories
from django.core.files.images import ImageFile
from wagtail.models import Collection, Locale
from wagtail.rich_text import RichText

from dateline.comments.models import Comment, CommentStatus
from dateline.core.models import NewsImage

from .demo.artwork import paint_landscape
from .models import ArticleCredit, ArticlePage, Contributor, CreditRole, HomePage, SectionPage


class NewsImageFactory(wagtail_factories.ImageFactory):
    """An image whose file is a landscape painted from a seed: real pixels, no download."""

    class Meta:
        model = NewsImage

    class Params:
        seed = factory.Sequence(lambda n: n)

    # In the root collection, where the newsroom's roles have their image permissions; the library
    # factory's default makes a new top-level collection per image, which no role can see.
    collection = factory.LazyFunction(Collection.get_first_root_node)
    title = factory.Sequence(lambda n: f"Image {n}")
    description = factory.LazyAttribute(lambda image: f"Painted landscape number {image.seed}")
    credit = "Dateline illustration"
    file = factory.LazyAttribute(
        lambda image: ImageFile(
            io.BytesIO(paint_landscape(image.seed)), name=f"art-{image.seed}.jpg"
        )
    )


class ContributorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contributor
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Contributor {n}")
    slug = factory.LazyAttribute(lambda contributor: "")
    bio = ""


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Dateline"


class SectionPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SectionPage

    title = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.LazyAttribute(
        lambda section: f"section-{section.title.lower().replace(' ', '-')}"
    )
    show_in_menus = True


def paragraphs(*texts: str) -> list[tuple[str, RichText]]:
    """Return body blocks, one paragraph block per text (escaped by the caller where it matters)."""
    return [("paragraph", RichText(f"<p>{text}</p>")) for text in texts]


class ArticlePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"Article headline {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    standfirst = "A one-sentence summary of why this story matters."
    body = factory.LazyFunction(
        lambda: paragraphs("The first paragraph of the story.", "The second paragraph.")
    )
    live = True


class ArticleCreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleCredit

    article = factory.SubFactory(ArticlePageFactory)
    contributor = factory.SubFactory(ContributorFactory)
    role = CreditRole.REPORTER


class CommentFactory(factory.django.DjangoModelFactory):
    """A reader's comment, approved unless told otherwise; its address is stored only as a hash."""

    class Meta:
        model = Comment

    article = factory.SubFactory(ArticlePageFactory)
    author_name = factory.Sequence(lambda n: f"Reader {n}")
    author_email = factory.Sequence(lambda n: f"reader{n}@example.org")
    author_url = ""
    text = factory.Sequence(lambda n: f"Comment number {n}: what I saw at the market.")
    status = CommentStatus.APPROVED

    @classmethod
    def _create(cls, model_class, *args, client_address="198.51.100.23", **kwargs):
        article = kwargs.pop("article")
        return model_class.objects.create_comment(article, client_address=client_address, **kwargs)


def edition_home(language_code: str = "en") -> HomePage:
    """Return the home page of a language edition (made at migrate time by `ensure_editions`)."""
    return HomePage.objects.get(locale=Locale.objects.get(language_code=language_code), depth=2)


def publish(page, at: datetime | None = None):
    """Publish a page through a revision, as an editor would, optionally dated in the past."""
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    if at is not None:
        type(page).objects.filter(pk=page.pk).update(
            first_published_at=at, last_published_at=at, latest_revision_created_at=at
        )
        page.refresh_from_db()
    return page
