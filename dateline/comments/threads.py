"""Arrange an article's public comments into threads and pages, in a fixed number of queries.

One query reads every approved comment of the article (public fields only); a second runs only
when some approved reply answers a comment that is not public (pending, spam, trash), to find
the nearest public ancestor to hang it under. Long discussions are paginated by top-level comment,
oldest first, so page N keeps the same comments as new ones arrive: its URL is stable. Each
thread and count read is noted as shown (dateline.core.shown), so a baked page that shows it is
re-rendered when the discussion changes.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from dateline.core.shown import comment_thread_key, note_shown

from .models import Comment, CommentStatus
from .privacy import PublicComment, public_comments


@dataclass
class CommentThread:
    """The public discussion of one article: all its comments, and the page being shown."""

    article_id: int
    comments: list[PublicComment]
    roots: list[PublicComment]
    max_depth: int

    @property
    def count(self) -> int:
        return len(self.comments)

    def paginator(self) -> Paginator:
        return Paginator(self.roots, settings.DATELINE_COMMENTS_PER_PAGE)

    def page(self, number):
        """Return the page of top-level comments asked for; 404 for one that is not there."""
        try:
            return self.paginator().page(number or 1)
        except (EmptyPage, PageNotAnInteger):
            if self.roots or str(number) not in ("", "1"):
                raise Http404(_("There is no such page of comments.")) from None
            return self.paginator().page(1)  # an empty discussion still has its first page

    def page_number_of(self, comment_id: int) -> int:
        """Return the page that shows a comment (its thread's top-level comment decides)."""
        index = next((i for i, root in enumerate(self.roots) if _holds(root, comment_id)), 0)
        return index // settings.DATELINE_COMMENTS_PER_PAGE + 1

    def find(self, comment_id: int) -> PublicComment | None:
        return next((c for c in self.comments if c.id == comment_id), None)


def _holds(node: PublicComment, comment_id: int) -> bool:
    return node.id == comment_id or any(_holds(reply, comment_id) for reply in node.replies)


def _hidden_parents(article_id: int) -> dict[int, int | None]:
    """Map each non-public comment that has replies to its own parent."""
    return dict(
        Comment.objects.filter(article_id=article_id, replies__isnull=False)
        .exclude(status=CommentStatus.APPROVED)
        .values_list("id", "parent_id")
        .distinct()
    )


def build_thread(article_id: int) -> CommentThread:
    """Return the article's public comments arranged in threads.

    A reply deeper than DATELINE_COMMENTS_THREAD_DEPTH is shown at the deepest level, in the
    order it was written, as WordPress does; a reply whose parent is not public hangs under the nearest
    public ancestor, or starts its own thread, so an approved comment is never hidden.
    """
    max_depth = max(1, settings.DATELINE_COMMENTS_THREAD_DEPTH)
    note_shown(comment_thread_key(article_id))
    comments = public_comments(article_id)
    by_id = {comment.id: comment for comment in comments}
    hidden = None
    roots: list[PublicComment] = []
    holder: dict[int, PublicComment | None] = {}  # where each placed comment hangs
    for comment in comments:
        parent_id = comment.parent_id
        seen = set()
        while parent_id is not None and parent_id not in by_id and parent_id not in seen:
            seen.add(parent_id)
            if hidden is None:
                hidden = _hidden_parents(article_id)
            parent_id = hidden.get(parent_id)
        # Only a comment placed already (an older one) can hold a reply, so imported data with
        # a parent newer than its reply, or a loop, cannot make a cycle.
        parent = by_id[parent_id] if parent_id in holder else None
        while parent is not None and parent.depth >= max_depth:
            parent = holder[parent.id]
        holder[comment.id] = parent
        if parent is None:
            comment.depth = 1
            roots.append(comment)
        else:
            comment.depth = parent.depth + 1
            parent.replies.append(comment)
    return CommentThread(article_id=article_id, comments=comments, roots=roots, max_depth=max_depth)


def thread_for(request, article) -> CommentThread:
    """Return the article's thread, built once per request however many tags ask for it."""
    cache = request.__dict__.setdefault("_dateline_comment_threads", {})
    if article.pk not in cache:
        cache[article.pk] = build_thread(article.pk)
    return cache[article.pk]


def attach_comment_counts(articles) -> None:
    """Give each article of a listing its number of approved comments, in one query for them all."""
    articles = list(articles)
    note_shown(*(comment_thread_key(article.pk) for article in articles))
    counts = dict(
        Comment.objects.filter(
            article_id__in=[article.pk for article in articles], status=CommentStatus.APPROVED
        )
        .values_list("article_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for article in articles:
        article.approved_comment_count = counts.get(article.pk, 0)


def articles_with_long_threads(per_page: int) -> set[int]:
    """Return the articles with more approved comments than one page holds, in one query.

    Only these can have a second page of discussion (a page holds `per_page` top-level comments
    and no discussion has more of those than approved comments), so a caller listing every
    article's pages builds the thread of these alone.
    """
    return set(
        Comment.objects.filter(status=CommentStatus.APPROVED)
        .values("article_id")
        .annotate(approved=Count("pk"))
        .filter(approved__gt=per_page)
        .values_list("article_id", flat=True)
    )
