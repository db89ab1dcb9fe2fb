"""A factory for readers' comments, for tests (factory-boy is a test extra)."""

import factory

from dateline.news.factories import ArticlePageFactory

from .models import Comment, CommentStatus


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
