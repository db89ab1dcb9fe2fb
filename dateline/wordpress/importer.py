"""Map the records of a WordPress export onto Dateline's models, in batches that commit.

`WordPressImporter.run()` reads the file three times, each time as a stream:
1. a survey that writes nothing: it proves the whole file readable (so a broken file stops the
   run before anything is written) and counts the items for the progress bar;
2. authors, categories, tags and attachments, so that every post finds its section, contributor
   and images already there, whatever order the export lists them in;
3. posts and pages, with their comments and redirects.
Passes 2 and 3 run as a stream of items committed `BATCH_SIZE` at a time: a transaction holds the
database's write lock (all of it, on SQLite) until it ends, so one transaction for the whole run
kept every reader's comment and every editor's save waiting for minutes and then failing. Each
item runs in a savepoint of its own, so one bad item is skipped and reported while the rest is
imported. New pages are written a batch at a time (`new_pages`): their rows as each item is
imported, their revisions, publication and index tasks when the batch's items are done, in the
same transaction. An interrupted run keeps the batches it committed; running it again finds them
unchanged (every object is keyed by its WordPress id) and goes on from there. The files copied
for a batch that did not commit are deleted with it.

A dry run does the same work and rolls each batch back, so it never holds the lock for long
either. What the rolled-back batches made is forgotten and made again when a later batch needs it
(a section for a post), and counted once, so what it reports is what a real run would do.
"""

from itertools import islice
from urllib.parse import unquote

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from taggit.models import Tag as TopicTag
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from dateline.news.listing_index import pages_of_type
from dateline.news.models import Contributor, HomePage, SectionPage

from .batching import BatchIndexes
from .content import ImageRef, plain_text
from .images import ImageLookup, SkipAttachment, StoredFiles, image_fields, locate, store_image
from .keys import fingerprint, free_slug, site_key, slug_from, why_renamed
from .models import ImportedObject, WordPressSite
from .new_pages import NewPages
from .posts import PostImporter, SkipItem
from .records import Author, Category, Channel, Item, Tag, Term, Unreadable
from .report import ImportReport
from .wxr import WXRError, WXRReader

Kind = ImportedObject.Kind
UNCATEGORIZED = gettext_lazy("Uncategorized")
# Items per transaction: enough that committing costs little, few enough that a comment posted
# meanwhile waits a fraction of a second for the write lock.
BATCH_SIZE = 50


class ImportRefused(Exception):
    """The import cannot start (no such edition, no site address); nothing was written."""


class _DryRunRollback(Exception):
    pass


