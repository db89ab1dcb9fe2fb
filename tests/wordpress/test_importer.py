"""Importing a newsroom's export: each mapping rule, as an editor and a reader would notice it."""

import re
from datetime import UTC, datetime

import pytest
from taggit.models import Tag
from wagtail.models import Page, Revision

from dateline.comments.models import Comment
from dateline.core.models import NewsImage
from dateline.news.factories import NewsImageFactory
from dateline.news.models import (
    ArticleCredit,
    ArticlePage,
    Contributor,
    CreditRole,
    SectionPage,
    StandardPage,
)
from dateline.wordpress.importer import ImportRefused
from dateline.wordpress.wxr import WXRError

from .conftest import fixture_path

pytestmark = pytest.mark.django_db


def article(title):
    return ArticlePage.objects.get(title=title)


def edited(tmp_path, fixture: str, *replacements: tuple[str, str]):
    """Write a fixture export with text replaced, as a later export of the same site; a
    replacement that finds nothing fails here rather than leave the test importing the original."""
    text = fixture_path(fixture).read_text()
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / fixture
    path.write_text(text)
    return path


def notices(report, kind="skipped"):
    return [str(notice) for notice in getattr(report, kind)]


def test_nested_categories_become_nested_sections(newsroom, home):
    north_korea = SectionPage.objects.get(title="North Korea")
    markets = SectionPage.objects.get(title="Markets")
    economy = SectionPage.objects.get(title="경제")
    assert north_korea.get_parent().pk == home.pk
    assert markets.get_parent().pk == north_korea.pk
    assert economy.get_parent().pk == markets.pk
    assert economy.slug == "경제"
    assert north_korea.intro == "Reporting from inside the country."


def test_a_posts_first_category_is_its_section(newsroom):
    assert article("Rice prices double in Hyesan").get_parent().title == "Markets"


def test_published_post_keeps_its_dates_and_slug(newsroom):
    story = article("Rice prices double in Hyesan")
    assert story.live
    assert story.slug == "rice-prices-double"
    assert story.first_published_at == datetime(2024, 3, 4, 9, 30, tzinfo=UTC)
    assert story.last_published_at == datetime(2024, 3, 5, 11, 0, tzinfo=UTC)


def test_korean_slug_and_text_come_through_exactly(newsroom):
    story = article("시장 물가 급등")
    assert story.slug == "시장-물가"
    assert (
        story.body[0].value.source
        == "<p>혜산 시장에서 쌀값이 “두 배”로 올랐다고 상인들이 말했다…</p>"
    )


def test_draft_is_imported_but_not_published(newsroom):
    draft = article("Unfinished: the fuel story")
    assert not draft.live
    assert draft.first_published_at is None


def test_page_becomes_a_plain_page(newsroom, home):
    about = StandardPage.objects.get(title="About the Border Desk")
    assert about.get_parent().pk == home.pk
    assert [block.value.source for block in about.body] == [
        "<p>We report from the border.</p>",
        "<p>Reach us safely.</p>",
    ]


def test_author_becomes_a_contributor_credited_as_writer(newsroom):
    credit = article("Rice prices double in Hyesan").credits.get()
    assert credit.contributor.name == "Mina Seo"
    assert credit.role == CreditRole.WRITER
    assert article("시장 물가 급등").credits.get().contributor.name == "박지훈"


def test_tags_become_topics(newsroom):
    assert list(article("Rice prices double in Hyesan").tags.names()) == ["Rice prices"]


def test_a_topic_files_the_story_under_its_wordpress_date(run_import, uploads, newsroom, tmp_path):
    """Related stories read a topic's stories by this date: the post's, not the import's, after
    a first import and after a re-import."""
    first = article("Rice prices double in Hyesan").tagged_items.get()
    assert first.published == datetime(2024, 3, 4, 9, 30, tzinfo=UTC)
    changed = edited(tmp_path, "newsroom.xml", ("A kilo now costs 8,000 won.", "It is 9,000."))
    run_import(changed, uploads=uploads)
    again = article("Rice prices double in Hyesan").tagged_items.get()
    assert again.published == datetime(2024, 3, 4, 9, 30, tzinfo=UTC)


