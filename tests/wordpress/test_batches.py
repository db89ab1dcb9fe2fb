"""An import in batches that commit: interrupted, resumed, dry-run, and its uploads kept in bounds."""

from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from PIL import Image

from dateline.comments.models import Comment
from dateline.core.models import NewsImage
from dateline.news.models import ArticlePage, SectionPage, StandardPage
from dateline.wordpress import images as image_files
from dateline.wordpress import importer as importer_module
from dateline.wordpress.posts import PostImporter

from .conftest import paint
from .exports import attachment, category, comment, item, write_export

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_batches(monkeypatch):
    """Commit every few items, so a short export spans several batches."""
    monkeypatch.setattr(importer_module, "BATCH_SIZE", 4)


def media_files(settings) -> set[str]:
    return {path.name for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()}


def interrupt_at(monkeypatch, wordpress_id: int) -> None:
    """Make the import stop as Ctrl+C would while it imports one post."""
    import_item = PostImporter.import_item

    def interrupted(self, record):
        if record.wordpress_id == wordpress_id:
            raise KeyboardInterrupt
        return import_item(self, record)

    monkeypatch.setattr(PostImporter, "import_item", interrupted)


def test_an_interrupted_import_keeps_the_batches_it_committed(
    run_import, tmp_path, small_batches, monkeypatch
):
    export = write_export(tmp_path / "many.xml", *(item(number) for number in range(1, 21)))
    # Jobs: the "news" section, then posts 1-20, four to a batch: post 13 is in the fourth.
    interrupt_at(monkeypatch, 13)
    with pytest.raises(KeyboardInterrupt):
        run_import(export)
    titles = set(ArticlePage.objects.values_list("title", flat=True))
    assert titles == {f"Story {number}" for number in range(1, 12)}


def test_an_interrupted_import_resumes_without_duplicates(
    run_import, tmp_path, small_batches, monkeypatch
):
    export = write_export(tmp_path / "many.xml", *(item(number) for number in range(1, 21)))
    interrupt_at(monkeypatch, 13)
    with pytest.raises(KeyboardInterrupt):
        run_import(export)
    monkeypatch.undo()
    monkeypatch.setattr(importer_module, "BATCH_SIZE", 4)

    report = run_import(export)

    assert report.counts["article"] == {"unchanged": 11, "created": 9}
    assert ArticlePage.objects.count() == 20
    assert sorted(ArticlePage.objects.values_list("slug", flat=True)) == sorted(
        f"story-{number}" for number in range(1, 21)
    )
    assert not run_import(export).changed_anything


