"""Posts → articles, pages → plain pages, with their comments and the redirects from old links.

Statuses: publish → published, keeping WordPress's publication and modification dates; future →
scheduled for its date; draft, pending and private → drafts. A password-protected post becomes a
draft too: publishing it openly would expose what its author chose to protect. Trash and
auto-drafts are skipped, as is every post type but posts, pages and attachments.
"""

from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from dateline.comments.characters import imported_name
from dateline.comments.models import Comment, CommentStatus
from dateline.news.models import (
    ArticleCredit,
    ArticlePage,
    CreditRole,
    StandardPage,
    refresh_listing_rows,
)

from .content import BodyConverter, comment_text, plain_text
from .keys import fingerprint, free_slug, slug_from, why_renamed
from .models import ImportedObject
from .records import Comment as CommentRecord
from .records import Item
from .redirects import redirect_old_links

Kind = ImportedObject.Kind
STANDFIRST_LENGTH = 400
DERIVED_STANDFIRST_LENGTH = 300
PAGE_CLASSES = {"post": ArticlePage, "page": StandardPage}
DRAFT_STATUSES = frozenset({"draft", "pending", "private"})
COMMENT_STATUSES = {
    "1": CommentStatus.APPROVED,
    "approve": CommentStatus.APPROVED,
    "0": CommentStatus.PENDING,
    "hold": CommentStatus.PENDING,
    "spam": CommentStatus.SPAM,
    "trash": CommentStatus.TRASH,
    "post-trashed": CommentStatus.TRASH,
}
PINGS = frozenset({"pingback", "trackback"})
# Stored on the site, so written in the edition's language (see `in_edition_language`).
UNTITLED = gettext_lazy("(untitled)")
# New pages go through `new_pages` a batch at a time; False sends each through Wagtail's
# add_child, save_revision and publish (the slow path the bulk one is tested against).
WRITE_NEW_PAGES_IN_BULK = True
ANONYMOUS = gettext_lazy("Anonymous")


class SkipItem(Exception):
    """The item is not imported; the message says why."""


