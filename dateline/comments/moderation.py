"""What a moderator can do to comments, shared by the admin, the commands and the retention job.

Every change that alters what readers see sends `comments_changed` with the articles touched, so
a page cache or the baker can refresh exactly those pages.
"""

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dateline.news.models import HomePage

from .models import Comment, CommentStatus
from .signals import comments_changed

REMOVED = (CommentStatus.SPAM, CommentStatus.TRASH)

# The actions a moderator can take on a selection, with the words the admin shows for them.
ACTIONS = {
    "approve": _("Approve"),
    "unapprove": _("Unapprove"),
    "spam": _("Mark as spam"),
    "trash": _("Move to trash"),
    "restore": _("Restore"),
}


def actions_for(status: str) -> list[tuple[str, str]]:
    """Return the actions that would change a comment in this status, with their labels."""
    useless = {
        CommentStatus.APPROVED: {"approve", "restore"},
        CommentStatus.PENDING: {"unapprove", "restore"},
        CommentStatus.SPAM: {"spam", "approve", "unapprove"},
        CommentStatus.TRASH: {"trash", "approve", "unapprove"},
    }[status]
    return [(action, label) for action, label in ACTIONS.items() if action not in useless]


def announce_change(article_ids) -> None:
    """Tell listeners (after the commit) that these articles' public discussions changed."""
    article_ids = sorted(set(article_ids))
    if article_ids:
        transaction.on_commit(
            lambda: comments_changed.send(sender=Comment, article_ids=article_ids)
        )


@transaction.atomic
def apply_action(comments: QuerySet, action: str) -> int:
    """Apply a moderation action to the comments; return how many changed.

    Spam and trash remember where a comment came from, so "restore" puts it back there (pending
    when it is not known, as for a comment imported as spam).
    """
    if action not in ACTIONS:
        raise ValueError(f"{action!r} is not a moderation action: use one of {sorted(ACTIONS)}.")
    now = timezone.now()
    if action == "restore":
        selection = comments.filter(status__in=REMOVED)
        article_ids = list(selection.values_list("article_id", flat=True))
        changed = (
            selection.exclude(previous_status="")
            .exclude(previous_status__in=REMOVED)
            .update(status=F("previous_status"), previous_status="", status_changed_at=now)
        )
        changed += selection.update(
            status=CommentStatus.PENDING, previous_status="", status_changed_at=now
        )
    else:
        target = {
            "approve": CommentStatus.APPROVED,
            "unapprove": CommentStatus.PENDING,
            "spam": CommentStatus.SPAM,
            "trash": CommentStatus.TRASH,
        }[action]
        selection = comments.exclude(status=target)
        article_ids = list(selection.values_list("article_id", flat=True))
        if target in REMOVED:
            selection.exclude(status__in=REMOVED).update(previous_status=F("status"))
        else:
            selection.update(previous_status="")
        changed = selection.update(status=target, status_changed_at=now)
    announce_change(article_ids)
    return changed


def set_status(comment_ids, status: str) -> int:
    """Give the comments a status outright (as `dateline comments set-status` does)."""
    if status not in CommentStatus.values:
        raise ValueError(f"{status!r} is not a comment status: use one of {CommentStatus.values}.")
    action = {
        CommentStatus.APPROVED: "approve",
        CommentStatus.PENDING: "unapprove",
        CommentStatus.SPAM: "spam",
        CommentStatus.TRASH: "trash",
    }[status]
    return apply_action(Comment.objects.filter(pk__in=comment_ids), action)


@transaction.atomic
def edit_comment(comment: Comment, *, text: str, author_name: str, author_url: str) -> None:
    """Change what a comment says or who it is shown as, marking it edited when the text changed."""
    if text != comment.text:
        comment.edited_at = timezone.now()
    comment.text, comment.author_name, comment.author_url = text, author_name, author_url
    comment.save(update_fields=["text", "author_name", "author_url", "edited_at"])
    if comment.status == CommentStatus.APPROVED:
        announce_change([comment.article_id])


def newsroom_name(article) -> str:
    """Return the newsroom's name in the article's edition (its home page's title)."""
    home = HomePage.objects.ancestor_of(article).first()
    return home.title if home else ""


@transaction.atomic
def reply_as_newsroom(parent: Comment, *, text: str, user) -> Comment:
    """Publish the newsroom's reply under a comment, approving the comment if it was waiting.

    Answering a comment in public means the newsroom has read it and chosen to let it stand, as
    WordPress's "Approve and Reply" does.
    """
    if parent.status != CommentStatus.APPROVED:
        apply_action(Comment.objects.filter(pk=parent.pk), "approve")
    reply = Comment.objects.create_comment(
        parent.article,
        text=text,
        author_name=newsroom_name(parent.article)[:100],
        parent=parent,
        status=CommentStatus.APPROVED,
        by_newsroom=True,
        staff_author=user,
    )
    announce_change([parent.article_id])
    return reply


@transaction.atomic
def delete_comments(comments: QuerySet) -> int:
    """Delete comments for good, moving their replies up to the deleted comment's own parent.

    So removing a spam comment that someone answered, or erasing a commenter's texts, never takes
    other people's words with it.
    """
    doomed = dict(comments.values_list("pk", "parent_id"))
    if not doomed:
        return 0

    def surviving_ancestor(parent_id):
        seen = set()
        while parent_id in doomed and parent_id not in seen:
            seen.add(parent_id)
            parent_id = doomed[parent_id]
        return parent_id

    orphans = Comment.objects.filter(parent_id__in=doomed).exclude(pk__in=doomed)
    for reply_id, parent_id in orphans.values_list("pk", "parent_id"):
        Comment.objects.filter(pk=reply_id).update(parent_id=surviving_ancestor(parent_id))
    article_ids = list(
        Comment.objects.filter(pk__in=doomed, status=CommentStatus.APPROVED).values_list(
            "article_id", flat=True
        )
    )
    deleted, _ = Comment.objects.filter(pk__in=doomed).delete()
    announce_change(article_ids)
    return deleted


def statuses_of(comments: QuerySet) -> dict[int, tuple[str, str]]:
    """Return each comment's (status, previous status): what an Undo puts back."""
    return {
        pk: (status, previous)
        for pk, status, previous in comments.values_list("pk", "status", "previous_status")
    }


@transaction.atomic
def put_back(statuses: dict[int, tuple[str, str]]) -> int:
    """Give comments back the statuses `statuses_of` read before an action; return how many."""
    now = timezone.now()
    article_ids, changed = [], 0
    by_status: dict[tuple[str, str], list[int]] = {}
    for pk, (status, previous) in statuses.items():
        if status in CommentStatus.values and previous in ("", *CommentStatus.values):
            by_status.setdefault((status, previous), []).append(int(pk))
    for (status, previous), ids in by_status.items():
        selection = Comment.objects.filter(pk__in=ids).exclude(status=status)
        article_ids += selection.values_list("article_id", flat=True)
        changed += selection.update(status=status, previous_status=previous, status_changed_at=now)
    announce_change(article_ids)
    return changed