def test_excerpt_becomes_the_standfirst(newsroom):
    assert article("Rice prices double in Hyesan").standfirst == (
        "Prices have doubled since January, traders say."
    )


def test_empty_excerpt_is_derived_from_the_first_paragraph_and_said_so(newsroom):
    assert (
        article("시장 물가 급등").standfirst
        == "혜산 시장에서 쌀값이 “두 배”로 올랐다고 상인들이 말했다…"
    )
    assert any(
        "시장 물가 급등" in warning and "first paragraph" in warning
        for warning in notices(newsroom, "warnings")
    )


def test_featured_image_becomes_the_hero_with_caption_and_alt(newsroom):
    story = article("Rice prices double in Hyesan")
    assert story.hero_image.title == "Market at dawn"
    assert story.hero_caption == "The market in Hyesan at dawn."
    assert story.hero_alt == "Traders setting out sacks of rice under a grey sky"
    assert story.hero_image.description == "Traders setting out sacks of rice under a grey sky"


def test_inline_captioned_image_becomes_an_image_block(newsroom):
    blocks = [block for block in article("Rice prices double in Hyesan").body]
    image = next(block for block in blocks if block.block_type == "image")
    assert image.value["image"].title == "Market at dawn"
    assert image.value["caption"] == "The market in Hyesan at dawn."
    assert [block.block_type for block in blocks] == [
        "paragraph",
        "image",
        "heading",
        "quote",
        "paragraph",
        "paragraph",
    ]


def test_attachment_whose_file_is_missing_is_reported(newsroom):
    assert any(
        "attachment 202" in notice and "2024/03/ledger.jpg is not in the uploads folder" in notice
        for notice in notices(newsroom)
    )


def test_attachment_pointing_outside_uploads_is_refused(newsroom):
    assert any("outside the uploads folder" in notice for notice in notices(newsroom))
    assert not NewsImage.objects.filter(title="Sneaky attachment").exists()


def test_without_an_uploads_folder_articles_import_without_images(run_import):
    report = run_import("newsroom.xml")
    assert report.counts["article"]["created"] == 4
    assert article("Rice prices double in Hyesan").hero_image is None
    assert any("give the uploads folder with --uploads" in notice for notice in notices(report))


def test_comments_keep_status_threading_author_and_date(newsroom):
    story = article("Rice prices double in Hyesan")
    comments = {c.import_key: c for c in Comment.objects.filter(article=story)}
    assert {key: c.status for key, c in comments.items()} == {
        "501": "approved",
        "502": "approved",
        "503": "pending",
        "504": "spam",
        "505": "trash",
    }
    assert comments["502"].parent == comments["501"]
    assert comments["503"].parent == comments["502"]
    assert comments["501"].author_name == "Reader One"
    assert comments["501"].author_email == "one@readers.example"
    assert comments["501"].author_url == "https://one.example/"
    assert comments["501"].created_at == datetime(2024, 3, 4, 10, 0, tzinfo=UTC)
    assert comments["501"].text == "The same in Musan.\n\nPrices are “unbearable”."
    assert newsroom.comments_by_status == {"approved": 3, "pending": 1, "spam": 1, "trash": 1}


def test_comment_address_is_stored_only_hashed_and_anonymised(newsroom):
    comment = Comment.objects.get(import_key="501")
    assert comment.address_network == "203.0.113.0/24"
    assert len(comment.address_hash) == 64
    stored = [str(value) for value in Comment.objects.values_list() for value in value]
    assert not any("203.0.113.77" in value or "2001:db8:1234::5" in value for value in stored)


def test_hostile_comment_keeps_no_markup_and_no_javascript_website(newsroom):
    spam = Comment.objects.get(import_key="504")
    assert spam.text == "Buy now here"
    assert spam.author_url == ""
    hostile = Comment.objects.get(import_key="507")
    assert (hostile.author_name, hostile.text, hostile.author_url) == ("Evil", "Nice work", "")


