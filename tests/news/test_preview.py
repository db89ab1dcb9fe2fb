"""A preview shows the credits and topics being edited, and the live page the published ones."""

from dateline.news.factories import ContributorFactory
from dateline.news.models import ArticleCredit, ArticlePage, CreditRole

from .conftest import parse


def _credits_and_topics(response) -> tuple[str, list[str]]:
    soup = parse(response)
    byline = soup.select_one("article > header .byline").get_text(" ", strip=True)
    return byline, [link.get_text(strip=True) for link in soup.select(".topics a")]


def test_a_draft_preview_shows_its_own_credits_and_topics_and_the_live_page_keeps_its(
    client, article
):
    draft = ArticlePage.objects.get(pk=article.pk)
    draft.credits = [
        ArticleCredit(contributor=ContributorFactory(name="Oh Se-ri"), role=CreditRole.REPORTER)
    ]
    draft.tags.set(["Border trade"])
    revision = draft.save_revision()

    preview = revision.as_object().make_preview_request()
    byline, topics = _credits_and_topics(preview)
    assert "Oh Se-ri" in byline and "Han Ji-woo" not in byline
    assert topics == ["Border trade"]

    byline, topics = _credits_and_topics(client.get(article.url))
    assert "Han Ji-woo" in byline and "Oh Se-ri" not in byline
    assert topics == ["markets"]