def shorten(text: str, limit: int) -> str:
    """Cut text to the limit at a sentence end if one is near, else at a word, marking the cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    sentence_end = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "), cut.rfind("다. "))
    if sentence_end > limit // 2:
        return cut[: sentence_end + 1].strip()
    word_end = cut.rfind(" ")
    return (cut[:word_end] if word_end > limit // 2 else cut).rstrip(" ,;:") + "…"


class PostImporter:
    """Import the posts and pages of one run; shares the run's keys, report and sections."""

    def __init__(self, run):
        self.run = run
        self.report = run.report

    def import_item(self, item: Item) -> None:
        page_class = PAGE_CLASSES.get(item.post_type)
        if page_class is None:
            raise SkipItem(_("post type “%s” is not imported.") % item.post_type)
        mode = self._mode(item)
        body = BodyConverter(self.run.images, self.run.site_url).convert(item.content)
        for message, count in body.warnings.items():
            self.report.warn(
                item.label, message + (f" ({count} times)" if count > 1 else ""), item.line
            )
        title = plain_text(item.title)[:255] or self.run.in_edition_language(UNTITLED)
        fields = {"title": title, "body": body.blocks}
        if page_class is ArticlePage:
            parent = self._section(item)
            fields.update(self._article_fields(item, body.first_paragraph, title))
            author = self.run.contributor_for(item.creator) if item.creator else None
            topics = [
                topic
                for category in item.categories
                if category.domain == "post_tag"
                for topic in [self.run.topic(plain_text(category.name) or category.slug)]
                if topic is not None
            ]
        else:
            parent = self.run.home
            author, topics = None, []
            if item.meta.get("_thumbnail_id"):
                self.report.warn(
                    item.label,
                    _("a page has no hero image; its featured image was left out."),
                    item.line,
                )
        first, last = self._dates(item, mode)
        wanted_slug = self._wanted_slug(item)
        digest = fingerprint(
            fields,
            mode,
            parent.pk,
            wanted_slug,
            first,
            last,
            author and author.pk,
            sorted(topic.pk for topic in topics),
        )
        known = self.run.mapping(Kind.POST, item.wordpress_id)
        page = Page.objects.filter(pk=known.object_id).first() if known else None
        if page is not None:
            page = page.specific
            if not isinstance(page, page_class):
                raise SkipItem(
                    _(
                        "it was imported before as a %(old)s and is now a %(new)s; delete the old one first."
                    )
                    % {"old": page._meta.verbose_name, "new": page_class._meta.verbose_name}
                )
        kind = "article" if page_class is ArticlePage else "page"
        if page is not None and known.fingerprint == digest:
            self.report.count(kind, "unchanged")
        else:
            outcome = "created" if page is None else "updated"
            if page is None and mode != "scheduled" and WRITE_NEW_PAGES_IN_BULK:
                page = self._write_new(
                    item, page_class, parent, wanted_slug, fields, author, topics
                )
                self.run.new_pages.write(page, parent, live=mode == "live", first=first, last=last)
            else:
                page = self._save(
                    page, page_class, parent, wanted_slug, fields, author, topics, mode, item
                )
                self._set_dates(page, mode, first, last)
            self.report.count(kind, outcome)
        self.run.remember(Kind.POST, item.wordpress_id, page.pk, digest, known)
        if page_class is ArticlePage:
            self._comments(item, page)
        elif item.comments:
            self.report.warn(
                item.label,
                _("%d comments left out: Dateline takes comments on articles only.")
                % len(item.comments),
                item.line,
            )
        if mode != "draft":
            redirect_old_links(self.run, item, page)

    # What the page is made of -----------------------------------------------------------------

    def _mode(self, item: Item) -> str:
        status = item.status or "draft"
        if status == "trash":
            raise SkipItem(_("it is in WordPress's trash."))
        if status in ("auto-draft", "inherit"):
            raise SkipItem(_("it is a WordPress auto-draft, never saved by its author."))
        if item.password.strip():
            self.report.warn(
                item.label,
                _("it is password-protected in WordPress, so it was imported as a draft."),
                item.line,
            )
            return "draft"
        if status == "publish":
            return "live"
        if status == "future":
            return "scheduled" if item.date and item.date > timezone.now() else "live"
        if status not in DRAFT_STATUSES:
            self.report.warn(
                item.label,
                _("its status “%s” is unknown; it was imported as a draft.") % status,
                item.line,
            )
        return "draft"

    def _section(self, item: Item):
        for category in item.categories:
            if category.domain == "category" and category.slug:
                return self.run.section_for_slug(unquote(category.slug), name=category.name)
        return self.run.uncategorized_section()

    def _article_fields(self, item: Item, first_paragraph: str, title: str) -> dict:
        standfirst = plain_text(item.excerpt)
        if not standfirst:
            standfirst = shorten(first_paragraph, DERIVED_STANDFIRST_LENGTH)
            if standfirst:
                self.report.warn(
                    item.label,
                    _("it has no excerpt; the standfirst was taken from its first paragraph."),
                    item.line,
                )
            else:
                standfirst = title
                self.report.warn(
                    item.label,
                    _("it has no excerpt and no text; the standfirst repeats the headline."),
                    item.line,
                )
        elif len(standfirst) > STANDFIRST_LENGTH:
            standfirst = shorten(standfirst, STANDFIRST_LENGTH)
            self.report.warn(
                item.label, _("its excerpt was shortened to fit the standfirst."), item.line
            )
        fields = {
            "standfirst": standfirst,
            "comments_open": item.comment_status == "open",
            "hero_image_id": None,
            "hero_alt": "",
            "hero_caption": "",
        }
        thumbnail = item.meta.get("_thumbnail_id", "").strip()
        if thumbnail.isdigit():
            hero = self.run.images.lookup_attachment(int(thumbnail))
            if hero is None:
                self.report.warn(
                    item.label,
                    _("its featured image (attachment %s) was not imported.") % thumbnail,
                    item.line,
                )
            elif not hero.alt:
                self.report.warn(
                    item.label,
                    _(
                        "its featured image has no alt text, so it is in the image library but not set as the hero: describe it and choose it."
                    ),
                    item.line,
                )
            else:
                fields.update(
                    hero_image_id=hero.image_id,
                    hero_alt=hero.alt[:300],
                    hero_caption=hero.caption[:500],
                )
        return fields

    def _wanted_slug(self, item: Item) -> str:
        return slug_from(item.slug or item.title, f"{item.post_type}-{item.wordpress_id}")

    def _dates(self, item: Item, mode: str):
        if mode == "draft":
            return None, None
        first = item.date
        if first is None:
            # Dated by Wagtail when first published; a re-import then finds it unchanged.
            self.report.warn(item.label, _("it has no date; it is dated when imported."), item.line)
            return None, None
        last = item.modified if item.modified and item.modified > first else first
        return first, last

    # Saving -------------------------------------------------------------------------------------

    def _write_new(self, item, page_class, parent, wanted_slug, fields, author, topics):
        """Return a new page ready for `NewPages.write`: slug free, credits and topics set."""
        page = page_class(locale=self.run.home.locale, live=False, **fields)
        page.slug = free_slug(parent, wanted_slug)
        self._warn_slug(item, parent, page.slug, wanted_slug)
        if page_class is ArticlePage:
            self._set_credits_and_topics(page, author, topics)
        return page

    def _save(self, page, page_class, parent, wanted_slug, fields, author, topics, mode, item):
        new = page is None
        if new:
            parent.refresh_from_db()
            page = page_class(locale=self.run.home.locale, live=False, **fields)
            page.slug = free_slug(parent, wanted_slug)
            self._warn_slug(item, parent, page.slug, wanted_slug)
            if page_class is ArticlePage:
                self._set_credits_and_topics(page, author, topics)
            parent.add_child(instance=page)
        else:
            if page.get_parent().pk != parent.pk:
                slug = free_slug(parent, page.slug)
                if slug != page.slug:
                    page.slug = slug
                    page.save(clean=False)
                page.move(parent, pos="last-child")
                page = Page.objects.get(pk=page.pk).specific
            for name, value in fields.items():
                setattr(page, name, value)
            page.slug = free_slug(parent, wanted_slug, exclude_pk=page.pk)
            if page_class is ArticlePage:
                self._set_credits_and_topics(page, author, topics)
        page.go_live_at = item.date if mode == "scheduled" else None
        # A new page was validated when add_child() saved it; an updated one is validated here.
        revision = page.save_revision(clean=not new)
        if mode in ("live", "scheduled"):
            revision.publish()
        elif page.live:
            page.unpublish()
        return page

    def _warn_slug(self, item: Item, parent, slug: str, wanted: str) -> None:
        reason = why_renamed(parent, wanted, slug)
        if reason:
            self.report.warn(item.label, reason, item.line)

    def _set_credits_and_topics(self, page, author, topics) -> None:
        imported = self.run.imported_contributor_ids()
        credits = [
            credit
            for credit in page.credits.all()
            if not (credit.role == CreditRole.WRITER and credit.contributor_id in imported)
        ]
        if author is not None:
            credits.append(ArticleCredit(contributor=author, role=CreditRole.WRITER))
        for order, credit in enumerate(credits):
            # Numbered, not left empty: an unsaved credit sorts first in a revision (modelcluster
            # puts an empty key first) but is stored last, and the editor's next save keeps the
            # revision's order, so the byline would change under them.
            credit.sort_order = order
        page.credits = credits
        page.tags.set(topics)

    def _set_dates(self, page, mode: str, first, last) -> None:
        """Give a published page WordPress's dates, not the moment of the import."""
        if mode != "live" or first is None:
            return
        Page.objects.filter(pk=page.pk).update(
            first_published_at=first, last_published_at=last, latest_revision_created_at=last
        )
        refresh_listing_rows([page.pk])
        page.first_published_at, page.last_published_at = first, last

    # Comments -----------------------------------------------------------------------------------

    def _comments(self, item: Item, article: ArticlePage) -> None:
        if not item.comments:
            return
        source = self.run.site_key
        existing = {
            comment.import_key: comment
            for comment in Comment.objects.imported(
                source, [record.wordpress_id for record in item.comments]
            )
        }
        made: dict[int, Comment] = {}
        new: list[Comment] = []
        for record in _parents_first(item.comments):
            subject = _("comment %(id)d on %(item)s") % {
                "id": record.wordpress_id,
                "item": item.label,
            }
            if record.comment_type in PINGS:
                self.report.pings_skipped += 1
                continue
            if record.comment_type not in ("", "comment"):
                self.report.skip(
                    subject,
                    _("comments of type “%s” are not imported.") % record.comment_type,
                    item.line,
                )
                continue
            status = COMMENT_STATUSES.get(record.approved)
            if status is None:
                self.report.skip(
                    subject, _("its status “%s” is unknown.") % record.approved, item.line
                )
                continue
            text = comment_text(record.content)
            if not text:
                self.report.skip(subject, _("it has no text."), item.line)
                continue
            parent = None
            if record.parent_id:
                parent = made.get(record.parent_id)
                if parent is None:
                    self.report.warn(
                        subject,
                        _("it answers a comment that was not imported; it now stands on its own."),
                        item.line,
                    )
            fields = {
                "text": text,
                "author_name": self._name(record, subject, item),
                "author_email": self._email(record, subject, item),
                "author_url": self._website(record, subject, item),
                "parent": parent,
                "status": status,
                "created_at": record.date or item.date or timezone.now(),
            }
            current = existing.get(str(record.wordpress_id))
            if current is not None and current.article_id == article.pk and _same(current, fields):
                made[record.wordpress_id] = current
                self.report.count("comment", "unchanged")
            elif not existing and WRITE_NEW_PAGES_IN_BULK:  # all new: stored together below
                made[record.wordpress_id] = Comment.objects.build_comment(
                    article,
                    import_source=source,
                    import_key=str(record.wordpress_id),
                    client_address=record.author_ip or None,
                    **fields,
                )
                new.append(made[record.wordpress_id])
                self.report.count("comment", "created")
            else:
                made[record.wordpress_id] = self._import_comment(article, record, current, fields)
            self.report.comments_by_status[status] += 1
        Comment.objects.import_new_comments(article, new)

    def _import_comment(self, article, record: CommentRecord, current, fields: dict) -> Comment:
        """Create or update one comment (one of a post imported before), counting which."""
        extra = {} if current is not None else {"client_address": record.author_ip or None}
        comment, created = Comment.objects.import_comment(
            article,
            import_source=self.run.site_key,
            import_key=str(record.wordpress_id),
            **fields,
            **extra,
        )
        self.report.count("comment", "created" if created else "updated")
        return comment

    def _name(self, record: CommentRecord, subject: str, item: Item) -> str:
        """Return the commenter's name under the comment form's rules, or the stand-in name."""
        given = plain_text(record.author)
        name = imported_name(given)
        if name != given.strip():
            self.report.warn(
                subject,
                _(
                    "its name had characters the comment form refuses (invisible, direction "
                    "changing or piled-up marks); they were left out."
                ),
                item.line,
            )
        return (name or self.run.in_edition_language(ANONYMOUS))[:100]

    def _email(self, record: CommentRecord, subject: str, item: Item) -> str:
        email = record.author_email.strip()
        if not email:
            return ""
        try:
            validate_email(email)
        except ValidationError:
            self.report.warn(
                subject, _("its email address is not valid and was left out."), item.line
            )
            return ""
        return email[:254]

    def _website(self, record: CommentRecord, subject: str, item: Item) -> str:
        url = record.author_url.strip()
        if not url or url in ("http://", "https://"):
            return ""
        if urlsplit(url).scheme.lower() not in ("http", "https") or len(url) > 200:
            self.report.warn(
                subject,
                _(
                    "its website address is not an http(s) address of at most 200 characters and was left out."
                ),
                item.line,
            )
            return ""
        return url


def _parents_first(comments) -> list[CommentRecord]:
    """Order comments so that each comes after the one it answers (exports are not always so)."""
    by_id = {comment.wordpress_id: comment for comment in comments}
    ordered, placed = [], set()

    def place(comment, chain=()):
        if comment.wordpress_id in placed:
            return
        parent = by_id.get(comment.parent_id)
        if parent is not None and parent.wordpress_id not in chain and parent is not comment:
            place(parent, (*chain, comment.wordpress_id))
        placed.add(comment.wordpress_id)
        ordered.append(comment)

    for comment in comments:
        place(comment)
    return ordered


def _same(comment: Comment, fields: dict) -> bool:
    for name, value in fields.items():
        if name == "parent":
            if comment.parent_id != (value.pk if value else None):
                return False
        elif getattr(comment, name) != value:
            return False
    return True
