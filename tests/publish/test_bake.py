"""The full bake: every public URL as a file, nothing private, switched live in one step."""

import gzip

import brotli
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from dateline.news.editions import forget_editions
from dateline.news.factories import ArticlePageFactory, publish
from dateline.news.models import SectionPage
from dateline.publish import paths
from dateline.publish.bake import full_bake, stale_files
from dateline.publish.models import BakedPage, ShownObject

from .conftest import read


def test_every_kind_of_public_url_is_baked(baked, article):
    story = article.url.strip("/")
    expected = [
        "index.html",
        "ko/index.html",
        "north-korea/index.html",
        "north-korea/page/2/index.html",
        f"{story}/index.html",
        f"{story}/comments/page/2/index.html",
        "about/index.html",
        "contributors/han-ji-woo/index.html",
        "topics/markets/index.html",
        "feeds/all.rss",
        "feeds/latest.atom",
        "ko/feeds/latest.json",
        "feeds/sections/north-korea.rss",
        "feeds/contributors/han-ji-woo.json",
        "feeds/topics/markets.atom",
        "sitemap.xml",
        "sitemap-news.xml",
        "robots.txt",
        "404.html",
        "ko/404.html",
    ]
    missing = [name for name in expected if not (baked / name).is_file()]
    assert missing == []
    assert "Prices rise in border towns" in read(baked, "north-korea/page/2/index.html")
    assert 'lang="ko"' in read(baked, "ko/404.html")


def test_pages_are_the_live_views_output(baked, client, article):
    live = client.get(article.url).content.decode()
    baked_page = read(baked, f"{article.url.strip('/')}/index.html")
    token = 'name="token" value="'
    assert baked_page.split(token)[0] == live.split(token)[0]


def test_text_files_have_gzip_and_brotli_siblings_with_the_same_bytes(baked):
    for name in ("index.html", "feeds/all.rss", "sitemap.xml", "robots.txt"):
        original = (baked / name).read_bytes()
        assert gzip.decompress((baked / f"{name}.gz").read_bytes()) == original
        assert brotli.decompress((baked / f"{name}.br").read_bytes()) == original


def test_the_stylesheet_and_the_pictures_pages_use_are_baked(baked, article):
    page = read(baked, f"{article.url.strip('/')}/index.html")
    assert (baked / "static/dateline/css/dateline.css").is_file()
    renditions = list((baked / "media/images").iterdir())
    assert any(f"/media/images/{file.name}" in page for file in renditions)


@pytest.mark.parametrize("slug", ["draft", "private", "expired"])
def test_pages_a_reader_may_not_see_are_never_baked(baked, slug):
    assert not (baked / "north-korea" / slug).exists()
    everything = " ".join(path.read_text("utf-8", "ignore") for path in baked.rglob("*.html"))
    assert "Unfinished draft" not in everything
    assert "Members only" not in everything
    assert "Old notice" not in everything


def test_what_each_url_showed_is_recorded(baked, article):
    page = BakedPage.objects.get(url=article.url)
    keys = set(ShownObject.objects.filter(page=page).values_list("key", flat=True))
    credit = article.credits.first()
    assert {
        f"page:{article.pk}",
        f"news.contributor:{credit.contributor_id}",
        f"core.newsimage:{article.hero_image_id}",
        f"comments:{article.pk}",
        f"taggit.tag:{article.tags.first().pk}",
    } <= keys
    assert any(key.startswith("core.newsroomsettings:") for key in keys)
    section = BakedPage.objects.get(url="/north-korea/")
    assert section.shown.filter(key=f"articles-under:{article.get_parent().pk}").exists()


def test_a_new_bake_switches_the_site_link_and_removes_the_old_build(baked):
    first = baked.resolve()
    full_bake()
    assert paths.site_dir().resolve() != first
    assert [build.name for build in paths.builds_dir().iterdir()] == [
        paths.site_dir().resolve().name
    ]


def test_a_full_bake_files_again_the_stories_a_tree_repair_took_out_of_their_listings(
    newsroom, section
):
    """Wagtail's `fixtree --full` renumbers the tree in SQL, behind every signal; the full bake
    an operator runs next files the topic and credit rows again before listing what to render
    (`refile_drifted_listing_rows`), so each topic page still holds its stories."""
    with connection.cursor() as cursor:  # rows deleted around Wagtail leave a gap
        cursor.execute(
            "UPDATE wagtailcore_page SET path = '00010009' || SUBSTR(path, 9) "
            "WHERE path LIKE '00010001%%'"
        )
    forget_editions()
    story = ArticlePageFactory(parent=SectionPage.objects.get(pk=section.pk), live=False)
    story.tags.add("rice")
    publish(story)
    call_command("fixtree", "--full", verbosity=0)
    forget_editions()  # as every process does within a minute

    assert full_bake().failures == []
    assert story.title in read(paths.site_dir(), "topics/rice/index.html")


def test_check_lists_nothing_when_current_and_names_a_stale_file(baked):
    assert stale_files() == []
    (baked / "about/index.html").write_text("old words")
    assert stale_files() == ["about/index.html"]


def test_a_page_that_fails_keeps_its_previous_file_and_the_bake_says_so(
    baked, article, monkeypatch, capsys
):
    before = read(baked, "about/index.html")

    def broken(self, *args, **kwargs):
        raise RuntimeError("template exploded")

    monkeypatch.setattr("dateline.news.models.StandardPage.get_context", broken)
    with pytest.raises(CommandError, match="1 page failed"):
        call_command("bake")
    assert "/about/ could not be rendered" in capsys.readouterr().err
    assert read(paths.site_dir(), "about/index.html") == before
    assert (paths.site_dir() / "north-korea/index.html").is_file()


def test_the_command_prints_a_one_line_summary(newsroom, capsys):
    call_command("bake", jobs=2)
    out = capsys.readouterr().out.strip()
    assert out.startswith("Baked ") and out.endswith(" seconds.")
    assert "bytes" in out and "\n" not in out
    assert (paths.site_dir() / "north-korea/page/2/index.html").is_file()


def test_baking_is_refused_when_switched_off(settings):
    settings.DATELINE_BAKE = False
    with pytest.raises(CommandError, match="DATELINE_BAKE"):
        call_command("bake")
