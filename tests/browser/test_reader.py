"""A reader with JavaScript switched off, on a phone and on a desktop, in a real Chromium."""

import re
import subprocess

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

# The article's parts from top to bottom, as issue 2 numbers them.
ARTICLE_PARTS = [
    ".article__section a",
    "h1.article__headline",
    ".article__standfirst",
    ".byline",
    ".dates time",
    "figure.article__hero img",
    "figure.article__hero figcaption",
    ".article__body blockquote",
    ".article__body h2",
    ".article__body figure img",
    ".article__body figure figcaption",
    ".credit-line",
    ".translation-note",
    "nav.topics",
    "#comments",
]


def horizontal_overflow(page) -> int:
    """Return by how many pixels the page is wider than the window (0 when nothing sticks out)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_reader_follows_a_section_to_an_article_and_sees_every_part(pages, translated_article):
    page = pages.open(javascript=False)
    page.goto("/")
    expect(page.locator(".site-name")).to_have_text("Dateline")
    expect(page.locator("main")).to_contain_text(translated_article.title)

    page.locator("nav.sections").get_by_role("link", name="North Korea").click()
    expect(page).to_have_url(re.compile(r"/north-korea/$"))
    expect(page.locator("h1")).to_have_text("North Korea")

    page.get_by_role("link", name=translated_article.title).click()
    expect(page).to_have_url(re.compile(r"/north-korea/hyesan-rice-doubles/$"))
    expect(page).to_have_title(re.compile(r"^Rice nearly doubles in price in Hyesan"))
    tops = []
    for selector in ARTICLE_PARTS:
        part = page.locator(selector).first
        expect(part).to_be_visible()
        tops.append(part.bounding_box()["y"])
    assert tops == sorted(tops), list(zip(ARTICLE_PARTS, tops, strict=True))
    expect(page.locator(".credit-line")).to_have_text(
        "Translated by Lee Min-jun. Written in English by Claire Dunmore."
    )


def test_article_pictures_load_in_a_modern_format(pages, translated_article):
    page = pages.open(javascript=False)
    page.goto(translated_article.url)
    pictures = page.locator("article picture img").all()
    assert len(pictures) == 2  # the hero and the picture in the body
    for picture in pictures:
        picture.scroll_into_view_if_needed()
        expect(picture).to_have_js_property("complete", True)
        assert picture.evaluate("img => img.naturalWidth") > 0
        assert picture.evaluate("img => img.currentSrc").endswith(".avif")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["320px", "1280px"])
def test_nothing_sticks_out_sideways(pages, translated_article, korean_original, viewport):
    page = pages.open(javascript=False, viewport=viewport)
    for url in (
        "/",
        "/north-korea/",
        translated_article.url,
        korean_original.url,
        "/contributors/claire-dunmore/",
        "/topics/rice-prices/",
        "/no-such-page/",
    ):
        page.goto(url)
        assert horizontal_overflow(page) == 0, url


def test_hero_picture_spans_the_article_on_a_desktop(pages, translated_article):
    page = pages.open(javascript=False, viewport=DESKTOP)
    page.goto(translated_article.url)
    article_width = page.locator("article.article").bounding_box()["width"]
    assert page.locator(".article__hero img").bounding_box()["width"] == article_width


def korean_fonts() -> str:
    """List the machine's fonts with Korean letters (fontconfig, which Chromium draws with)."""
    return subprocess.run(
        ["fc-list", ":lang=ko", "family"], capture_output=True, text=True, check=False
    ).stdout.strip()


def test_korean_lines_break_between_words_not_inside_them(pages, korean_original):
    # Without a Korean font Chromium draws nothing to measure, and every word "fits".
    assert korean_fonts(), "Install a Korean font for this test: apt-get install fonts-nanum"
    page = pages.open(javascript=False, viewport=PHONE)
    page.goto(korean_original.url)
    words_split_across_lines = page.evaluate(
        """() => {
            const split = [];
            for (const block of document.querySelectorAll(
                    '.article__headline, .article__standfirst, .article__body p')) {
                const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                    for (const match of node.data.matchAll(/\\S+/g)) {
                        const range = document.createRange();
                        range.setStart(node, match.index);
                        range.setEnd(node, match.index + match[0].length);
                        const lineTops = new Set(
                            [...range.getClientRects()].map(rect => Math.round(rect.top)));
                        if (lineTops.size > 1) split.push(match[0]);
                    }
                }
            }
            return split;
        }"""
    )
    assert words_split_across_lines == []
    headline_lines = page.locator(".article__headline").evaluate(
        "h1 => Math.round(h1.getBoundingClientRect().height / parseFloat(getComputedStyle(h1).lineHeight))"
    )
    assert headline_lines >= 2  # The check above only means something if the headline wraps.


def test_skip_link_appears_on_the_first_tab_and_leads_to_the_content(pages, translated_article):
    page = pages.open(javascript=False, viewport=PHONE)
    page.goto(translated_article.url)
    skip_link = page.get_by_role("link", name="Skip to main content")
    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    assert skip_link.bounding_box()["y"] >= 0  # Moved into view, not left off-screen.
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


def test_printed_article_leaves_out_navigation_and_comments(pages, translated_article):
    page = pages.open(javascript=False)
    page.goto(translated_article.url)
    page.emulate_media(media="print")
    expect(page.locator("nav.sections")).to_be_hidden()
    expect(page.locator("#comments")).to_be_hidden()
    expect(page.locator("h1.article__headline")).to_be_visible()
    expect(page.locator(".credit-line")).to_be_visible()