class WordPressImporter:
    def __init__(
        self,
        path,
        *,
        uploads=None,
        language_code: str | None = None,
        dry_run: bool = False,
        site_url: str = "",
        progress=None,
    ):
        self.reader = WXRReader(path, local_timezone=timezone.get_current_timezone())
        self.uploads = uploads
        self.language_code = language_code
        self.dry_run = dry_run
        self.site_url_override = site_url
        self.progress = progress
        self.report = ImportReport(dry_run=dry_run)
        self.categories: dict[str, Category] = {}
        self.sections: dict[str, SectionPage] = {}
        self.contributors: dict[str, Contributor] = {}
        self.topics: dict[str, TopicTag] = {}
        self.contributor_ids: set[int] = set()
        self._all_contributor_ids: set[int] | None = None
        self.site: WordPressSite | None = None
        self.images = ImageLookup()
        self.posts = PostImporter(self)

    # The run ----------------------------------------------------------------------------------

    def run(self) -> ImportReport:
        """Import the file, or raise WXRError / ImportRefused having written nothing."""
        survey = self.reader.survey()
        channel = survey.channel
        self.channel = channel
        self.site_url = self.site_url_override or channel.site_url
        self.site_key = site_key(self.site_url)
        if not self.site_key:
            raise ImportRefused(
                _(
                    "The export does not name its site (no <wp:base_blog_url>, "
                    "<wp:base_site_url> or <link>), so its items cannot be keyed for a later "
                    "re-import. Give the site's address with --site-url."
                )
            )
        self.home = self._edition_home(channel)
        self.report.site_title = channel.title
        self.report.site_key = self.site_key
        self.report.edition = self.home.locale.get_display_name()
        if self.progress is not None:
            self.progress.start(survey.items)
        try:
            jobs = self._jobs()
            while batch := list(islice(jobs, BATCH_SIZE)):
                self._run_batch(batch)
        finally:
            if self.progress is not None:
                self.progress.finish()
        return self.report

    def _run_batch(self, jobs: list[tuple]) -> None:
        """Import some items in one transaction: committed, or rolled back in a dry run.

        Whatever stops the batch (an error, Ctrl+C) rolls it back and deletes the files it
        copied; the batches before it stay committed.
        """
        files = StoredFiles()
        try:
            with files, transaction.atomic():
                try:
                    with BatchIndexes() as self.indexes:
                        self.new_pages = NewPages(self.indexes)
                        if self.site is None:
                            self._start()
                        for subject, line, action, *args in jobs:
                            self._guarded(subject, line, action, *args)
                        self.new_pages.finish()
                    if self.dry_run:
                        raise _DryRunRollback
                except BaseException:
                    files.collect_renditions()
                    raise
        except _DryRunRollback:
            files.delete_all()
            self._forget_rolled_back_work()
        except BaseException:
            files.delete_all()
            raise

    def _forget_rolled_back_work(self) -> None:
        """Drop what points at rows a dry-run batch rolled back; a later batch makes them again."""
        self.site = None
        self.sections, self.contributors, self.topics = {}, {}, {}
        self.contributor_ids, self._all_contributor_ids = set(), None

    def _edition_home(self, channel: Channel) -> HomePage:
        if self.language_code:
            locale = Locale.objects.filter(language_code=self.language_code).first()
            if locale is None:
                raise ImportRefused(
                    _("There is no %(code)s edition. Editions: %(codes)s.")
                    % {
                        "code": self.language_code,
                        "codes": ", ".join(Locale.objects.values_list("language_code", flat=True)),
                    }
                )
        else:
            # The export's language when Dateline has that edition ("ko-KR" → ko), else the default.
            language = channel.language.split("-")[0].lower()
            locale = Locale.objects.filter(language_code=language).first() or Locale.get_default()
        home = pages_of_type(HomePage).filter(locale=locale, depth=2).first()
        if home is None:
            raise ImportRefused(
                _("The %s edition has no home page yet: run `dateline migrate` first.")
                % locale.language_code
            )
        return home

    def _start(self) -> None:
        """Key the run to its site; at the start of the first batch (of each one, in a dry run)."""
        self.site, _created = WordPressSite.objects.get_or_create(
            key=self.site_key, defaults={"title": self.channel.title[:255]}
        )
        if self.site.title != self.channel.title[:255]:
            self.site.title = self.channel.title[:255]
        self.site.save()
        self.images.site = self.site

    def _jobs(self):
        """Yield the writes of passes 2 and 3, one (subject, line, action, *args) per item."""
        for record in self.reader.records(frozenset({"attachment"})):
            if isinstance(record, Author):
                yield record.login, record.line, self.contributor_for, record
            elif isinstance(record, Category):
                self.categories.setdefault(unquote(record.slug), record)
            elif isinstance(record, Tag):
                yield (
                    record.slug,
                    record.line,
                    self.topic,
                    plain_text(record.name) or unquote(record.slug),
                )
            elif isinstance(record, Term):
                self.report.skip(
                    f"{record.taxonomy} “{record.name}”",
                    _("Dateline has no place for terms of this taxonomy."),
                    record.line,
                )
            elif isinstance(record, Unreadable) and record.kind != "item":
                subject = record.kind if record.label == record.kind else record.label
                self.report.skip(subject, record.reason, record.line)
            elif isinstance(record, Item):
                yield record.label, record.line, self._item, self._import_attachment, record
        for slug in list(self.categories):
            yield slug, self.categories[slug].line, self.section_for_slug, slug
        for record in self.reader.records(channel_records=False):
            if isinstance(record, Unreadable):
                self.report.skip(_("item %s") % record.label, record.reason, record.line)
            elif isinstance(record, Item) and record.post_type != "attachment":
                yield record.label, record.line, self._item, self.posts.import_item, record

    def _item(self, action, record) -> None:
        """Import one item of the export, counted on the progress bar."""
        try:
            action(record)
        finally:
            self._advance()

    def in_edition_language(self, text) -> str:
        """Return a translatable text that is stored on the site in the edition's language.

        The summary speaks the operator's language; a section title or a commenter's stand-in
        name is read by the edition's readers.
        """
        with translation.override(self.home.locale.language_code):
            return str(text)

    def _advance(self) -> None:
        if self.progress is not None:
            self.progress.advance()

    def _guarded(self, subject: str, line: int | None, action, *args) -> None:
        """Run one item's import in a savepoint; a failure skips that item and reports why."""
        try:
            with self.indexes.item(), self.new_pages.item(), transaction.atomic():
                action(*args)
        except (SkipItem, SkipAttachment) as skip:
            self.report.skip(subject, str(skip), line)
        except WXRError:
            raise
        except Exception as error:  # one bad item must not sink the export; say what it was
            self.report.skip(
                subject,
                _("could not be imported: %(error)s (%(kind)s)")
                % {"error": error, "kind": type(error).__name__},
                line,
            )

    # Keys -------------------------------------------------------------------------------------

    def mapping(self, kind: str, wordpress_id) -> ImportedObject | None:
        return ImportedObject.objects.filter(
            site=self.site, kind=kind, wordpress_id=str(wordpress_id)
        ).first()

    def remember(self, kind: str, wordpress_id, target_pk: int, digest: str, known=None, **extra):
        """Record (or bring up to date) the key of an imported object; `known` is its old record."""
        if known is None:
            ImportedObject.objects.create(
                site=self.site,
                kind=kind,
                wordpress_id=str(wordpress_id),
                object_id=target_pk,
                fingerprint=digest,
                **extra,
            )
            return
        wanted = {"object_id": target_pk, "fingerprint": digest, **extra}
        if any(getattr(known, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(known, name, value)
            known.save()

    # Contributors, topics, sections ---------------------------------------------------------

    def contributor_for(self, author: Author | str) -> Contributor:
        """Return the contributor for a WordPress author (a record, or a login named by a post)."""
        if isinstance(author, str):
            if author in self.contributors:
                return self.contributors[author]
            author = Author(login=author, display_name="", first_name="", last_name="", line=0)
        name = (plain_text(author.public_name) or author.login)[:120]
        digest = fingerprint(name)
        known = self.mapping(Kind.AUTHOR, author.login)
        contributor = Contributor.objects.filter(pk=known.object_id).first() if known else None
        if contributor is None:
            contributor = Contributor.objects.create(name=name)
            self.report.count_once("contributor", author.login, "created")
        elif known.fingerprint != digest:
            contributor.name = name
            contributor.save()
            self.report.count_once("contributor", author.login, "updated")
        else:
            self.report.count_once("contributor", author.login, "unchanged")
        self.remember(Kind.AUTHOR, author.login, contributor.pk, digest, known)
        self.contributors[author.login] = contributor
        self.contributor_ids.add(contributor.pk)
        return contributor

    def imported_contributor_ids(self) -> set[int]:
        """Return the contributors made from this site's authors (in this run or before)."""
        if self._all_contributor_ids is None:
            self._all_contributor_ids = set(
                ImportedObject.objects.filter(site=self.site, kind=Kind.AUTHOR).values_list(
                    "object_id", flat=True
                )
            )
        return self._all_contributor_ids | self.contributor_ids

    def topic(self, name: str) -> TopicTag | None:
        """Return the topic tag of that name (whatever its letter case), making it if new."""
        name = name.strip()[:100]
        if not name:
            return None
        if name.lower() in self.topics:
            return self.topics[name.lower()]
        tag = TopicTag.objects.filter(name__iexact=name).first()
        if tag is None:
            tag = TopicTag.objects.create(name=name)
            self.report.count_once("tag", name.lower(), "created")
        else:
            self.report.count_once("tag", name.lower(), "unchanged")
        self.topics[name.lower()] = tag
        return tag

    def section_for_slug(self, slug: str, name: str = "", visiting: tuple = ()) -> SectionPage:
        """Return the section made from a category, making its parents first."""
        if slug in self.sections:
            return self.sections[slug]
        category = self.categories.get(slug)
        parent = self.home
        parent_slug = unquote(category.parent_slug) if category and category.parent_slug else ""
        if parent_slug:
            if parent_slug == slug or parent_slug in visiting:
                self.report.warn(
                    _("category %s") % slug,
                    _("its parents form a loop; it was placed at the top."),
                    category.line,
                )
            elif parent_slug in self.categories or self.mapping(Kind.CATEGORY, parent_slug):
                parent = self.section_for_slug(parent_slug, visiting=(*visiting, slug))
            else:
                self.report.warn(
                    _("category %s") % slug,
                    _("its parent “%s” is not in the export; it was placed at the top.")
                    % parent_slug,
                    category.line,
                )
        title = (plain_text(category.name) if category else plain_text(name)) or slug
        intro = plain_text(category.description)[:400] if category else ""
        wanted = slug_from(slug, "section")
        digest = fingerprint(title[:255], intro, parent.pk, wanted)
        known = self.mapping(Kind.CATEGORY, slug)
        section = SectionPage.objects.filter(pk=known.object_id).first() if known else None
        if section is None:
            section = self._adopt_or_make_section(parent, wanted, title[:255], intro)
        elif known.fingerprint != digest:
            if section.get_parent().pk != parent.pk:
                section.move(parent, pos="last-child")
                section.refresh_from_db()
            section.title, section.intro = title[:255], intro
            section.save_revision().publish()
            self.report.count_once("section", slug, "updated")
        else:
            self.report.count_once("section", slug, "unchanged")
        self.remember(Kind.CATEGORY, slug, section.pk, digest, known)
        self.sections[slug] = section
        return section

    def _adopt_or_make_section(self, parent: Page, slug: str, title: str, intro: str):
        """Use the parent's section of that slug if the newsroom made one, else make a new one."""
        mapped = ImportedObject.objects.filter(kind=Kind.CATEGORY).values("object_id")
        existing = (
            SectionPage.objects.child_of(parent).filter(slug=slug).exclude(pk__in=mapped).first()
        )
        if existing is not None:
            self.report.count_once("section", slug, "unchanged")
            return existing
        parent.refresh_from_db()
        free = free_slug(parent, slug)
        reason = why_renamed(parent, slug, free)
        if reason:
            self.report.warn(_("category %s") % slug, reason)
        section = SectionPage(
            title=title,
            slug=free,
            intro=intro,
            locale=self.home.locale,
            show_in_menus=parent.pk == self.home.pk,
            live=False,
        )
        parent.add_child(instance=section)
        section.save_revision().publish()
        self.report.count_once("section", slug, "created")
        return section

    def uncategorized_section(self) -> SectionPage:
        return self.section_for_slug("uncategorized", name=self.in_edition_language(UNCATEGORIZED))

    # Attachments ------------------------------------------------------------------------------

    def _import_attachment(self, item: Item) -> None:
        found = locate(self.uploads, item)
        fields = image_fields(item)
        digest = fingerprint(fields, found.digest)
        known = self.mapping(Kind.ATTACHMENT, item.wordpress_id)
        image_model = get_image_model()
        image = image_model.objects.filter(pk=known.object_id).first() if known else None
        if image is not None and known.fingerprint == digest:
            self.report.count("image", "unchanged")
        else:
            outcome = "updated" if image is not None else "created"
            image = store_image(image or image_model(), found, fields, dry_run=self.dry_run)
            self.report.count("image", outcome)
            self.remember(
                Kind.ATTACHMENT,
                item.wordpress_id,
                image.pk,
                digest,
                known,
                source_path=found.relative[:255],
                caption=fields["caption"],
            )
        reference = ImageRef(image.pk, alt=fields["description"], caption=fields["caption"])
        self.images.note(item.wordpress_id, found.relative[:255], reference)
