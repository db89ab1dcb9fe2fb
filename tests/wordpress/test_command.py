"""`dateline import_wordpress`: one command, a progress bar on a terminal, and a full summary."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dateline.news.models import ArticlePage
from dateline.wordpress.management.commands.import_wordpress import ProgressBar

from .conftest import fixture_path

pytestmark = pytest.mark.django_db


class Terminal(io.StringIO):
    def isatty(self):
        return True


def run(*args, stderr=None):
    out = io.StringIO()
    call_command("import_wordpress", *args, stdout=out, stderr=stderr or io.StringIO())
    return out.getvalue()


def test_summary_counts_each_kind_and_lists_what_was_skipped(uploads):
    output = run(str(fixture_path("newsroom.xml")), "--uploads", str(uploads))
    assert "Imported “Border Desk” (borderdesk.example) into the English edition." in output
    assert "articles      4 created, 0 updated, 0 unchanged" in output
    assert "sections      3 created" in output
    assert "(by status: approved 3, pending 1, spam 1, trash 1)" in output
    assert "Pingbacks and trackbacks skipped: 1" in output
    assert "2024/03/ledger.jpg is not in the uploads folder" in output
    assert "post type “nav_menu_item” is not imported" in output


def test_dry_run_says_nothing_changed():
    output = run(str(fixture_path("newsroom.xml")), "--dry-run")
    assert "Nothing was changed." in output
    assert not ArticlePage.objects.filter(title="Rice prices double in Hyesan").exists()


def test_malformed_file_fails_with_file_line_and_reason():
    with pytest.raises(CommandError) as failure:
        run(str(fixture_path("truncated.xml")))
    message = str(failure.value)
    assert message.startswith("Nothing was imported.")
    assert "truncated.xml, line 16: malformed XML" in message


def test_missing_export_is_named():
    with pytest.raises(CommandError, match="is not a file"):
        run("/nowhere/export.xml")


def test_no_progress_bar_without_a_terminal(tmp_path):
    stderr = io.StringIO()
    run(str(fixture_path("wxr-1.1.xml")), stderr=stderr)
    assert stderr.getvalue() == ""


def test_progress_bar_shows_items_rate_and_time_left():
    terminal = Terminal()
    bar = ProgressBar(terminal)
    bar.start(4)
    for _ in range(4):
        bar.advance()
    bar.finish()
    shown = terminal.getvalue()
    assert "4/4" in shown
    assert "items/s" in shown
    assert "<00:00" in shown


def test_export_that_names_no_site_needs_a_site_url(tmp_path: Path):
    export = tmp_path / "anonymous.xml"
    export.write_text(
        fixture_path("wxr-1.1.xml")
        .read_text()
        .replace("<link>http://middesk.example/</link>", "")
        .replace("<wp:base_site_url>http://middesk.example/</wp:base_site_url>", "")
        .replace("<wp:base_blog_url>http://middesk.example/</wp:base_blog_url>", "")
    )
    with pytest.raises(CommandError, match="--site-url"):
        run(str(export))
    assert "Imported" in run(str(export), "--site-url", "https://middesk.example")
