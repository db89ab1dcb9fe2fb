"""A reader with JavaScript off searches from the header box and opens what they found."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PHONE

pytestmark = pytest.mark.browser


def test_reader_finds_a_korean_article_by_a_word_inside_a_longer_one(pages, korean_original):
    page = pages.open(javascript=False, viewport=PHONE)
    page.goto("/ko/")

    page.get_by_text("메뉴").click()  # on a phone the search box is behind the header's menu
    page.locator("header form[role=search] input[name=q]").fill("장마당")
    page.locator("header form[role=search] button").click()

    expect(page).to_have_url(re.compile(r"/ko/search/\?q="))
    result = page.locator(".search-result").first
    expect(result.locator("h3")).to_have_text(korean_original.title)
    expect(result.locator("mark").first).to_have_text("장마당")
    assert (
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        == 0
    )

    result.get_by_role("link", name=korean_original.title).click()
    expect(page.locator("h1")).to_have_text(korean_original.title)


def test_reader_narrows_results_to_a_section_and_back_to_every_edition(pages, translated_article):
    page = pages.open(javascript=False)
    page.goto("/search/?q=rice")
    expect(page.locator(".search-result h3")).to_have_text([translated_article.title])

    page.locator("select[name=language]").select_option("all")
    page.locator("main form[role=search] button").click()

    expect(page.locator(".search-result")).to_have_count(1)
    page.locator("main input[name=q]").fill("쌀값")
    page.locator("main form[role=search] button").click()
    expect(page.locator(".search-result h3")).to_have_text(
        ["혜산 쌀값, 한 달 새 두 배 가까이 올라"]
    )
