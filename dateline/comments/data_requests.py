"""A commenter's data requests: everything stored about their email address, and its erasure.

The export goes to the person who asked (or to staff answering them), never to a public page:
it is the one rendering that carries the email address. Address hashes are left out of it:
they identify nobody without the key, and the key is gone within two rotation periods.
"""

from django.db import transaction

from .models import Comment
from .moderation import announce_change, delete_comments


def export_commenter(email: str) -> list[dict]:
    """Return every comment left with this email address, whatever its status, oldest first."""
    comments = (
        Comment.objects.by_email(email).select_related("article").order_by("created_at", "pk")
    )
    return [
        {
            "id": comment.pk,
            "article_id": comment.article_id,
            "article_title": comment.article.title,
            "article_url": comment.article.full_url,
            "status": comment.status,
            "name": comment.author_name,
            "email": comment.author_email,
            "website": comment.author_url,
            "created_at": comment.created_at.isoformat(),
            "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
            "parent_id": comment.parent_id,
            "text": comment.text,
            "address_network": comment.address_network,
        }
        for comment in comments
    ]


@transaction.atomic
def erase_commenter(email: str, *, remove_text: bool = False) -> int:
    """Remove the personal data stored with an email address; return how many comments it touched.

    The name is removed (pages then show "Anonymous" in their own language) and so are the
    email, website, address hash and network.
    With `remove_text`, the comments themselves are deleted (replies from others stay, moved up
    their thread).
    """
    comments = Comment.objects.by_email(email)
    if remove_text:
        return delete_comments(comments)
    article_ids = list(comments.values_list("article_id", flat=True))
    erased = comments.update(
        author_name="",
        author_email="",
        author_url="",
        address_hash="",
        address_network="",
    )
    announce_change(article_ids)
    return erased
