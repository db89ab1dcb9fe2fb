"""A reader with JavaScript off, on a 360-pixel phone and a desktop, led on from page to page:
the language switch on an untranslated story, the stories around it, the front page's older
stories, the footer's links and the share links."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dateline.core.models import NewsroomSettings
from dateline.news.factories import ArticlePageFactory, SectionPageFactory, publish
from dateline.news.models import StandardPage

from .conftest import DESKTOP

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])


def story(section, days_ago, title, tags=()):
    article = ArticlePageFactory(parent=section, title=title, live=False)
    if tags:
        article.tags.add(*tags)
        article.save()
    return publish(article, at=timezone.now() - timedelta(days=days_ago))


@pytest.fixture
def desk(home, korean_home):
    """A section of six stories a day apart, and a story in another section on the same topic."""
    section = publish(SectionPageFactory(parent=home, title="North Korea", slug="north-korea"))
    economy = publish(SectionPageFactory(parent=home, title="Economy", slug="economy"))
    stories = [
        story(section, days_ago=10 - n, title=f"Border story {n}", tags=["rice"] if n == 5 else ())
        for n in range(6)
    ]
    story(economy, days_ago=12, title="Rice traders count their losses", tags=["rice"])
    return stories


@VIEWPORTS
def test_an_untranslated_story_still_offers_the_other_edition(pages, desk, viewport):
    page = pages.open(javascript=False, viewport=viewport)
    page.goto(desk[2].url)
    switch = page.get_by_role("navigation", name="Other language editions")
    switch.get_by_role("link", name="한국어").click()
    expect(page).to_have_url(re.compile(r"/ko/$"))
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    page.get_by_role("navigation", name="다른 언어판").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/$"))


@VIEWPORTS
def test_a_reader_goes_on_to_the_next_older_and_related_stories(pages, desk, viewport):
    page = pages.open(javascript=False, viewport=viewport)
    page.goto(desk[5].url)
    around = page.get_by_role("navigation", name="Stories in North Korea")
    expect(around.get_by_role("link")).to_have_count(1)  # the newest story has no next one
    more = page.get_by_role("navigation", name="More from North Korea")
    expect(more.get_by_role("heading", level=2)).to_have_text("More from North Korea")
    expect(more.locator("li a")).to_have_text(
        ["Border story 3", "Border story 2", "Border story 1", "Border story 0"]
    )
    related = page.get_by_role("navigation", name="Related stories")
    expect(related.locator("li a")).to_have_text(["Rice traders count their losses"])

    around.get_by_role("link", name=re.compile("Border story 4")).click()
    expect(page.locator("h1")).to_have_text("Border story 4")
    page.get_by_role("navigation", name="Stories in North Korea").get_by_role(
        "link", name=re.compile("Next story")
    ).click()
    expect(page.locator("h1")).to_have_text("Border story 5")


@VIEWPORTS
def test_the_front_page_leads_to_older_stories_and_back(pages, desk, viewport):
    section = desk[0].get_parent()
    for number in range(10):
        story(section, days_ago=20 + number, title=f"Archive story {number}")
    page = pages.open(javascript=False, viewport=viewport)
    page.goto("/")
    page.get_by_role("navigation", name="Pages of articles").get_by_role(
        "link", name="Older articles"
    ).click()
    expect(page).to_have_url(re.compile(r"/page/2/$"))
    expect(page.locator("h1")).to_have_text("Older stories, page 2")
    expect(page.locator(".card__headline a").first).to_be_visible()
    page.get_by_role("link", name="Newer articles").click()
    expect(page).to_have_url(re.compile(r"/$"))


@VIEWPORTS
def test_the_footer_leads_to_the_newsrooms_pages_feed_and_ways_in(pages, desk, viewport):
    home = desk[0].get_parent().get_parent()
    about = home.add_child(
        instance=StandardPage(title="About us", slug="about", show_in_menus=True, body=[])
    )
    publish(about)
    page = pages.open(javascript=False, viewport=viewport)
    page.goto(desk[0].url)
    footer = page.get_by_role("navigation", name="About this newsroom")
    expect(footer.get_by_role("link")).to_have_text(
        ["About us", "RSS feed", "Other ways to reach us", "How to check our copies"]
    )
    expect(footer.get_by_role("link", name="RSS feed")).to_have_attribute(
        "href", "/feeds/latest.rss"
    )
    footer.get_by_role("link", name="How to check our copies").click()
    expect(page).to_have_url(re.compile(r"/copies/$"))
    page.get_by_role("navigation", name="About this newsroom").get_by_role(
        "link", name="About us"
    ).click()
    expect(page.locator("h1")).to_have_text("About us")


@VIEWPORTS
def test_share_links_are_plain_links_and_the_address_can_be_copied_without_javascript(
    pages, desk, viewport
):
    newsroom = NewsroomSettings.for_site(desk[0].get_site())
    newsroom.share_networks = ["telegram"]
    newsroom.save()
    page = pages.open(javascript=False, viewport=viewport)
    requested_hosts = set()
    page.on("request", lambda request: requested_hosts.add(request.url.split("/")[2]))
    page.goto(desk[0].url)
    share = page.get_by_role("region", name="Share this story")
    expect(share.get_by_role("link", name="Email")).to_have_attribute(
        "href", re.compile("^mailto:")
    )
    expect(share.get_by_role("link", name="Telegram")).to_have_attribute(
        "href", re.compile(r"^https://t\.me/share/url\?url=")
    )
    address = share.get_by_label("Link to this story")
    expect(address).to_have_value(re.compile(re.escape(desk[0].url) + "$"))
    address.select_text()
    assert page.evaluate("window.getSelection().toString() || document.activeElement.value")
    expect(share.get_by_role("button")).to_have_count(0)  # the copy button needs JavaScript
    assert requested_hosts == {page.url.split("/")[2]}  # nothing loaded from other hosts


def test_with_javascript_a_copy_button_copies_the_address(pages, desk):
    page = pages.open(javascript=True)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(desk[0].url)
    share = page.get_by_role("region", name="Share this story")
    share.get_by_role("button", name="Copy link").click()
    expect(share.get_by_role("status")).to_have_text("Link copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(desk[0].url)
    assert pages.policy_violations == []
