"""Factories for the newsroom's models, for tests (factory-boy is a test extra: runtime code such as
the demo and the archive generator builds with the models' own APIs)."""

import io

import factory
import wagtail_factories
from django.core.files.images import ImageFile
from wagtail.models import Collection
from wagtail.rich_text import RichText

from dateline.core.models import NewsImage

from .demo.artwork import SMALL_PICTURE, paint_landscape
from .editions import edition_home_for_language
from .models import ArticleCredit, ArticlePage, Contributor, CreditRole, HomePage, SectionPage
from .publishing import publish


class NewsImageFactory(wagtail_factories.ImageFactory):
    """An image whose file is a landscape painted from a seed: real pixels, no download.

    Small, as the generated archive's: publishing an article makes its picture's renditions at
    once in tests, and at the demo's 1,600 pixels painting and encoding them took about 0.6 s of
    each test that published a picture.
    """

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
            io.BytesIO(paint_landscape(image.seed, **SMALL_PICTURE)), name=f"art-{image.seed}.jpg"
        )
    )


class ContributorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contributor
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Contributor {n}")
    slug = factory.LazyAttribute(lambda contributor: "")
    bio = ""


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


def edition_home(language_code: str = "en") -> HomePage:
    """Return the home page of a language edition (made at migrate time by `ensure_editions`)."""
    return HomePage.objects.get(pk=edition_home_for_language(language_code).pk)


__all__ = [
    "ArticleCreditFactory",
    "ArticlePageFactory",
    "ContributorFactory",
    "NewsImageFactory",
    "SectionPageFactory",
    "edition_home",
    "paragraphs",
    "publish",
]
