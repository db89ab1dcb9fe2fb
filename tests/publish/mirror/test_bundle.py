"""A mirror bundle: the baked_copy site with relative links, a search index, verify.html, and signed."""

import html
import os
import re
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import quote, unquote, urljoin

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from dateline.news.factories import ArticlePageFactory, publish
from dateline.news.models import ArticlePage
from dateline.publish.mirror.bundle import build
from dateline.publish.mirror.standalone_verify import check
from tests.publish.mirror.conftest import bake_site, broken_links

# One newsroom and bake for the module (`shared_bake`), in one test process.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("mirror-bundle")]

ORIGIN = "http://localhost:8000"
_LINK = re.compile(r"<(\w+)([^>]*?)\s(href|src|action)=\"([^\"]*)\"", re.S)


@pytest.fixture
def article_path(shared_bake):
    """The article's URL path, e.g. /north-korea/article-3/ (its slug depends on test order)."""
    return ArticlePage.objects.get(pk=shared_bake.article_pk).get_url_parts()[2]


def pages(root: Path):
    return sorted(root.rglob("*.html"))


def links_of(page: Path):
    """Yield (tag, attributes, url) for each link-bearing attribute in a page."""
    text = page.read_text()
    for tag, before, _name, url in _LINK.findall(text):
        yield tag, before, html.unescape(url)
    for srcset in re.findall(r'srcset="([^"]*)"', text):
        for candidate in srcset.split(","):
            yield "img", "", candidate.strip().split(" ")[0]


def test_every_link_and_image_in_the_bundle_opens_a_file_of_the_bundle(baked_copy, tmp_path):
    out = tmp_path / "copy"
    build(out)
    checked = 0
    for page in pages(out):
        for tag, attributes, url in links_of(page):
            if url.startswith(("#", "mailto:")) or "original-address" in attributes:
                continue
            if tag == "link" and "canonical" in attributes:
                continue
            assert not url.startswith(("/", "http:", "https:")), f"{page}: {url}"
            target = Path(
                unquote(urljoin(page.as_uri(), url.split("#")[0]).removeprefix("file://"))
            )
            assert target.is_file(), f"{page.relative_to(out)} links to missing {url}"
            checked += 1
    assert checked > 200


def test_the_only_links_to_the_origin_are_labelled_as_the_original(
    baked_copy, tmp_path, article_path
):
    out = tmp_path / "copy"
    build(out)
    article = (out / article_path.strip("/") / "index.html").read_text()
    assert f'class="original-address" href="{ORIGIN}{article_path}"' in article
    for page in pages(out):
        for _tag, attributes, url in links_of(page):
            if url.startswith(ORIGIN):
                assert "original-address" in attributes or "canonical" in attributes, (page, url)


def test_the_comment_form_becomes_a_link_to_comment_on_the_live_site(
    baked_copy, tmp_path, article_path
):
    build(tmp_path / "copy")
    article = (tmp_path / "copy" / article_path.strip("/") / "index.html").read_text()
    assert 'id="commentform"' not in article
    assert f'href="{ORIGIN}{article_path}#respond"' in article
    assert "comment on this article on the live site" in article


def test_the_comment_form_can_post_to_the_origin(baked_copy, tmp_path, settings, article_path):
    settings.DATELINE_MIRROR_COMMENTS = "form"
    build(tmp_path / "copy")
    article = (tmp_path / "copy" / article_path.strip("/") / "index.html").read_text()
    assert f'action="{ORIGIN}/comments/post/#respond"' in article


def test_links_to_pages_left_out_are_not_links(baked_copy, tmp_path):
    build(tmp_path / "copy", edition="en")
    home = (tmp_path / "copy" / "index.html").read_text()
    assert "ko/index.html" not in home
    assert "data-not-in-copy" in home  # the Korean edition's link in the header


def test_an_edition_bundle_holds_that_edition_only(baked_copy, tmp_path):
    out = tmp_path / "copy"
    build(out, edition="ko")
    assert (out / "ko" / "index.html").is_file() and (out / "ko" / "verify.html").is_file()
    assert not (out / "index.html").exists() and not (out / "north-korea").exists()
    assert check(str(out)).ok


