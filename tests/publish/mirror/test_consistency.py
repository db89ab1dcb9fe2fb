"""A bundle built while editors publish and unpublish is one state of the site, whole and signed.

The editor works in another thread, with baking on, so each change is re-baked into the live
build at once, as the worker does. The build is held just after it began writing until the editor
has unpublished a story the bundle is about to copy and published others: a bundle read from the
live build file by file would then miss a file or link to a page it no longer holds.
"""

import threading

import pytest
from django.db import connection

from dateline.news.factories import ArticlePageFactory, publish
from dateline.news.models import ArticlePage
from dateline.publish import paths
from dateline.publish.mirror import bundle
from dateline.publish.mirror.standalone_verify import check
from tests.publish.mirror.conftest import broken_links

# Committed for real (the editor's thread needs to see the data): in parallel runs the database's
# restored state clashed with other tests' rows, so it runs alone (see pyproject's markers).
pytestmark = [pytest.mark.alone, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WAIT_SECONDS = 300  # only ever reached when something is broken; then the test fails, not hangs


def editor(section, started: threading.Event, done: threading.Event, errors: list) -> None:
    """Once the build is under way: unpublish a story, publish two, unpublish one of them."""
    try:
        assert started.wait(WAIT_SECONDS)
        ArticlePage.objects.get(slug="markets-reopen").unpublish()
        for number in range(2):
            publish(
                ArticlePageFactory(
                    parent=section,
                    title=f"Breaking news {number}",
                    slug=f"breaking-{number}",
                    live=False,
                )
            )
        ArticlePage.objects.get(slug="breaking-0").unpublish()
    except BaseException as error:  # handed to the test, which fails with it
        errors.append(error)
    finally:
        connection.close()
        done.set()


def test_a_bundle_built_while_articles_are_published_is_consistent(
    baked, section, settings, tmp_path, monkeypatch
):
    settings.DATELINE_BAKE = True  # each change is re-baked into the live build as it commits
    started, done, errors = threading.Event(), threading.Event(), []
    rewrite = bundle._rewrite_page

    def rewrite_once_the_editor_is_done(*arguments):
        if not started.is_set():
            started.set()
            assert done.wait(WAIT_SECONDS)
        return rewrite(*arguments)

    monkeypatch.setattr(bundle, "_rewrite_page", rewrite_once_the_editor_is_done)
    thread = threading.Thread(target=editor, args=(section, started, done, errors))
    thread.start()
    try:
        out = tmp_path / "copy"
        bundle.build(out)
    finally:
        started.set()
        thread.join(WAIT_SECONDS)
    assert errors == []
    # The editor's changes reached the live site while the bundle was being written…
    live = paths.site_dir()
    assert not (live / "north-korea" / "markets-reopen" / "index.html").exists()
    assert (live / "north-korea" / "breaking-1" / "index.html").is_file()
    # …and the bundle is the site as it was when the build began: whole, linked, signed.
    report = check(str(out))
    assert report.ok, (report.problems, report.missing, report.changed, report.added)
    assert broken_links(out) == []
    assert (out / "north-korea" / "markets-reopen" / "index.html").is_file()
    assert not (out / "north-korea" / "breaking-1" / "index.html").exists()
    listing = (out / "north-korea" / "index.html").read_text()
    assert 'href="markets-reopen/index.html"' in listing and "Breaking news" not in listing
    # The snapshot it was made from is gone; the baked root holds only the bake's own files.
    assert {path.name for path in paths.baked_root().iterdir()} == {".lock", "builds", "site"}
