"""The one module that decides what of a comment is public.

Public renderings (article pages, reply pages, anything baked, fed or indexed later) receive
`PublicComment` objects built from `PUBLIC_FIELDS` by a `.values()` query, never model instances,
so an email address or an address hash cannot reach a template, a feed or JSON by accident: it is
not even read from the database on those paths.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext

from dateline.core.compiled import CompiledQuery

from .models import Comment, CommentStatus

PUBLIC_FIELDS = (
    "id",
    "parent_id",
    "author_name",
    "author_url",
    "text",
    "created_at",
    "edited_at",
    "by_newsroom",
)


@dataclass(slots=True)
class PublicComment:
    """What a reader may see of an approved comment, and its place in the thread."""

    id: int
    parent_id: int | None
    author_name: str
    author_url: str
    text: str
    created_at: datetime
    edited_at: datetime | None
    by_newsroom: bool
    depth: int = 1
    replies: list["PublicComment"] = field(default_factory=list)

    def __post_init__(self):
        # Only web links: an imported or hand-edited website such as "javascript:..." is dropped.
        if not self.author_url.lower().startswith(("https://", "http://")):
            self.author_url = ""

    @property
    def shown_name(self) -> str:
        """Return the name to show: "Anonymous" (in the page's language) once it was erased."""
        return self.author_name or gettext("Anonymous")

    @property
    def anchor(self) -> str:
        return f"comment-{self.id}"


# Every article page asks it (dateline.core.compiled: the statement is built once).
_PUBLIC_COMMENTS = CompiledQuery(
    lambda article_id: (
        Comment.objects.filter(article_id=article_id, status=CommentStatus.APPROVED)
        .order_by("created_at", "pk")
        .values(*PUBLIC_FIELDS)
    ),
    article_id=-2_000_000_001,
)


def public_comments(article_id: int) -> list[PublicComment]:
    """Return the article's approved comments, oldest first, as public records (one query)."""
    rows = _PUBLIC_COMMENTS.rows(article_id=article_id)
    return [PublicComment(**dict(zip(PUBLIC_FIELDS, row, strict=True))) for row in rows]


def public_comment(comment_id: int) -> tuple[int, PublicComment] | None:
    """Return (article id, public record) of one approved comment, or None when not public."""
    row = (
        Comment.objects.filter(pk=comment_id, status=CommentStatus.APPROVED)
        .values("article_id", *PUBLIC_FIELDS)
        .first()
    )
    if row is None:
        return None
    article_id = row.pop("article_id")
    return article_id, PublicComment(**row)


def own_waiting_comment(article_id: int, comment_id: int) -> PublicComment | None:
    """Return the public record of a comment not yet approved, for the reader who just posted it.

    Only ever called with an id from the signed address of the redirect after posting (see
    `posted.py`), so it shows a reader their own words and nobody else's.
    """
    row = (
        Comment.objects.filter(
            pk=comment_id,
            article_id=article_id,
            status__in=(CommentStatus.PENDING, CommentStatus.SPAM),
        )
        .values(*PUBLIC_FIELDS)
        .first()
    )
    return PublicComment(**row) if row else None
