"""A reader on a phone and a desktop, in the light and the dark theme, with JavaScript off."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
# WCAG 2.x AA: text under 18 point (all the text checked here) needs 4.5:1 against its background.
AA_CONTRAST = 4.5

# The contrast of every piece of text inside the scopes with its effective background, lowest
# first. Transparent backgrounds are looked through to the first ancestor that paints one.
CONTRAST = """
(scopes) => {
    const rgba = color => color.match(/[\\d.]+/g).map(Number);
    const channel = value => {
        value /= 255;
        return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
    };
    const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    const background = element => {
        for (let node = element; node; node = node.parentElement) {
            const color = rgba(getComputedStyle(node).backgroundColor);
            if (color.length === 3 || color[3] > 0) return color;
        }
        return [255, 255, 255];
    };
    const ratio = (a, b) => {
        const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
        return (light + 0.05) / (dark + 0.05);
    };
    const found = [];
    for (const element of document.querySelectorAll(scopes)) {
        const ownText = [...element.childNodes].some(
            node => node.nodeType === Node.TEXT_NODE && node.data.trim()) || element.value;
        if (!ownText || !element.checkVisibility()) continue;
        const text = rgba(getComputedStyle(element).color);
        found.push([ratio(text, background(element)), element.tagName + "." + element.className]);
    }
    return found.sort((a, b) => a[0] - b[0]);
}
"""
CAPTIONS_AND_COMMENT_FORM = (
    "figcaption, figcaption *, #comments, #comments *, #comments input, #comments textarea"
)


def paper_luminance(page) -> float:
    """Return how light the page's background is: 0 black, 1 white."""
    return page.evaluate(
        """() => {
            const [r, g, b] = getComputedStyle(document.body).backgroundColor
                .match(/[\\d.]+/g).map(Number);
            return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
        }"""
    )


def test_a_phone_shows_the_header_on_one_line_with_a_menu_that_needs_no_script(
    pages, translated_article
):
    page = pages.open(javascript=False, viewport=PHONE)
    page.goto(translated_article.url)
    header = page.locator("header.site-header")
    sections = page.locator("nav.sections")

    assert header.bounding_box()["height"] <= 72  # one line: name, language, menu
    expect(page.locator(".site-name")).to_be_visible()
    expect(sections).to_be_hidden()
    expect(page.locator("header input[name=q]")).to_be_hidden()

    menu = page.locator("summary", has_text="Menu")
    menu.focus()
    page.keyboard.press("Enter")
    expect(page.locator("header input[name=q]")).to_be_visible()
    sections.get_by_role("link", name="North Korea").click()
    expect(page).to_have_url(re.compile(r"/north-korea/$"))
    expect(sections).to_be_hidden()  # a new page starts with the menu closed


def test_a_phone_shows_the_article_picture_on_the_first_screen(pages, translated_article):
    page = pages.open(javascript=False, viewport=PHONE)
    page.goto(translated_article.url)

    hero = page.locator("figure.article__hero img").bounding_box()
    assert hero["y"] + hero["height"] <= PHONE["height"], hero


def test_a_desktop_shows_sections_and_search_without_a_menu(pages, translated_article):
    page = pages.open(javascript=False, viewport=DESKTOP)
    page.goto(translated_article.url)

    expect(page.locator("summary", has_text="Menu")).to_be_hidden()
    expect(page.locator("header input[name=q]")).to_be_visible()
    page.locator("nav.sections").get_by_role("link", name="North Korea").click()
    expect(page).to_have_url(re.compile(r"/north-korea/$"))


@pytest.mark.parametrize(
    "viewport, thumbnail_at_most", [(PHONE, 100), (DESKTOP, 200)], ids=["360px", "1280px"]
)
def test_listed_stories_show_a_small_picture_beside_the_headline(
    pages, translated_article, viewport, thumbnail_at_most
):
    page = pages.open(javascript=False, viewport=viewport)
    page.goto("/north-korea/")
    card = page.locator("article.card", has_text=translated_article.title)

    picture = card.locator(".card__image img").bounding_box()
    headline = card.locator(".card__headline").bounding_box()
    assert 0 < picture["width"] <= thumbnail_at_most
    assert picture["y"] < headline["y"] + headline["height"]  # beside, not above
    assert card.bounding_box()["height"] < 250


@pytest.mark.parametrize(
    "color_scheme, viewport",
    [("dark", PHONE), ("dark", DESKTOP), ("light", PHONE)],
    ids=["dark-360px", "dark-1280px", "light-360px"],
)
def test_captions_and_the_comment_form_are_readable_in_either_theme(
    pages, translated_article, color_scheme, viewport
):
    page = pages.open(javascript=False, viewport=viewport, color_scheme=color_scheme)
    page.goto(translated_article.url)
    page.locator("#comments textarea").fill("Prices here went up too.")
    page.locator("#comments input[type=text]").first.fill("Reader")

    lightness = paper_luminance(page)
    assert lightness < 0.15 if color_scheme == "dark" else lightness > 0.9
    contrasts = page.evaluate(CONTRAST, CAPTIONS_AND_COMMENT_FORM)
    captions = [found for found in contrasts if found[1].startswith(("FIGCAPTION", "SPAN.credit"))]
    assert captions, "no caption text was checked"
    too_faint = [(round(ratio, 2), element) for ratio, element in contrasts if ratio < AA_CONTRAST]
    assert not too_faint


@pytest.mark.parametrize(
    "url, viewport, color_scheme, heading, website",
    [
        ("/feeds/latest.rss", PHONE, "light", "This is a news feed", "Read the stories on"),
        ("/ko/feeds/latest.atom", DESKTOP, "dark", "뉴스 피드입니다", "웹사이트에서 기사 읽기"),
    ],
    ids=["rss-360px", "korean-atom-1280px"],
)
def test_a_feed_opened_in_a_browser_explains_what_a_feed_is(
    pages, translated_article, url, viewport, color_scheme, heading, website
):
    page = pages.open(javascript=False, viewport=viewport, color_scheme=color_scheme)
    page.goto(url)

    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    link = page.get_by_role("link", name=website)
    expect(link).to_be_visible()
    title = translated_article.title if url.startswith("/feeds") else "혜산 쌀값"
    expect(page.get_by_text(title, exact=False).first).to_be_visible()
    # The feed itself, styled: not its markup shown as plain text, nor another page.
    assert page.evaluate("document.documentElement.localName") in ("rss", "feed")
    assert (
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        == 0
    )
    link.click()
    expect(page).to_have_url(re.compile(r"/(ko/)?$"))
