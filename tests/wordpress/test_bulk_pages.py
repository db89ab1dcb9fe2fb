"""New pages written a batch at a time are what Wagtail's page-by-page path writes.

The same export is imported twice in one test, page by page (add_child, save_revision, publish)
and in bulk, the first import rolled back before the second. Ids differ between the two on
PostgreSQL (sequences do not roll back), and block ids and translation keys are random, so every
object is named by what a reader or an editor knows it by: a page by its address, a contributor
or topic by its name, a comment by its WordPress id.
"""

import json
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.models import IndexEntry

from dateline.comments.models import Comment
from dateline.core.models import NewsImage
from dateline.news.models import ArticleCredit, ArticlePage, ArticleTag, Contributor
from dateline.publish import changes
from dateline.search.query import ranked_matches
from dateline.wordpress import importer as importer_module
from dateline.wordpress import posts
from dateline.wordpress.models import ImportedObject

from .exports import comment, item, write_export

pytestmark = pytest.mark.django_db

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SEARCHES = ["rice", "Hyesan", "시장", "fuel", "border", "story", "prices"]


class _RolledBack(Exception):
    pass


def imported_twice(run, *args, **options):
    """Import page by page, note the site, roll back; import in bulk; return both notes."""
    seen = {}
    for bulk in (False, True):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(posts, "WRITE_NEW_PAGES_IN_BULK", bulk)
            try:
                with transaction.atomic():
                    started = timezone.now()
                    run(*args, **options)
                    seen[bulk] = site_state(started)
                    if not bulk:
                        raise _RolledBack
            except _RolledBack:
                pass
    return seen[False], seen[True]


class Names:
    """Names for the ids of this database's objects, the same in both imports."""

    def __init__(self, started):
        self.started = started
        self.pages = dict(Page.objects.values_list("pk", "url_path"))
        self.keys = {
            str(k): url for k, url in Page.objects.values_list("translation_key", "url_path")
        }
        self.by_model = {
            "page": self.pages,
            "articlepage": self.pages,
            "standardpage": self.pages,
            "sectionpage": self.pages,
            "homepage": self.pages,
            "contributor": dict(Contributor.objects.values_list("pk", "name")),
            "newsimage": dict(NewsImage.objects.values_list("pk", "title")),
            "tag": dict(Tag.objects.values_list("pk", "name")),
            "comment": dict(Comment.objects.values_list("pk", "import_key")),
            "redirect": dict(Redirect.objects.values_list("pk", "old_path")),
            "articlecredit": {
                pk: (self.pages[article], sort)
                for pk, article, sort in ArticleCredit.objects.values_list(
                    "pk", "article_id", "sort_order"
                )
            },
            "articletag": {
                pk: (self.pages[article], tag)
                for pk, article, tag in ArticleTag.objects.values_list(
                    "pk", "content_object_id", "tag__name"
                )
            },
        }

    def of(self, model: str, pk):
        names = self.by_model.get(model)
        return names.get(int(pk), pk) if names is not None else pk

    def date(self, value):
        """WordPress's dates as they are; the import's own moment as "now"."""
        if value is not None and value >= self.started:
            return "now"
        return value

    def content(self, content: dict) -> dict:
        """A revision's content with its ids replaced by names and its block ids left out."""
        named = dict(content)
        named["pk"] = self.pages[content["pk"]]
        named["translation_key"] = self.keys[str(content["translation_key"])]
        if "body" in content:
            named["body"] = _named_blocks(self, json.loads(content["body"]))
        if named.get("hero_image"):
            named["hero_image"] = self.of("newsimage", named["hero_image"])
        named["credits"] = [
            (self.of("contributor", credit["contributor"]), credit["role"], credit["sort_order"])
            for credit in content.get("credits", [])
        ]
        named["tagged_items"] = [
            self.of("tag", tagged["tag"]) for tagged in content.get("tagged_items", [])
        ]
        return named

    def key(self, key: str) -> str:
        """A re-bake key with its ids named."""
        kind, *parts = key.split(":")
        if "." in kind:  # an object's key: "news.contributor:3"
            return f"{kind}:{self.of(kind.split('.')[1], parts[0])}"
        if kind == "translations":
            return f"{kind}:{self.keys[parts[0]]}"
        if kind in ("articles-by", "articles-tagged"):
            model = "contributor" if kind == "articles-by" else "tag"
            return f"{kind}:{self.pages[int(parts[0])]}:{self.of(model, parts[1])}"
        return ":".join(
            [kind, *(str(self.pages.get(int(p), p)) if p.isdigit() else p for p in parts)]
        )