def test_an_interrupted_import_removes_the_files_of_the_batch_it_did_not_commit(
    run_import, tmp_path, settings, monkeypatch
):
    monkeypatch.setattr(importer_module, "BATCH_SIZE", 2)
    uploads = tmp_path / "uploads"
    for number in (1, 2, 3):
        paint(uploads / f"2024/03/photo{number}.jpg", colour=(number * 40, 0, 0))
    export = write_export(
        tmp_path / "pictures.xml",
        *(attachment(100 + number, f"2024/03/photo{number}.jpg") for number in (1, 2, 3)),
    )
    store_image = image_files.store_image
    stored = []

    def store_then_interrupt(image, found, fields, **options):
        image = store_image(image, found, fields, **options)
        stored.append(image)
        if len(stored) == 3:  # the third picture, alone in the second batch, is copied...
            raise KeyboardInterrupt  # ...and the operator presses Ctrl+C
        return image

    monkeypatch.setattr(importer_module, "store_image", store_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        run_import(export, uploads=uploads)

    names = {Path(name).name for name in NewsImage.objects.values_list("file", flat=True)}
    assert names == {"photo1.jpg", "photo2.jpg"}
    assert {"photo1.jpg", "photo2.jpg"} <= media_files(settings)
    assert "photo3.jpg" not in media_files(settings)


def test_a_dry_run_in_batches_reports_what_the_real_run_does(
    run_import, uploads, small_batches, settings
):
    dry = run_import("newsroom.xml", uploads=uploads, dry_run=True)
    assert not ArticlePage.objects.filter(title="Rice prices double in Hyesan").exists()

    real = run_import("newsroom.xml", uploads=uploads)

    assert dry.counts == real.counts
    assert dry.comments_by_status == real.comments_by_status
    assert [str(notice) for notice in dry.skipped] == [str(notice) for notice in real.skipped]
    assert [str(notice) for notice in dry.warnings] == [str(notice) for notice in real.warnings]


def test_a_dry_run_writes_no_file_at_all(run_import, uploads, monkeypatch):
    written = []
    save = FileSystemStorage._save

    def noting_save(storage, name, content):
        written.append(name)
        return save(storage, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", noting_save)
    report = run_import("newsroom.xml", uploads=uploads, dry_run=True)

    assert report.counts["image"]["created"] == 1
    assert written == []
    assert not NewsImage.objects.exists()


# What the uploads folder may hand over -------------------------------------------------------


def big_sparse_jpeg(path: Path, size: int) -> Path:
    """Write a real JPEG followed by a hole, so it is `size` bytes long without using the disk."""
    paint(path)
    with path.open("r+b") as file:
        file.truncate(size)
    return path


def test_a_file_larger_than_the_limit_is_skipped_before_it_is_copied(
    run_import, tmp_path, settings
):
    uploads = tmp_path / "uploads"
    big_sparse_jpeg(uploads / "2024/03/huge.jpg", 2 * 1024**3)
    export = write_export(tmp_path / "huge.xml", attachment(100, "2024/03/huge.jpg"))

    report = run_import(export, uploads=uploads)

    assert not NewsImage.objects.exists()
    assert "huge.jpg" not in media_files(settings)
    [notice] = [str(notice) for notice in report.skipped]
    assert "2024/03/huge.jpg is 2.0\xa0GB, more than the 20.0\xa0MB" in notice
    assert "DATELINE_IMPORT_MAX_FILE_BYTES" in notice


def test_the_size_limit_is_a_setting(run_import, tmp_path, settings):
    uploads = tmp_path / "uploads"
    paint(uploads / "2024/03/small.jpg")
    export = write_export(tmp_path / "small.xml", attachment(100, "2024/03/small.jpg"))
    settings.DATELINE_IMPORT_MAX_FILE_BYTES = 100

    report = run_import(export, uploads=uploads)

    assert not NewsImage.objects.exists()
    assert "more than the 100\xa0bytes" in str(report.skipped[0])


def test_a_file_is_judged_by_its_content_not_its_name(run_import, tmp_path, settings):
    uploads = tmp_path / "uploads"
    uploads.joinpath("2024/03").mkdir(parents=True)
    # A TIFF (which browsers do not show) and a page of text, both named as JPEGs.
    Image.new("RGB", (8, 8)).save(uploads / "2024/03/scan.jpg", format="TIFF")
    (uploads / "2024/03/notes.jpg").write_text("not a picture at all")
    paint(uploads / "2024/03/real.jpg")
    export = write_export(
        tmp_path / "names.xml",
        attachment(100, "2024/03/scan.jpg"),
        attachment(101, "2024/03/notes.jpg"),
        attachment(102, "2024/03/real.jpg"),
    )

    report = run_import(export, uploads=uploads)

    names = {Path(name).name for name in NewsImage.objects.values_list("file", flat=True)}
    assert names == {"real.jpg"}
    skipped = " ".join(str(notice) for notice in report.skipped)
    assert "2024/03/scan.jpg is not a readable image" in skipped
    assert "2024/03/notes.jpg is not a readable image" in skipped


# Addresses the site uses itself ------------------------------------------------------------


def test_a_category_named_like_a_route_becomes_a_renamed_section(run_import, tmp_path, home):
    export = write_export(
        tmp_path / "reserved.xml",
        category("admin", "Admin news"),
        item(
            1,
            extra='<category domain="category" nicename="admin"><![CDATA[Admin news]]></category>',
        ).replace('<category domain="category" nicename="news"><![CDATA[News]]></category>', ""),
    )
    report = run_import(export)

    section = SectionPage.objects.get(title="Admin news")
    assert section.slug == "admin-2"
    assert section.get_parent().pk == home.pk
    warnings = " ".join(str(notice) for notice in report.warnings)
    assert "“admin” is an address the site itself uses" in warnings
    assert "“admin-2”" in warnings


@pytest.mark.parametrize("slug", ["ko", "search", "comments", "feeds", "documents"])
def test_a_page_named_like_a_route_or_an_edition_is_renamed(run_import, tmp_path, slug):
    export = write_export(tmp_path / "page.xml", item(5, post_type="page", slug=slug))
    report = run_import(export)

    assert StandardPage.objects.get(title="Story 5").slug == f"{slug}-2"
    assert f"its slug “{slug}” is an address the site itself uses" in str(report.warnings[0])


def test_an_article_in_a_section_may_use_a_reserved_word(run_import, tmp_path):
    export = write_export(tmp_path / "deep.xml", item(6, slug="admin"))
    run_import(export)
    assert ArticlePage.objects.get(title="Story 6").slug == "admin"


# Imported names follow the comment form's rule ---------------------------------------------


def test_imported_names_follow_the_comment_forms_rule(run_import, tmp_path):
    export = write_export(
        tmp_path / "names.xml",
        item(
            7,
            extra=comment(1, "\u202eevil\u202c")
            + comment(2, "\u200b\u3164\ufeff")
            + comment(3, "Min\U000e0041\U000e0042ji")
            + comment(4, "Zalgo" + "\u0301" * 500),
        ),
    )
    report = run_import(export)

    names = dict(Comment.objects.values_list("import_key", "author_name"))
    assert names["1"] == "evil"
    assert names["2"] == "Anonymous"
    assert names["3"] == "Minji"
    assert names["4"] == "Zalgo" + "\u0301" * 4
    assert sum("characters the comment form refuses" in str(n) for n in report.warnings) == 4
    assert not run_import(export).changed_anything