def test_pingbacks_are_skipped_and_counted(newsroom):
    assert newsroom.pings_skipped == 1
    assert not Comment.objects.filter(import_key="506").exists()


def test_other_post_types_are_skipped_with_their_reason(newsroom):
    assert any(
        "nav_menu_item 301" in notice and "post type “nav_menu_item” is not imported" in notice
        for notice in notices(newsroom)
    )


def test_bad_item_is_skipped_and_the_rest_imported(newsroom):
    assert any("An item without an id" in notice for notice in notices(newsroom))
    assert newsroom.counts["article"]["created"] == 4


def test_unknown_shortcode_is_reported(newsroom):
    assert any("[contact-form-7]" in warning for warning in notices(newsroom, "warnings"))


def test_hostile_content_never_reaches_the_page(newsroom, client):
    story = article("Hostile post")
    response = client.get(story.url)
    assert response.status_code == 200
    page = response.text
    for fragment in ("steal()", "javascript:", "JaVaScRiPt", "onerror", "onmouseover", "owned"):
        assert fragment not in page
    assert '<a href="https://ok.example/">A fine link</a>' in page
    assert story.standfirst == "Hostile excerpt"
    assert "Nice work" in page
    assert "alert(" not in page


def test_article_page_shows_approved_comments_threaded_and_no_emails(newsroom, client):
    page = client.get(article("Rice prices double in Hyesan").url).text
    assert "The same in Musan." in page and "And in Hoeryong." in page
    assert "Is this confirmed?" not in page
    assert "Buy now" not in page
    assert "one@readers.example" not in page


def test_statuses_map_to_drafts_schedules_and_skips(run_import):
    report = run_import("statuses.xml")
    assert not article("Pending").live
    assert not article("Private").live
    protected = article("Protected")
    assert not protected.live
    assert any("password-protected" in warning for warning in notices(report, "warnings"))
    future = article("Future")
    assert not future.live
    assert future.get_latest_revision().approved_go_live_at == datetime(2099, 1, 1, tzinfo=UTC)
    assert not ArticlePage.objects.filter(title__in=["Trashed", "Auto"]).exists()
    assert any("trash" in notice for notice in notices(report))


def test_wxr_1_0_export_is_imported(run_import):
    run_import("wxr-1.0.xml")
    story = article("Floods in the north")
    assert story.get_parent().title == "World"
    assert list(story.tags.names()) == ["floods"]
    assert story.credits.get().contributor.name == "editor"


def test_reimport_changes_nothing(run_import, uploads, newsroom):
    def state():
        return (
            Page.objects.count(),
            Revision.objects.count(),
            Comment.objects.count(),
            NewsImage.objects.count(),
            Contributor.objects.count(),
            Tag.objects.count(),
            list(Comment.objects.values_list("address_hash", flat=True)),
            list(ArticlePage.objects.values_list("last_published_at", flat=True)),
        )

    before = state()
    report = run_import("newsroom.xml", uploads=uploads)
    assert state() == before
    assert not report.changed_anything


def test_reimport_updates_what_changed(run_import, uploads, newsroom, tmp_path):
    changed = edited(
        tmp_path,
        "newsroom.xml",
        ("A kilo now costs 8,000 won.", "A kilo now costs 9,000 won."),
        ("And in Hoeryong.", "And in Hoeryong, too."),
    )
    report = run_import(changed, uploads=uploads)
    assert report.counts["article"] == {"updated": 1, "unchanged": 3}
    assert report.counts["comment"]["updated"] == 1
    story = article("Rice prices double in Hyesan")
    assert "9,000 won" in story.body[0].value.source
    assert story.first_published_at == datetime(2024, 3, 4, 9, 30, tzinfo=UTC)
    assert Comment.objects.get(import_key="502").text == "And in Hoeryong, too."
    assert ArticlePage.objects.filter(title="Rice prices double in Hyesan").count() == 1