def _named_blocks(names, blocks):
    """Body blocks without their random ids, their pictures named by title."""
    if isinstance(blocks, list):
        return [_named_blocks(names, block) for block in blocks]
    if isinstance(blocks, dict):
        return {
            key: names.of("newsimage", value)
            if key == "image" and isinstance(value, int)
            else _named_blocks(names, value)
            for key, value in blocks.items()
            if key != "id"
        }
    return blocks


def site_state(started) -> dict:
    """Return everything the import wrote that a reader or an editor could tell apart."""
    names = Names(started)
    pages = {}
    for page in Page.objects.filter(depth__gt=1).specific().order_by("path"):
        fields = {
            name: getattr(page, name)
            for name in (
                "path", "depth", "numchild", "title", "draft_title", "slug", "live",
                "has_unpublished_changes", "expired", "go_live_at", "locale_id",
                "show_in_menus", "content_type_id", "owner_id", "locked",
            )
        }  # fmt: skip
        fields.update(
            translation_key=names.keys[str(page.translation_key)],
            first_published_at=names.date(page.first_published_at),
            last_published_at=names.date(page.last_published_at),
            latest_revision_created_at=names.date(page.latest_revision_created_at),
            latest_is_live=page.latest_revision_id == page.live_revision_id,
            url=page.url,
        )
        if isinstance(page, ArticlePage):
            fields.update(
                standfirst=page.standfirst,
                hero=names.of("newsimage", page.hero_image_id) if page.hero_image_id else None,
                hero_alt=page.hero_alt,
                hero_caption=page.hero_caption,
                body=_named_blocks(names, page.body.get_prep_value()),
                comments_open=page.comments_open,
                credits=[
                    (credit.contributor.name, credit.role, credit.sort_order)
                    for credit in page.credits.order_by("pk")
                ],
                topics=sorted(page.tags.values_list("name", flat=True)),
            )
        revisions = Revision.objects.filter(object_id=str(page.pk), base_content_type__model="page")
        fields["revisions"] = [
            (
                names.content(revision.content),
                revision.object_str,
                revision.content_type_id,
                revision.approved_go_live_at,
                revision.user_id,
                names.date(revision.created_at),
                revision.pk == page.latest_revision_id,
            )
            for revision in revisions.order_by("created_at", "pk")
        ]
        fields["log"] = [
            (entry.action, entry.label, entry.content_changed, entry.user_id, entry.data,
             entry.revision_id == page.latest_revision_id if entry.revision_id else None,
             entry.content_type_id)
            for entry in PageLogEntry.objects.filter(page_id=page.pk).order_by("timestamp", "pk")
        ]  # fmt: skip
        pages[page.url_path] = fields
    comments = sorted(
        (
            row["import_key"],
            names.pages[row["article_id"]],
            names.of("comment", row["parent_id"]) if row["parent_id"] else None,
            *(
                row[name]
                for name in ("status", "text", "author_name", "author_email", "author_url")
            ),
            row["created_at"],
            row["address_hash"],
            row["address_network"],
        )
        for row in Comment.objects.values()
    )
    redirects = sorted(
        (
            r.old_path,
            r.site_id,
            names.pages.get(r.redirect_page_id),
            r.is_permanent,
            r.redirect_link,
        )
        for r in Redirect.objects.all()
    )
    references = sorted(
        (
            row["content_type__model"],
            str(names.of(row["content_type__model"], row["object_id"])),
            row["to_content_type__model"],
            str(names.of(row["to_content_type__model"], row["to_object_id"])),
            row["model_path"],
            _named_path(names, row["content_path"]),
        )
        for row in ReferenceIndex.objects.values(
            "content_type__model", "object_id", "to_content_type__model", "to_object_id",
            "model_path", "content_path",
        )
    )  # fmt: skip
    imported = sorted(
        (kind, wordpress_id, names.pages[pk] if kind == "post" else None)
        for kind, wordpress_id, pk in ImportedObject.objects.values_list(
            "kind", "wordpress_id", "object_id"
        )
    )
    # Compared as what each search finds, not in ranked order: the search backends weigh a title
    # by `title_norm`, which is set from the titles indexed before it (on SQLite and PostgreSQL
    # alike), so near-equal scores depend on the order pages were indexed in, and on any entries
    # already in the index. The index entries themselves are compared below.
    searches = {
        words: sorted(names.pages[match.pk] for match in ranked_matches(words))
        for words in SEARCHES
    }
    return {
        "pages": pages,
        "comments": comments,
        "redirects": redirects,
        "references": references,
        "imported": imported,
        "searches": searches,
        "search index": _index_entries(names),
    }