def test_a_since_bundle_holds_recent_articles_and_the_listings_leading_to_them(
    baked_copy, tmp_path, article_path
):
    old = ArticlePage.objects.get(slug="markets-reopen")
    publish(old, at=timezone.now() - timezone.timedelta(days=400))
    bake_site()
    out = tmp_path / "copy"
    call_command(
        "mirror",
        "build",
        str(out),
        "--since",
        str(timezone.localdate() - timezone.timedelta(days=30)),
    )
    assert (out / article_path.strip("/") / "index.html").is_file()
    assert (out / "north-korea" / "index.html").is_file() and (out / "index.html").is_file()
    assert not (out / "north-korea" / "markets-reopen").exists()
    assert check(str(out)).ok


def test_update_rewrites_what_changed_and_removes_what_is_no_longer_public(baked_copy, tmp_path):
    out = tmp_path / "copy"
    build(out)
    gone = ArticlePage.objects.get(slug="markets-reopen")
    section = gone.get_parent()
    gone.unpublish()
    publish(ArticlePageFactory(parent=section, title="A new story", slug="new-story"))
    bake_site()
    about = out / "about" / "index.html"  # changed by hand, same size: put right by the update
    about.write_text(about.read_text().replace("About us", "About US"))
    summary = build(out, update=True)
    assert "north-korea/new-story/index.html" in summary.written
    assert "north-korea/markets-reopen/index.html" in summary.removed
    assert "ko/북한/국경-물가/index.html" not in summary.written
    assert "about/index.html" in summary.written and "About US" not in about.read_text()
    assert not (out / "north-korea" / "markets-reopen").exists()
    assert check(str(out)).ok


def test_robots_sitemaps_and_the_checker_stay_with_the_origin(baked_copy, tmp_path):
    build(tmp_path / "copy")
    assert (tmp_path / "copy" / ".well-known" / "dateline-mirror-key.txt").is_file()
    for name in ("robots.txt", "sitemap.xml", ".well-known/dateline_verify.py"):
        assert (baked_copy / name).is_file() and not (tmp_path / "copy" / name).exists()


def test_a_zip_bundle_verifies(baked_copy, tmp_path):
    call_command("mirror", "build", str(tmp_path / "copy.zip"), "--zip")
    with zipfile.ZipFile(tmp_path / "copy.zip") as archive:
        assert "index.html" in archive.namelist() and "manifest.json.sig" in archive.namelist()
    assert check(str(tmp_path / "copy.zip")).ok


def test_search_index_covers_both_editions_and_the_page_says_how_to_browse_without_it(
    baked_copy, tmp_path
):
    out = tmp_path / "copy"
    build(out)
    assert (out / "pagefind" / "pagefind.js").is_file()
    assert list((out / "pagefind").glob("pagefind.ko*.pf_meta"))
    search = (out / "ko" / "search" / "index.html").read_text()
    assert "<noscript>" in search
    # Browse by section, JavaScript or not: the Korean section, relative to ko/search/.
    assert f'href="../{quote("북한")}/index.html"' in search


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--edition", "fr"], "There is no fr edition"),
        (["--since", "last week"], "write it as YYYY-MM-DD"),
        (["--zip", "--update"], "a zip is always built whole"),
    ],
)
def test_bad_build_options_are_refused_and_write_nothing(baked_copy, tmp_path, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("mirror", "build", str(tmp_path / "copy"), *arguments)
    assert not (tmp_path / "copy").exists()


def test_build_refuses_to_overwrite_a_folder(baked_copy, tmp_path):
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "notes.txt").write_text("mine")
    with pytest.raises(CommandError, match="already exists"):
        call_command("mirror", "build", str(tmp_path / "copy"))
    assert [p.name for p in (tmp_path / "copy").iterdir()] == ["notes.txt"]


