"""`dateline comments list|set-status|purge`: the moderation queue for operators' scripts."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dateline.comments.models import Comment, CommentStatus
from dateline.comments.moderation import set_status
from dateline.comments.retention import purge


def _row(comment: Comment) -> dict:
    """Return one comment for scripts; not public: it carries the commenter's email."""
    return {
        "id": comment.pk,
        "article_id": comment.article_id,
        "article_url": comment.article.full_url,
        "status": comment.status,
        "name": comment.author_name,
        "email": comment.author_email,
        "created_at": comment.created_at.isoformat(),
        "parent_id": comment.parent_id,
        "text": comment.text,
    }


class Command(BaseCommand):
    help = gettext_lazy(
        "List comments, change their status, or purge old spam, trash and unhandled ones."
    )

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="COMMAND")
        listing = commands.add_parser("list", help=gettext_lazy("List comments, newest first."))
        listing.add_argument("--status", choices=CommentStatus.values)
        listing.add_argument("--article", type=int, metavar="PAGE_ID")
        listing.add_argument(
            "--json",
            dest="as_json",
            action="store_true",
            help=gettext_lazy("Print JSON (with emails: keep it private)."),
        )
        setting = commands.add_parser(
            "set-status",
            help=gettext_lazy("Give comments a status: pending, approved, spam, trash."),
        )
        setting.add_argument("status", choices=CommentStatus.values)
        setting.add_argument("ids", type=int, nargs="+", metavar="ID")
        purging = commands.add_parser(
            "purge",
            help=gettext_lazy(
                "Delete spam and trash, and pending comments nobody handled, past their retention."
            ),
        )
        purging.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext_lazy("Count what would go, delete nothing."),
        )

    def handle(self, *args, subcommand, **options):
        getattr(self, "_" + subcommand.replace("-", "_"))(**options)

    def _list(self, *, status, article, as_json, **options):
        comments = Comment.objects.select_related("article").order_by("-created_at", "-pk")
        if status:
            comments = comments.filter(status=status)
        if article is not None:
            comments = comments.filter(article_id=article)
        rows = [_row(comment) for comment in comments.iterator(chunk_size=500)]
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            excerpt = " ".join(row["text"].split())[:60]
            self.stdout.write(
                f"{row['id']:>7}  {row['status']:<8}  {row['created_at'][:16]}  "
                f"article {row['article_id']:<6}  {row['name']} <{row['email']}>  {excerpt}"
            )

    def _set_status(self, *, status, ids, **options):
        found = set(Comment.objects.filter(pk__in=ids).values_list("pk", flat=True))
        missing = sorted(set(ids) - found)
        if missing:
            raise CommandError(
                _("No comment has the id %(ids)s; nothing was changed.")
                % {"ids": ", ".join(map(str, missing))}
            )
        changed = set_status(ids, status)
        self.stdout.write(
            _("%(changed)d of %(count)d comments now %(status)s.")
            % {"changed": changed, "count": len(found), "status": status}
        )

    def _purge(self, *, dry_run, **options):
        report = purge(dry_run=dry_run)
        message = (
            _("Would delete %(removed)d spam or trash and %(pending)d unhandled pending comments.")
            if dry_run
            else _("Deleted %(removed)d spam or trash and %(pending)d unhandled pending comments.")
        )
        self.stdout.write(message % {"removed": report.removed, "pending": report.pending})