def test_reimport_keeps_the_newsrooms_credit_first_in_the_revision_as_on_the_page(
    run_import, uploads, newsroom, tmp_path
):
    """A credit the newsroom added stays ahead of the author the re-import credits again, in the
    revision an editor opens as in the stored page, so their next save keeps the byline."""
    story = article("Rice prices double in Hyesan")
    desk = Contributor.objects.create(name="Desk editor")
    ArticleCredit.objects.create(article=story, contributor=desk, role=CreditRole.REPORTER)
    changed = edited(
        tmp_path, "newsroom.xml", ("A kilo now costs 8,000 won.", "A kilo now costs 9,000 won.")
    )
    run_import(changed, uploads=uploads)
    story = article("Rice prices double in Hyesan")
    opened = story.get_latest_revision().as_object()
    expected = ["Desk editor", "Mina Seo"]
    assert [credit.contributor.name for credit in opened.credits.all()] == expected
    assert [credit.contributor.name for credit in story.credits.all()] == expected


def test_malformed_file_changes_nothing(run_import):
    pages = Page.objects.count()
    with pytest.raises(WXRError, match=re.escape("truncated.xml, line 16")):
        run_import("truncated.xml")
    assert Page.objects.count() == pages


def test_dry_run_reports_and_changes_nothing(run_import, uploads):
    pages, images = Page.objects.count(), NewsImage.objects.count()
    report = run_import("newsroom.xml", uploads=uploads, dry_run=True)
    assert report.counts["article"]["created"] == 4
    assert report.counts["image"]["created"] == 1
    assert (Page.objects.count(), NewsImage.objects.count()) == (pages, images)
    assert not Comment.objects.exists()


def test_dry_run_leaves_no_file_in_media(run_import, uploads, settings):
    from pathlib import Path

    before = {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()}
    run_import("newsroom.xml", uploads=uploads, dry_run=True)
    after = {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()}
    assert after == before


def test_dry_run_keeps_a_library_image_of_the_same_file_name(run_import, uploads, settings):
    """The export's market.jpg is named like a photo the newsroom already has: a dry run, whose
    rollback deletes what it wrote, must leave that photo's file alone."""
    from pathlib import Path

    library = NewsImageFactory(title="Market, 2023")
    kept = Path(settings.MEDIA_ROOT) / "original_images" / "market.jpg"
    kept.write_bytes(Path(library.file.path).read_bytes())
    NewsImage.objects.filter(pk=library.pk).update(file="original_images/market.jpg")
    run_import("newsroom.xml", uploads=uploads, dry_run=True)
    assert kept.exists()


def test_import_into_the_korean_edition(run_import, korean_home):
    run_import("newsroom.xml", language_code="ko")
    story = article("시장 물가 급등")
    assert story.locale.language_code == "ko"
    assert story.get_ancestors().filter(pk=korean_home.pk).exists()


def test_unknown_edition_is_refused(run_import):
    with pytest.raises(ImportRefused, match="no fr edition"):
        run_import("newsroom.xml", language_code="fr")


def test_reimport_moves_an_article_whose_category_changed(run_import, uploads, newsroom, tmp_path):
    moved = edited(
        tmp_path,
        "newsroom.xml",
        (
            '<category domain="category" nicename="markets"><![CDATA[Markets]]></category>',
            '<category domain="category" nicename="north-korea"><![CDATA[North Korea]]></category>',
        ),
    )
    report = run_import(moved, uploads=uploads)
    assert report.counts["article"]["updated"] == 1
    story = article("Rice prices double in Hyesan")
    assert story.get_parent().title == "North Korea"
    assert story.slug == "rice-prices-double"
    assert story.live


def test_stand_in_names_are_written_in_the_editions_language(run_import, tmp_path):
    export = edited(
        tmp_path,
        "wxr-1.1.xml",
        ('<category domain="category" nicename="world"><![CDATA[World]]></category>', ""),
        (
            "<wp:comment_status>open</wp:comment_status>",
            "<wp:comment_status>open</wp:comment_status><wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author></wp:comment_author><wp:comment_content>Hi</wp:comment_content><wp:comment_approved>1</wp:comment_approved></wp:comment>",
        ),
    )
    run_import(export, language_code="ko")
    story = article("Floods in the north")
    assert story.get_parent().title == "미분류"
    assert Comment.objects.get(article=story).author_name == "익명"
