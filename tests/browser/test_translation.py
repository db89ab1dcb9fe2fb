"""An editor translates an article: a draft in progress beside its original, then a Korean page in
Korean words; and a right-to-left edition that mirrors the page."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from dateline.news.factories import (
    ArticleCreditFactory,
    ArticlePageFactory,
    ContributorFactory,
    NewsImageFactory,
    paragraphs,
    publish,
)
from dateline.news.models import ArticlePage, CreditRole
from dateline.news.roles import EDITORS

from .conftest import DESKTOP, choose_more_action

pytestmark = pytest.mark.browser

PASSWORD = "a long and correct password"
NARROW = {"width": 360, "height": 740}
# Where the words of an element's text sit (its box spans the column whichever way it runs).
TEXT_BOX = """(selector) => {
    const range = document.createRange();
    range.selectNodeContents(document.querySelector(selector));
    const box = range.getClientRects()[0];
    return {left: box.left, right: box.right};
}"""
VIEWPORTS = pytest.mark.parametrize("viewport", [NARROW, DESKTOP], ids=["360px", "1280px"])


@pytest.fixture
def english_original(section):
    """An English story reported by Han Ji-woo (한지우 in Korean), written by Claire Dunmore."""
    article = ArticlePageFactory(
        parent=section,
        title="Rice doubles in price in Hyesan",
        slug="rice-doubles",
        standfirst="Families are switching to corn as border controls tighten.",
        body=paragraphs("The price of rice has nearly doubled in a month."),
        hero_image=NewsImageFactory(title="Border town", credit="Yoon Ha-eun"),
        hero_alt="Low roofs seen from a hill",
        live=False,
    )
    ArticleCreditFactory(
        article=article,
        contributor=ContributorFactory(name="Han Ji-woo", names={"ko": "한지우"}),
        role=CreditRole.REPORTER,
    )
    ArticleCreditFactory(
        article=article,
        contributor=ContributorFactory(name="Claire Dunmore"),
        role=CreditRole.WRITER,
    )
    return publish(article)


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user(
        username="editor", password=PASSWORD, first_name="Mi-rae"
    )
    user.groups.add(Group.objects.get(name=EDITORS))
    ContributorFactory(name="Lee Min-jun", names={"ko": "이민준"})
    return user


def log_in(page):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def translate_into_korean(page, original):
    page.goto(f"/admin/translation/submit/page/{original.pk}/")
    page.get_by_label("Korean").check()
    page.get_by_role("button", name="Submit").click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))


def test_translation_starts_in_progress_beside_its_original_and_publishes_in_korean(
    pages, english_original, korean_section, editor
):
    page = pages.open(javascript=True)
    log_in(page)
    translate_into_korean(page, english_original)

    expect(page.locator(".messages")).to_contain_text("Translation in progress")
    original = page.locator(".translation-original")
    expect(original).to_contain_text("The original, in English")
    expect(original).to_contain_text("Families are switching to corn as border controls tighten.")
    # The translator is asked for: an empty translator row; the English writer is not carried.
    expect(page.locator("#id_credits-0-role")).to_have_value("translator")
    expect(page.locator("#inline_child_credits-0")).not_to_contain_text("Claire Dunmore")

    page.locator("#id_title").fill("혜산 쌀값 한 달 새 두 배로")
    page.locator("#inline_child_credits-0").get_by_role("button", name="Choose contributor").click()
    page.locator(".modal").get_by_role("link", name="Lee Min-jun").click()
    expect(page.locator("#inline_child_credits-0")).to_contain_text("Lee Min-jun")
    choose_more_action(page, "Publish", exact=True)
    expect(page.locator(".messages")).to_contain_text("published")
    page.close()

    translation = ArticlePage.objects.get(locale__language_code="ko", title__startswith="혜산")
    assert translation.live and not translation.translation_in_progress

    reader = pages.open(javascript=False, viewport=NARROW)
    reader.goto(translation.url)
    expect(reader.locator(".credit-line")).to_have_text("번역: 이민준. 취재: 한지우.")
    expect(reader.locator(".byline")).to_contain_text("한지우")
    expect(reader.locator(".article__hero figcaption")).to_contain_text("사진: Yoon Ha-eun")
    expect(reader.locator(".dates time").first).to_have_text(
        re.compile(r"^\d{4}년 \d{1,2}월 \d{1,2}일 (오전|오후) \d{1,2}:\d{2}$")
    )
    english = pages.open(javascript=False, viewport=NARROW)
    english.goto(english_original.url)
    expect(english.locator(".byline")).to_contain_text("Han Ji-woo")
    expect(english.locator(".article__hero figcaption")).to_contain_text("Photo: Yoon Ha-eun")
    assert pages.policy_violations == []


def boxes_of(page, *locators):
    for locator in locators:
        expect(locator).to_be_visible()
    return [locator.bounding_box() for locator in locators]


@VIEWPORTS
def test_translator_reads_the_original_beside_the_copy(
    pages, english_original, korean_section, editor, viewport
):
    page = pages.open(javascript=True, viewport=viewport)
    log_in(page)
    translate_into_korean(page, english_original)

    original = page.locator(".translation-original details")
    expect(original).to_contain_text(english_original.standfirst)
    original_text, title_field = boxes_of(page, original, page.locator("#id_title"))
    if viewport == DESKTOP:
        # Side by side: the original's text and the copy's headline share a vertical band, the
        # original on the left, and each column is wide enough to read (over 380 pixels).
        assert original_text["y"] < title_field["y"] + title_field["height"]
        assert title_field["y"] < original_text["y"] + original_text["height"]
        assert original_text["x"] + original_text["width"] <= title_field["x"]
        assert original_text["width"] > 380 and title_field["width"] > 380
    else:
        # Stacked on a phone: the original first, then the copy, neither cut off at the sides.
        assert original_text["y"] + original_text["height"] <= title_field["y"]
        for box in (original_text, title_field):
            assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
        assert original_text["width"] > 250 and title_field["width"] > 250


def test_both_sides_see_the_original_changed_and_what_changed(
    pages, english_original, korean_section, editor
):
    page = pages.open(javascript=True)
    log_in(page)
    translate_into_korean(page, english_original)
    translation_edit_url = page.url
    english_original.standfirst = "Families switch to corn; officials deny any shortage."
    publish(english_original)

    page.goto(translation_edit_url)
    notice = page.locator(".messages")
    expect(notice).to_contain_text("The original was updated on")
    with page.context.expect_page() as compare:
        notice.get_by_role("link", name="See what changed").click()
    expect(compare.value.locator("body")).to_contain_text("officials deny any shortage")

    page.goto(f"/admin/pages/{english_original.pk}/edit/")
    expect(page.locator(".messages")).to_contain_text(
        "The Korean translation follows an earlier version"
    )


@pytest.fixture
def uyghur_article(uyghur_edition, section):
    uyghur_section = section.copy_for_translation(uyghur_edition.locale)
    uyghur_section.title = "ئىقتىساد"
    publish(uyghur_section)
    article = ArticlePageFactory(
        parent=uyghur_section,
        title="بازاردا ئۇن باھاسى يەنە ئۆستى",
        slug="flour-price-rises-again",
        standfirst="نۇرغۇن ئائىلىلەر كۈندىلىك تاماقنى ئازايتىشقا مەجبۇر بولماقتا.",
        body=paragraphs("بازاردا ئۇن باھاسى بىر ئاي ئىچىدە ئۈچتىن بىر ئۆستى."),
        live=False,
    )
    return publish(article)


@VIEWPORTS
def test_uyghur_edition_reads_right_to_left_with_a_mirrored_header(pages, uyghur_article, viewport):
    page = pages.open(javascript=False, viewport=viewport)

    for url, heading in (("/ug/", ".card__headline"), (uyghur_article.url, "h1")):
        page.goto(url)
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        logo = page.locator(".site-name").bounding_box()
        # The newsroom's name starts the header on the right, as Uyghur is read.
        assert logo["x"] + logo["width"] / 2 > viewport["width"] / 2
        # Text starts on the right too: a short headline's words sit at the right margin.
        words = page.evaluate(TEXT_BOX, heading)
        assert words["left"] >= viewport["width"] - words["right"]
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"]
    assert pages.policy_violations == []


@VIEWPORTS
def test_english_header_keeps_its_logo_on_the_left(pages, section, viewport):
    page = pages.open(javascript=False, viewport=viewport)
    page.goto(section.url)

    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    logo = page.locator(".site-name").bounding_box()
    assert logo["x"] + logo["width"] / 2 < viewport["width"] / 2
