"""Privacy by construction: commenters' emails and addresses appear in no public output."""

import gzip
import re
from urllib.parse import urlsplit

import pytest
from django.test import Client

from dateline.comments.factories import CommentFactory
from dateline.comments.models import Comment, CommentStatus
from dateline.news.factories import publish
from dateline.publish.bake import full_bake

from .conftest import form_fields

SECRET_DOMAIN = "hidden-mailbox.example"
RAW_ADDRESS = "198.51.100.77"


@pytest.fixture
def discussed_article(article):
    """An article whose comments, in every status, carry known emails, websites and addresses."""
    parent = None
    for number, status in enumerate(CommentStatus.values * 3):
        comment = CommentFactory(
            article=article,
            author_name=f"Commenter {number}",
            author_email=f"secret.person.{number}@{SECRET_DOMAIN}",
            text=f"Opinion number {number} about prices",
            status=status,
            parent=parent if status == CommentStatus.APPROVED else None,
            client_address=RAW_ADDRESS,
        )
        if status == CommentStatus.APPROVED:
            parent = comment
    return article


def public_urls(article) -> list[str]:
    """Every public rendering that could show an article or its discussion."""
    section = article.get_parent().specific
    home = section.get_parent().specific
    approved = Comment.objects.filter(article=article, status=CommentStatus.APPROVED).first()
    credit = article.credits.select_related("contributor").first()
    section_path = section.url.strip("/")
    return [
        article.url,
        f"{article.url}?comment-posted={approved.pk}",
        f"/comments/reply/{approved.pk}/",
        home.url,
        section.url,
        f"{home.url}topics/markets/",
        f"{home.url}contributors/{credit.contributor.slug}/",
        "/search/?q=prices",
        "/search/?q=Commenter",
        "/feeds/all.rss",
        "/feeds/all.atom",
        "/feeds/all.json",
        "/feeds/latest.rss",
        f"/feeds/sections/{section_path}.json",
        "/sitemap.xml",
        "/robots.txt",
        "/no-such-page/",
    ]


def assert_private(body: str, where: str) -> None:
    stored = Comment.objects.exclude(address_hash="").values_list("address_hash", flat=True)
    assert SECRET_DOMAIN not in body, f"a commenter's email is in {where}"
    assert "secret.person" not in body, f"a commenter's email is in {where}"
    assert RAW_ADDRESS not in body, f"a commenter's address is in {where}"
    assert "198.51.100.0" not in body, f"a commenter's network is in {where}"
    assert not any(digest in body for digest in stored), f"an address hash is in {where}"


def sitemaps_listed_in_the_index(client) -> list[str]:
    index = client.get("/sitemap.xml").content.decode()
    return [urlsplit(location).path for location in re.findall(r"<loc>([^<]+)</loc>", index)]


def test_no_public_page_feed_or_sitemap_shows_an_email_or_address(client, discussed_article):
    sitemaps = sitemaps_listed_in_the_index(client)
    assert sitemaps, "the sitemap index lists no sitemap"
    for url in [*public_urls(discussed_article), *sitemaps]:
        response = client.get(url)
        assert response.status_code in (200, 404), f"{url} answered {response.status_code}"
        if url != "/no-such-page/":
            assert response.status_code == 200, f"{url} answered {response.status_code}"
        assert_private(response.content.decode(), url)


def test_the_article_shows_its_approved_comments_while_keeping_emails_out(
    client, discussed_article
):
    body = client.get(discussed_article.url).content.decode()
    assert "Opinion number 1 about prices" in body  # approved: shown
    assert_private(body, "the article page")


def test_error_pages_after_a_post_show_no_other_commenters_email(client, discussed_article):
    fields = form_fields(discussed_article, email="bad address", name="Newcomer")
    body = client.post("/comments/post/", fields).content.decode()
    assert_private(body, "the re-rendered form")
    closed = discussed_article
    closed.comments_open = False
    publish(closed)
    body = client.post("/comments/post/", form_fields(closed)).content.decode()
    assert_private(body, "the closed-article refusal")


def test_an_erased_commenters_words_stay_without_their_name(client, discussed_article):
    from django.core.management import call_command

    call_command("commenter", "erase", f"secret.person.1@{SECRET_DOMAIN}")
    body = Client().get(discussed_article.url).content.decode()
    assert "Opinion number 1 about prices" in body
    assert "Commenter 1<" not in body


def test_the_public_fields_of_a_comment_are_exactly_these():
    # Adding a field here publishes it on every page, feed and baked file: it must be a decision.
    from dataclasses import fields

    from dateline.comments.privacy import PUBLIC_FIELDS, PublicComment

    assert PUBLIC_FIELDS == (
        "id",
        "parent_id",
        "author_name",
        "author_url",
        "text",
        "created_at",
        "edited_at",
        "by_newsroom",
    )
    assert [field.name for field in fields(PublicComment)] == [*PUBLIC_FIELDS, "depth", "replies"]


def _comments_in(value, found, depth=0):
    """Collect every comment object reachable from a template context value."""
    from types import SimpleNamespace

    from dateline.comments.privacy import PublicComment

    if depth > 5:
        return
    if isinstance(value, Comment | PublicComment):
        found.append(value)
        if isinstance(value, PublicComment):
            for reply in value.replies:
                _comments_in(reply, found, depth + 1)
    elif isinstance(value, SimpleNamespace):
        for item in vars(value).values():
            _comments_in(item, found, depth + 1)
    elif isinstance(value, list | tuple):
        for item in value:
            _comments_in(item, found, depth + 1)
    elif hasattr(value, "object_list"):  # a page of the thread
        _comments_in(list(value.object_list), found, depth + 1)


def test_templates_receive_comments_without_emails_or_addresses(client, discussed_article):
    from dateline.comments.privacy import PublicComment

    response = client.get(discussed_article.url)
    found = []
    for context in response.context:
        for layer in context.dicts:
            for value in layer.values():
                _comments_in(value, found)
    # The approved comments reached the templates, and only as public records.
    assert {comment.text for comment in found} == set(
        Comment.objects.filter(
            article=discussed_article, status=CommentStatus.APPROVED
        ).values_list("text", flat=True)
    )
    assert all(type(comment) is PublicComment for comment in found)
    for comment in found:
        for private in ("author_email", "address_hash", "address_network"):
            assert not hasattr(comment, private), private


def test_no_baked_file_shows_an_email_or_address(settings, tmp_path, discussed_article):
    settings.DATELINE_BAKE = True
    settings.DATELINE_BAKED_ROOT = tmp_path / "baked"
    full_bake()
    site = (tmp_path / "baked" / "site").resolve()
    baked = [path for path in site.rglob("*") if path.is_file() and path.suffix != ".br"]
    assert any(discussed_article.slug in str(path) for path in baked)
    for path in baked:
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        assert_private(data.decode("utf-8", "ignore"), f"the baked file {path.relative_to(site)}")