def test_build_without_a_key_says_how_to_make_one(baked_copy, tmp_path, settings):
    settings.DATELINE_MIRROR_KEY_FILE = tmp_path / "nowhere.pem"
    with pytest.raises(CommandError, match="dateline mirror keygen"):
        call_command("mirror", "build", str(tmp_path / "copy"))
    assert not (tmp_path / "copy").exists()


PRIVATE = [
    "reader.one@example.org",
    "held@example.org",
    "203.0.113.77",
    "198.51.100.23",
    "Unpublished draft story",
    "Staff only story",
    "/admin/",
    "PRIVATE KEY",
]


def test_privacy_sweep_over_folder_and_zip(baked_copy, tmp_path, settings):
    build(tmp_path / "copy")
    build(tmp_path / "copy.zip", as_zip=True)
    contents = [path.read_bytes() for path in (tmp_path / "copy").rglob("*") if path.is_file()]
    with zipfile.ZipFile(tmp_path / "copy.zip") as archive:
        contents += [archive.read(name) for name in archive.namelist()]
    private_key = Path(settings.DATELINE_MIRROR_KEY_FILE).read_bytes()
    for data in contents:
        for secret in PRIVATE:
            assert secret.encode() not in data
        assert private_key.strip() not in data


def test_feeds_in_the_bundle_are_atom_with_every_link_inside_the_copy(baked_copy, tmp_path):
    """Atom resolves relative links against the feed's own address, so a feed read from the copy
    leads to the copy; RSS and JSON Feed can only name absolute addresses and stay with the origin."""
    out = tmp_path / "copy"
    build(out)
    feeds = sorted(path for path in out.rglob("feeds/**/*.*") if "static" not in path.parts)
    assert (out / "feeds" / "latest.atom") in feeds and (
        out / "ko" / "feeds" / "latest.atom"
    ) in feeds
    assert {path.suffix for path in feeds} == {".atom"}
    assert (baked_copy / "feeds" / "latest.rss").is_file() and (
        baked_copy / "feeds" / "latest.json"
    ).is_file()
    latest = (out / "feeds" / "latest.atom").read_text()
    assert 'href="../north-korea/markets-reopen/index.html"' in latest
    assert "src=&quot;../media/images/" in latest  # the story's picture, inside its content
    for feed in feeds:
        text = feed.read_text()
        # The origin's address survives only as the ids, which must not change with the copy.
        assert ORIGIN not in re.sub(r"<id>[^<]*</id>", "", text), feed
    assert '<?xml-stylesheet href="../static/feeds/feed.css"' in latest  # its view in a browser
    assert (out / "static" / "feeds" / "feed.css").is_file()
    home = (out / "index.html").read_text()
    assert '<link rel="alternate" type="application/atom+xml"' in home
    # RSS and JSON Feed stay with the origin: no page of the copy links to them.
    assert not re.search(r"<link[^>]*application/(rss\+xml|feed\+json)", home)
    assert not re.search(r'href="[^"]*\.(rss|json)"', home)


def test_no_link_of_a_page_or_feed_leads_to_a_missing_file(baked_copy, tmp_path):
    out = tmp_path / "copy"
    build(out, edition="en")
    assert broken_links(out) == []


def test_a_killed_build_leaves_no_snapshot_behind_the_next_build(baked_copy, tmp_path):
    """A build killed with kill -9 cannot remove its snapshot; the next build removes it, and
    leaves alone the snapshot of a build still running."""
    from dateline.publish import paths
    from dateline.publish.mirror.bundle import SNAPSHOT_PREFIX

    killed = subprocess.Popen(["true"])  # a process that has ended: its pid names the leftover
    killed.wait()
    abandoned = paths.baked_root() / f"{SNAPSHOT_PREFIX}{killed.pid}-abc"
    running = paths.baked_root() / f"{SNAPSHOT_PREFIX}{os.getpid()}-def"
    for folder in (abandoned, running):
        (folder / "index.html").parent.mkdir(parents=True)
        (folder / "index.html").write_text("old")
    build(tmp_path / "copy")
    assert not abandoned.exists()
    assert running.exists()
    assert check(str(tmp_path / "copy")).ok
