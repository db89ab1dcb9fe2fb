"""The cost of posting a comment does not grow with the comments already stored."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dateline.comments.models import Comment, CommentStatus

from .conftest import form_fields

MANY = 100_000


def _store_comments(article, count: int) -> None:
    """Store `count` comments of every status on the article, as earlier readers left them."""
    statuses = CommentStatus.values
    when = Comment.objects.order_by("created_at").values_list("created_at", flat=True).first()
    Comment.objects.bulk_create(
        (
            Comment(
                article=article,
                status=statuses[n % len(statuses)],
                text=f"Earlier comment {n} about the market.",
                author_name=f"Reader {n}",
                author_email=f"reader{n}@example.org",
                address_hash=f"{n:064x}",
                address_network="198.51.100.0/24",
                created_at=when,
                status_changed_at=when,
            )
            for n in range(count)
        ),
        batch_size=5_000,
    )


def _post_and_count_queries(client, article, number, capture_on_commit) -> int:
    """Post a new reader's comment; return the queries it took, its after-commit work included."""
    fields = form_fields(
        article, comment=f"New thought number {number}.", email=f"new{number}@example.org"
    )
    with CaptureQueriesContext(connection) as queries, capture_on_commit(execute=True):
        response = client.post("/comments/post/", fields, REMOTE_ADDR=f"203.0.113.{number}")
    assert response.status_code == 303
    return len(queries)


def test_a_post_costs_the_same_queries_with_few_or_many_comments_stored(
    client, article, django_capture_on_commit_callbacks
):
    # The first two posts load what a process keeps (editions, address keys) and send the first
    # moderation notice; from the third on, a comment not yet announced is waiting, as in a
    # busy discussion.
    for number in (1, 2):
        _post_and_count_queries(client, article, number, django_capture_on_commit_callbacks)
    few = _post_and_count_queries(client, article, 3, django_capture_on_commit_callbacks)
    _store_comments(article, MANY)
    many = _post_and_count_queries(client, article, 4, django_capture_on_commit_callbacks)
    assert Comment.objects.count() == MANY + 4
    assert many == few


def test_a_post_does_not_query_for_the_articles_site(
    client, article, django_capture_on_commit_callbacks
):
    """Wagtail's site look-up was a quarter of a post's time; the editions remember the sites."""
    _post_and_count_queries(client, article, 1, django_capture_on_commit_callbacks)
    fields = form_fields(article, comment="A second thought.", email="second@example.org")
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/comments/post/", fields, REMOTE_ADDR="203.0.113.2")
    assert response.status_code == 303
    assert not [query for query in queries if "wagtailcore_site" in query["sql"]]
