"""WordPress HTML → body blocks: WordPress's paragraphs, shortcodes, safe rich text, exact text."""

from dateline.wordpress.autop import wpautop
from dateline.wordpress.content import (
    BodyConverter,
    ImageRef,
    clean_text,
    comment_text,
    plain_text,
)
from dateline.wordpress.shortcodes import expand_shortcodes


def convert(html, images=None):
    images = images or {}

    def resolve(attachment_id, src):
        return images.get(attachment_id) or images.get(src)

    return BodyConverter(resolve, "https://borderdesk.example").convert(html)


def values(result, block_type="paragraph"):
    return [block["value"] for block in result.blocks if block["type"] == block_type]


def test_blank_lines_make_paragraphs_and_single_breaks_make_line_breaks():
    assert wpautop("One\ntwo\n\nThree") == "<p>One<br />\ntwo</p>\n<p>Three</p>\n"


def test_block_elements_are_not_wrapped_in_paragraphs():
    assert wpautop("<h2>Head</h2>\nText") == "<h2>Head</h2>\n<p>Text</p>\n"


def test_preformatted_text_keeps_its_blank_lines():
    assert "<pre>a\n\nb</pre>" in wpautop("Intro\n\n<pre>a\n\nb</pre>")


def test_classic_post_becomes_paragraph_blocks():
    result = convert("First paragraph.\n\nSecond paragraph.")
    assert values(result) == ["<p>First paragraph.</p>", "<p>Second paragraph.</p>"]


def test_block_editor_post_is_not_given_extra_paragraphs():
    result = convert("<!-- wp:paragraph -->\n<p>One\nline</p>\n<!-- /wp:paragraph -->")
    assert values(result) == ["<p>One line</p>"]


def test_characters_come_through_exactly():
    text = "“Curly” ‘quotes’ — dashes – and… 혜산 시장 &amp; ﻿ellipsis"  # noqa: RUF001
    expected = "<p>“Curly” ‘quotes’ — dashes – and… 혜산 시장 &amp; ﻿ellipsis</p>"  # noqa: RUF001
    assert values(convert(text)) == [expected]


def test_headings_lists_and_quotes_become_their_blocks():
    result = convert(
        "<h3>Sub</h3>\n<ul><li>a <strong>b</strong></li></ul>\n"
        "<blockquote><p>Said.</p><cite>a source</cite></blockquote>"
    )
    assert [block["type"] for block in result.blocks] == ["heading", "paragraph", "quote"]
    assert values(result, "heading") == ["Sub"]
    assert values(result) == ["<ul><li>a <b>b</b></li></ul>"]
    assert values(result, "quote") == [{"quote": "Said.", "attribution": "a source"}]


def test_caption_shortcode_becomes_an_image_block_with_its_caption():
    result = convert(
        '[caption id="attachment_5"]<img class="wp-image-5" src="a.jpg" alt="Alt" /> '
        "The <em>caption</em>.[/caption]",
        images={5: ImageRef(image_id=42, alt="Stored alt")},
    )
    assert values(result, "image") == [
        {
            "image": {"image": 42, "decorative": False, "alt_text": "Alt"},
            "caption": "The caption.",
        }
    ]


def test_image_without_any_alt_text_is_marked_decorative_and_reported():
    result = convert('<img class="wp-image-5" src="a.jpg">', images={5: ImageRef(42, "")})
    assert values(result, "image")[0]["image"]["decorative"] is True
    assert any("alt text" in warning for warning in result.warnings)


def test_image_not_imported_is_left_out_and_reported():
    result = convert('Text <img src="https://elsewhere.example/x.jpg">')
    assert values(result, "image") == []
    assert "image from another site left out" in result.warnings


def test_unknown_shortcode_is_reported_and_its_text_kept():
    result = convert('[pullquote align="left"]Words[/pullquote] and [sic] stay')
    assert values(result) == ["<p>Words and [sic] stay</p>"]
    assert "unknown shortcode [pullquote] removed, its text kept" in result.warnings


def test_escaped_shortcode_stays_as_written():
    assert expand_shortcodes("[[caption]]").html == "[caption]"


def test_embed_becomes_a_plain_link_not_a_player():
    result = convert("[embed]https://video.example/watch?v=1[/embed]")
    assert values(result) == [
        '<p><a href="https://video.example/watch?v=1">https://video.example/watch?v=1</a></p>'
    ]


def test_scripts_event_handlers_and_javascript_links_are_removed():
    result = convert(
        '<p onclick="steal()">Go <a href="javascript:alert(1)">here</a></p>'
        "<script>alert(2)</script><iframe src='javascript:alert(3)'></iframe>"
        '<p><a href="JaVaScRiPt:alert(4)" onmouseover="x()">there</a></p>'
    )
    html = "".join(values(result))
    assert html == "<p>Go here</p><p>there</p>"


def test_links_to_the_old_site_become_paths_that_redirect():
    result = convert('<a href="https://borderdesk.example/2024/02/story/?x=1#top">earlier</a>')
    assert values(result) == ['<p><a href="/2024/02/story/?x=1#top">earlier</a></p>']


def test_comment_html_becomes_plain_text_with_its_paragraphs():
    assert (
        comment_text(
            'Hi <a href="https://x.example/">there</a><br>line two\n\nNext <script>alert(1)</script>'
        )
        == "Hi there (https://x.example/)\nline two\n\nNext"
    )


def test_plain_text_decodes_entities_and_drops_tags():
    assert plain_text("Title <em>with</em> &amp; “marks”") == "Title with & “marks”"


def test_a_cleaned_paragraphs_text_is_what_parsing_it_gives():
    """The text of a paragraph nh3 has cleaned is read without a parser; it must be the same."""
    fragments = [
        '<p>Prices <b>rose</b> &amp; fell at the <a href="https://x.example/?a=1&amp;b=>2">market'
        "</a>.</p>",
        "<p>쌀값이 &lt;다시&gt; 올랐다 &nbsp; — “quoted” 'single' &#8217;</p>",
        "<ul><li>one</li>\n<li>two <i>and</i> three</li></ul>",
        "<p>line<br>break<br/>and <sup>1</sup><sub>2</sub> &copy; 2026</p>",
        "<p>A > B and C &gt; D, 5 &lt; 6 &amp;amp; more</p>",
    ]
    for fragment in fragments:
        cleaned = BodyConverter._clean(fragment)
        assert clean_text(cleaned) == plain_text(cleaned), cleaned
