"""Readers' comments and the log of moderation notices.

Creating comments from code (the WordPress importer, scripts, tests) goes through
`Comment.objects.create_comment()`, `Comment.objects.import_comment()` or
`Comment.objects.build_comment()` then `import_new_comments()`: all take the RAW client
address and store only its keyed hash and anonymised network (see `addresses.py`), so no caller
can store an IP address by accident.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .characters import imported_name


class CommentStatus(models.TextChoices):
    """Where a comment stands: only APPROVED comments are ever shown to readers."""

    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    SPAM = "spam", _("Spam")
    TRASH = "trash", _("Trash")


def comments_are_open(article, now=None) -> bool:
    """Say whether readers may comment on the article now.

    Closed by the article's own switch, or DATELINE_COMMENTS_CLOSE_AFTER_DAYS after it was first
    published (0: never closes by age).
    """
    if not article.comments_open:
        return False
    days = settings.DATELINE_COMMENTS_CLOSE_AFTER_DAYS
    if days > 0 and article.first_published_at is not None:
        return (now or timezone.now()) < article.first_published_at + timedelta(days=days)
    return True


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=CommentStatus.APPROVED)

    def with_lower_email(self):
        """Return the comments with their email lowered as `email_lower`, as its index has it."""
        return self.alias(email_lower=Lower("author_email"))

    def by_email(self, email: str):
        """Return the comments left with an email address, whatever its letter case."""
        return self.with_lower_email().filter(email_lower=email.strip().lower())

    def imported(self, source: str, keys):
        """Return the comments imported from a source under any of these keys.

        Asked with the unique index's own condition (a key is never empty), so that SQLite reads
        that partial index: without it, it read every comment in the site for each imported post,
        and an import slowed down as the site grew.
        """
        return self.filter(import_source=source, import_key__in=[str(key) for key in keys]).exclude(
            import_key=""
        )


class CommentManager(models.Manager.from_queryset(CommentQuerySet)):
    def create_comment(self, article, **fields) -> "Comment":
        """Store a comment (the fields are `build_comment`'s); return it."""
        comment = self.build_comment(article, **fields)
        comment.save(force_insert=True, using=self.db)
        return comment

    def build_comment(
        self,
        article,
        *,
        text: str,
        author_name: str,
        author_email: str = "",
        author_url: str = "",
        parent: "Comment | None" = None,
        status: str = CommentStatus.PENDING,
        created_at=None,
        client_address: str | None = None,
        import_source: str = "",
        import_key: str = "",
        **extra,
    ) -> "Comment":
        """Return a comment to store, with the raw client address turned into its keyed hash and /24 or /48.

        `client_address` is the reader's IP address as text ("203.0.113.7", "2001:db8::1"); it is
        hashed and anonymised here and never kept. Raise ValueError for a parent on another
        article or an unknown status, so a caller's mistake cannot thread comments across stories.
        """
        from .addresses import stored_address

        if status not in CommentStatus.values:
            raise ValueError(
                f"{status!r} is not a comment status: use one of {CommentStatus.values}."
            )
        if parent is not None and parent.article_id != article.pk:
            raise ValueError("A reply must be on the same article as the comment it answers.")
        created_at = created_at or timezone.now()
        address = stored_address(client_address)
        return self.model(
            article=article,
            parent=parent,
            status=status,
            text=text,
            author_name=author_name,
            author_email=author_email,
            author_url=author_url,
            created_at=created_at,
            status_changed_at=created_at,
            address_hash=address.hash,
            address_network=address.network,
            import_source=import_source,
            import_key=import_key,
            **extra,
        )

    def import_new_comments(self, article, comments: list["Comment"]) -> None:
        """Store built comments (`build_comment`) of one article, each thread level in one insert.

        For an import whose article has none of these comments yet; replies come after the
        comments they answer, which get their ids first.
        """
        wave: list[Comment] = []
        for comment in comments:
            if comment.parent is not None and comment.parent.pk is None:
                self.bulk_create(wave)
                wave = []
            wave.append(comment)
        self.bulk_create(wave)

    @transaction.atomic
    def import_comment(
        self, article, *, import_source: str, import_key: str, **fields
    ) -> tuple["Comment", bool]:
        """Create or update the comment keyed by (import_source, import_key); return (it, created).

        Importing the same export twice therefore changes what changed and duplicates nothing.
        `import_source` names the origin (for WordPress, the site's base URL) and `import_key` the
        comment's id there. Takes the same fields as `create_comment`.
        """
        if not import_source or not import_key:
            raise ValueError("import_comment needs both import_source and import_key.")
        # The form's rule for names holds for imported ones too (see `characters`).
        fields["author_name"] = imported_name(fields.get("author_name", ""))
        if not fields["author_name"]:
            raise ValueError("import_comment needs a name with a visible character.")
        existing = self.select_for_update().imported(import_source, [import_key]).first()
        if existing is None:
            comment = self.create_comment(
                article, import_source=import_source, import_key=str(import_key), **fields
            )
            return comment, True
        from .addresses import stored_address

        if fields.get("status", CommentStatus.PENDING) not in CommentStatus.values:
            raise ValueError(f"{fields['status']!r} is not a comment status.")
        parent = fields.get("parent")
        if parent is not None and parent.article_id != article.pk:
            raise ValueError("A reply must be on the same article as the comment it answers.")
        if "client_address" in fields:
            address = stored_address(fields.pop("client_address"))
            fields.update(address_hash=address.hash, address_network=address.network)
        if "created_at" in fields and fields["created_at"] is not None:
            fields.setdefault("status_changed_at", fields["created_at"])
        existing.article = article
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.save()
        return existing, False


class Comment(models.Model):
    """A reader's comment under an article, or the newsroom's reply to one.

    Public fields (what any reader may see) are listed once, in `privacy.PUBLIC_FIELDS`; every
    public rendering is built from those alone. The email address is stored for moderation,
    notices and the commenter's own data requests, and is never public.

    For importers: `status` takes `CommentStatus` values; `parent` threads a reply (same
    article only); `created_at` keeps the original date; `import_source` + `import_key` identify
    an imported comment (for WordPress: the site's base URL and the comment id) and are unique
    together, so `Comment.objects.import_comment()` can run again without duplicating anything.
    """

    article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="reader_comments",
    )
    # A reply outlives a removed parent: it moves up to the parent's own parent (see
    # `delete_comments`), and SET_NULL is the safety net that keeps a stray delete from taking
    # other people's words with it.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replies",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    # Where "restore" returns a comment from spam or trash.
    previous_status = models.CharField(
        _("status before removal"), max_length=10, choices=CommentStatus.choices, blank=True
    )
    author_name = models.CharField(_("name"), max_length=100)
    author_email = models.EmailField(_("email"), max_length=254, blank=True)
    author_url = models.URLField(_("website"), max_length=200, blank=True)
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    by_newsroom = models.BooleanField(
        _("reply from the newsroom"),
        default=False,
        help_text=_(
            "Written by the newsroom's staff in the admin, shown with the newsroom's name."
        ),
    )
    staff_author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Never an IP address: a keyed hash that stops matching when its key rotates, and the network
    # with the host part cut off (/24, /48).
    address_hash = models.CharField(_("address hash"), max_length=64, blank=True)
    address_network = models.CharField(_("address network"), max_length=49, blank=True)
    # Why a guard held the comment or filed it as spam, as a code and its parameters (see
    # `reasons.py`), so that each moderator reads it in their own language.
    held_code = models.CharField(
        _("why it was held"),
        max_length=40,
        blank=True,
        help_text=_("The spam guard that held the comment for review or filed it as spam."),
    )
    held_params = models.JSONField(_("details of why it was held"), default=dict, blank=True)
    notified_at = models.DateTimeField(_("editors notified"), null=True, blank=True)
    import_source = models.CharField(_("imported from"), max_length=200, blank=True)
    import_key = models.CharField(_("id at the source"), max_length=100, blank=True)

    objects = CommentManager()

    # Not in Wagtail's reference index: a comment is not content that uses its article (it goes
    # with it), and indexing it would queue a task and write index rows on every reader's post.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_thread_idx"),
            models.Index(fields=["status", "created_at"], name="comment_queue_idx"),
            models.Index(fields=["address_hash", "created_at"], name="comment_address_idx"),
            models.Index(Lower("author_email"), name="comment_email_idx"),
            # The moderation notice looks for the oldest comment not yet announced on every post:
            # only those rows are in this index, however many announced ones wait in the queue.
            models.Index(
                fields=["created_at"],
                condition=models.Q(status="pending", notified_at__isnull=True),
                name="comment_unannounced_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["import_source", "import_key"],
                condition=~models.Q(import_key=""),
                name="comment_unique_import_key",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=CommentStatus.values),
                name="comment_status_is_known",
            ),
        ]

    def __str__(self):
        return f"{self.author_name}: {self.text[:60]}"

    def held_reason(self):
        """Return why a guard held the comment, worded in the active language (None if none)."""
        from .reasons import Reason

        return Reason(self.held_code, self.held_params) if self.held_code else None

    def anchor(self) -> str:
        """Return the id of the comment's element on the article page (its permalink fragment)."""
        return f"comment-{self.pk}"


class ModerationNotice(models.Model):
    """One email that told the moderators of new pending comments: the batch clock reads these."""

    sent_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)
    comment_count = models.PositiveIntegerField(_("comments"))
    recipient_count = models.PositiveIntegerField(_("recipients"))

    class Meta:
        verbose_name = _("moderation notice")
        verbose_name_plural = _("moderation notices")
        ordering = ["-sent_at"]

    def __str__(self):
        return f"notice of {self.comment_count} comments at {self.sent_at:%Y-%m-%d %H:%M}"
