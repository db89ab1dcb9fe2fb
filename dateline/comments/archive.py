"""Readers' discussions for a generated archive: comments of every status, some of them replies.

The archive generator (`dateline.news.archive`) announces each batch of articles it writes; this
module answers with their comments, written in bulk. Generated comments carry no address (as
imported ones may not), so no address key is made for them.
"""

from datetime import timedelta

from django.utils import timezone

from dateline.news.archive_text import person_name, seeded, sentence

from .models import Comment, CommentStatus

# Most comments a newsroom keeps are approved; the rest wait, or were filed as spam or trash.
STATUS_WEIGHTS = [
    (CommentStatus.APPROVED, 70),
    (CommentStatus.PENDING, 15),
    (CommentStatus.SPAM, 10),
    (CommentStatus.TRASH, 5),
]
REPLY_SHARE = 0.3


def write_archive_comments(sender, articles, comments_per_article, seed, **kwargs) -> None:
    """Write `comments_per_article` comments under each (id, first published) article given."""
    if comments_per_article <= 0 or not articles:
        return
    statuses = [status for status, _weight in STATUS_WEIGHTS]
    weights = [weight for _status, weight in STATUS_WEIGHTS]
    now = timezone.now()
    top, replies = [], []
    for article_id, published in articles:
        rng = seeded(seed, "comments", article_id)
        for number in range(comments_per_article):
            written = min(now, published + timedelta(minutes=rng.randint(5, 60 * 24 * 20)))
            comment = Comment(
                article_id=article_id,
                status=rng.choices(statuses, weights)[0],
                author_name=person_name(rng.randrange(10_000)),
                author_email=f"reader{rng.randrange(100_000)}@example.org",
                text=" ".join(sentence(rng, "en") for _ in range(rng.randint(1, 3))),
                created_at=written,
                status_changed_at=written,
            )
            is_reply = number > 0 and rng.random() < REPLY_SHARE
            (replies if is_reply else top).append(comment)
    Comment.objects.bulk_create(top, batch_size=500)
    firsts = {}
    for comment in top:
        firsts.setdefault(comment.article_id, comment)
    for reply in replies:
        parent = firsts.get(reply.article_id)
        reply.parent_id = parent.pk if parent else None
        reply.created_at = reply.status_changed_at = max(reply.created_at, parent.created_at)
    Comment.objects.bulk_create(replies, batch_size=500)
