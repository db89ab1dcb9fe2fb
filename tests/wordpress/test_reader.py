"""The streaming WXR reader: versions, typed records, and clear refusals of broken files."""

import re

import pytest

from dateline.wordpress.records import Author, Category, Channel, Item, Tag, Term, Unreadable
from dateline.wordpress.wxr import WXRError, WXRReader

from .conftest import fixture_path


def records(name):
    return list(WXRReader(fixture_path(name)).records())


@pytest.mark.parametrize(
    ("name", "version"), [("wxr-1.0.xml", "1.0"), ("wxr-1.1.xml", "1.1"), ("newsroom.xml", "1.2")]
)
def test_each_wxr_version_is_read(name, version):
    survey = WXRReader(fixture_path(name)).survey()
    assert survey.channel.wxr_version == version
    assert survey.post_types["post"] >= 1


def test_channel_comes_first_with_the_blog_address():
    first = records("newsroom.xml")[0]
    assert isinstance(first, Channel)
    assert first.site_url == "https://borderdesk.example"


def test_wxr_1_0_tags_read_as_post_tags():
    item = next(record for record in records("wxr-1.0.xml") if isinstance(record, Item))
    assert [(c.domain, c.slug) for c in item.categories] == [
        ("category", "world"),
        ("post_tag", "floods"),
    ]


def test_authors_categories_tags_and_terms_are_typed():
    found = records("newsroom.xml")
    assert [a.public_name for a in found if isinstance(a, Author)] == ["Mina Seo", "박지훈"]
    assert [c.slug for c in found if isinstance(c, Category)][-1] == "%ea%b2%bd%ec%a0%9c"
    assert [t.name for t in found if isinstance(t, Tag)] == ["Rice prices"]
    assert [t.taxonomy for t in found if isinstance(t, Term)] == ["nav_menu"]


def test_an_authors_email_is_never_read():
    assert not any("mina.private" in repr(record) for record in records("newsroom.xml"))


def test_only_the_post_meta_the_importer_needs_is_kept():
    post = next(r for r in records("newsroom.xml") if isinstance(r, Item) and r.wordpress_id == 101)
    assert post.meta == {"_thumbnail_id": "201"}


def test_comments_are_read_with_their_threading():
    post = next(r for r in records("newsroom.xml") if isinstance(r, Item) and r.wordpress_id == 101)
    assert [(c.wordpress_id, c.parent_id, c.approved) for c in post.comments][:3] == [
        (501, 0, "1"),
        (502, 501, "1"),
        (503, 502, "0"),
    ]


def test_a_zero_gmt_date_falls_back_to_the_local_date():
    draft = next(
        r for r in records("newsroom.xml") if isinstance(r, Item) and r.wordpress_id == 103
    )
    assert draft.date.isoformat() == "2024-03-06T10:00:00+00:00"


def test_an_item_without_an_id_is_unreadable_not_fatal():
    unreadable = [r for r in records("newsroom.xml") if isinstance(r, Unreadable)]
    assert [(u.kind, u.label) for u in unreadable] == [("item", "“An item without an id”")]
    assert "wp:post_id" in unreadable[0].reason


def test_records_can_be_limited_to_one_post_type():
    reader = WXRReader(fixture_path("newsroom.xml"))
    items = [r for r in reader.records(frozenset({"attachment"})) if isinstance(r, Item)]
    assert {item.post_type for item in items} == {"attachment"}


def test_malformed_xml_is_refused_with_file_line_and_reason():
    with pytest.raises(WXRError) as refusal:
        WXRReader(fixture_path("truncated.xml")).survey()
    assert refusal.value.path.endswith("truncated.xml")
    assert refusal.value.line == 16
    assert "malformed XML" in str(refusal.value)
    assert "truncated.xml, line 16" in str(refusal.value)


def test_a_file_without_wxr_version_is_refused():
    with pytest.raises(WXRError, match="no WXR version") as refusal:
        WXRReader(fixture_path("missing-version.xml")).survey()
    assert refusal.value.line == 6


def test_a_wrong_namespace_is_refused():
    with pytest.raises(WXRError, match="wrong namespace") as refusal:
        WXRReader(fixture_path("wrong-namespace.xml")).survey()
    assert "http://example.org/not-wordpress/" in str(refusal.value)


def test_an_unsupported_version_is_refused():
    with pytest.raises(WXRError, match=re.escape("unsupported WXR version “2.0”")):
        WXRReader(fixture_path("unsupported-version.xml")).survey()


def test_a_file_with_a_doctype_is_refused_and_no_entity_is_expanded():
    with pytest.raises(WXRError, match="DOCTYPE") as refusal:
        WXRReader(fixture_path("doctype.xml")).survey()
    assert "root:" not in str(refusal.value)


def test_a_missing_file_is_refused_with_its_name(tmp_path):
    with pytest.raises(WXRError) as refusal:
        WXRReader(tmp_path / "gone.xml").survey()
    assert "gone.xml" in str(refusal.value)
