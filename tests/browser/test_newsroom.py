"""A reporter writes and submits an article in the Wagtail admin; an editor publishes it."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from dateline.news.factories import ContributorFactory, NewsImageFactory
from dateline.news.models import ArticlePage
from dateline.news.roles import EDITORS, REPORTERS

from .conftest import choose_more_action

pytestmark = pytest.mark.browser

PASSWORD = "a long and correct password"
HEADLINE = "Traders hide rice from market inspectors"


def staff_member(username, group_name):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, first_name=username.title()
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def newsroom(section):
    """What the newsroom already has: a section, two contributors, a photo in the library."""
    ContributorFactory(name="Lee Min-jun")
    ContributorFactory(name="Claire Dunmore")
    NewsImageFactory(title="Sacks of rice in a kitchen", description="", credit="Photo: Kim Su-a")
    staff_member("reporter", REPORTERS)
    staff_member("editor", EDITORS)
    return section


def log_in(page, username):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def credit(page, number, name, role):
    """Fill the credit form `number` (0-based): choose the contributor in the chooser, then a role."""
    form = page.locator(f"#inline_child_credits-{number}")
    form.get_by_role("button", name="Choose contributor").click()
    page.locator(".modal").get_by_role("link", name=name).click()
    expect(form).to_contain_text(name)
    page.select_option(f"#id_credits-{number}-role", role)


def write_and_submit_article(page, section):
    page.goto(f"/admin/pages/{section.pk}/")
    page.get_by_role("link", name="Add child page").click()
    page.get_by_role("link", name="Article").first.click()
    page.locator("#id_title").fill(HEADLINE)
    page.locator("#id_standfirst").fill("Market traders have started keeping rice at home.")

    page.get_by_role("button", name="Choose an image").click()
    page.locator(".modal").get_by_role("link", name="Sacks of rice in a kitchen").click()
    expect(page.locator("#id_hero_image-chooser")).to_contain_text("Sacks of rice in a kitchen")
    page.locator("#id_hero_alt").fill("Sacks of rice stacked against a kitchen wall")
    page.locator("#id_hero_caption").fill("Rice kept out of the inspectors' sight.")

    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Paragraph").click()
    page.locator("[data-streamfield-stream-container] [contenteditable=true]").first.click()
    page.keyboard.type("Inspectors came to the market twice last week.")

    credit(page, 0, "Lee Min-jun", "translator")
    page.locator("#panel-child-content-credits-section").get_by_role(
        "button", name=re.compile("^Add")
    ).click()
    credit(page, 1, "Claire Dunmore", "writer")

    # Wagtail's autosave creates the draft as soon as the form is valid, then edits it. Submitting
    # while that first save is under way would post the new-page form twice (the second time
    # refused: its slug is taken), so wait, as a reporter would, for the editor to show "Saved".
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    # An early draft saves even before the credits are complete, so autosave may still be saving
    # the last credit: give it the time a loaded machine needs.
    expect(page.locator(".w-autosave-indicator__state--saved")).to_be_visible(timeout=15_000)
    choose_more_action(page, "Submit to Editorial review")
    expect(page.locator(".messages")).to_contain_text("submitted for review")


def approve_submission(page):
    review = page.locator("section", has=page.get_by_role("heading", name="Awaiting your review"))
    row = review.locator("tr", has_text=HEADLINE)
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve", exact=True).click()
    expect(page.locator("tr", has_text=HEADLINE)).to_have_count(0)


def test_reporter_submits_an_article_and_an_editor_publishes_it(pages, newsroom):
    reporter = pages.open(javascript=True)
    log_in(reporter, "reporter")
    write_and_submit_article(reporter, newsroom)
    reporter.close()  # The editor page pings the server while open; the test reads the database.
    article = ArticlePage.objects.get(title=HEADLINE)
    assert not article.live
    assert article.current_workflow_task.name == "Editors' review"

    editor = pages.open(javascript=True)
    log_in(editor, "editor")
    approve_submission(editor)
    editor.close()
    article.refresh_from_db()
    assert article.live

    reader = pages.open(javascript=False)
    reader.goto(newsroom.url)
    reader.get_by_role("link", name=HEADLINE).click()
    expect(reader.locator("h1")).to_have_text(HEADLINE)
    expect(reader.locator(".credit-line")).to_have_text(
        "Translated by Lee Min-jun. Written in English by Claire Dunmore."
    )
    expect(reader.locator(".article__hero img")).to_have_attribute(
        "alt", "Sacks of rice stacked against a kitchen wall"
    )
    expect(reader.locator(".article__hero figcaption")).to_contain_text("Photo: Kim Su-a")
    expect(reader.locator(".article__body")).to_contain_text("Inspectors came to the market")
    # The admin's log-in, editor and review, and the reader's page, under their policies.
    assert pages.policy_violations == []


def test_reporter_is_not_offered_publish_in_the_editor(pages, newsroom):
    reporter = pages.open(javascript=True)
    log_in(reporter, "reporter")
    reporter.goto(f"/admin/pages/add/news/articlepage/{newsroom.pk}/")
    reporter.locator("footer").get_by_role("button", name="More actions").click()
    expect(reporter.get_by_role("button", name="Submit to Editorial review")).to_be_visible()
    expect(reporter.locator("footer").get_by_role("button", name="Publish")).to_have_count(0)
    assert pages.policy_violations == []