def _index_entries(names) -> list:
    """Every search index entry: what it indexes, by name, and its words (its ids left out).

    `title_norm` is left out with the ids: it is computed from the titles indexed so far.
    """
    entries = []
    for row in IndexEntry.objects.values():
        model = ContentType.objects.get_for_id(row["content_type_id"]).model
        ignored = ("id", "content_type_id", "object_id", "title_norm")
        words = sorted((name, str(value)) for name, value in row.items() if name not in ignored)
        entries.append((model, str(names.of(model, row["object_id"])), words))
    return sorted(entries)


def _named_path(names, content_path: str) -> str:
    """A reference's content path ("credits.12.contributor") with its child's id named."""
    parts = content_path.split(".")
    if len(parts) == 3 and parts[1].isdigit():
        model = {"credits": "articlecredit", "tagged_items": "articletag"}.get(parts[0])
        parts[1] = str(names.of(model, parts[1])) if model else parts[1]
    return UUID.sub("<block>", ".".join(parts))


def assert_same(page_by_page: dict, bulk: dict) -> None:
    for part in page_by_page:
        assert bulk[part] == page_by_page[part], part
    assert bulk["pages"], "nothing was imported"


@pytest.fixture
def small_batches(monkeypatch):
    """Commit every few items, so the export spans several batches and a batch holds several pages."""
    monkeypatch.setattr(importer_module, "BATCH_SIZE", 4)


def test_the_newsroom_imports_the_same_in_bulk_as_page_by_page(run_import, uploads, small_batches):
    page_by_page, bulk = imported_twice(run_import, "newsroom.xml", uploads=uploads)

    assert_same(page_by_page, bulk)
    assert sum(page["live"] for page in bulk["pages"].values()) >= 4
    assert any(bulk["searches"].values())


def test_many_posts_with_comments_and_taken_slugs_import_the_same(
    run_import, tmp_path, small_batches
):
    export = write_export(
        tmp_path / "many.xml",
        *(
            item(
                number,
                slug="same-slug" if number % 3 == 0 else "",
                extra=comment(100 + number, f"Reader {number}") if number % 2 else "",
            )
            for number in range(1, 12)
        ),
        item(20, post_type="page", slug="about"),
        item(21, post_type="page", slug="search"),
        item(22, post_type="page", slug="about"),
    )
    page_by_page, bulk = imported_twice(run_import, export)

    assert_same(page_by_page, bulk)
    assert "/home/news/same-slug-3/" in bulk["pages"]
    assert "/home/search-2/" in bulk["pages"]


def test_a_bulk_import_reaches_the_bake_as_one_burst_per_batch(
    run_import, tmp_path, small_batches, monkeypatch, settings, django_capture_on_commit_callbacks
):
    """What the re-bake hears of a batch of new pages is what it heard of them one by one."""
    settings.DATELINE_BAKE = True
    monkeypatch.setattr(changes, "site_is_baked", lambda: True)
    export = write_export(tmp_path / "many.xml", *(item(number) for number in range(1, 8)))
    bursts = {}
    for bulk in (False, True):
        stored = bursts[bulk] = []
        monkeypatch.setattr(changes, "_store_and_queue", stored.append)
        monkeypatch.setattr(posts, "WRITE_NEW_PAGES_IN_BULK", bulk)
        try:
            with transaction.atomic():
                with django_capture_on_commit_callbacks(execute=True):
                    run_import(export)
                names = Names(timezone.now())
                bursts[bulk] = [{names.key(key) for key in keys} for keys in stored]
                if not bulk:
                    raise _RolledBack
        except _RolledBack:
            pass

    every_key = set().union(*bursts[False])
    assert set().union(*bursts[True]) == every_key
    assert "page:/home/news/story-7/" in every_key
    stories = [keys for keys in bursts[True] if any("/home/news/story-" in key for key in keys)]
    assert len(stories) == 2  # seven posts in two batches (the first also makes the section)
    assert len(bursts[True]) < len(bursts[False])
