"""Review in the admin, on a phone and a desktop: an early draft saves with an unfinished credit,
an editor's change request reaches the reporter, and approving with a time says when, and where.
"""

import re

import pytest
from playwright.sync_api import expect
from wagtail.models import Workflow, WorkflowState

from dateline.news.factories import ArticleCreditFactory, ArticlePageFactory, ContributorFactory
from dateline.news.models import ArticlePage
from dateline.news.roles import EDITORS, REPORTERS, REVIEW_WORKFLOW

from .conftest import DESKTOP, choose_more_action
from .test_newsroom import log_in, staff_member

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
HEADLINE = "Border guards take bribes in yuan"
NOTE = "Please add a second source for the prices."


@pytest.fixture
def submitted(section):
    """An article a reporter wrote and submitted to the editors' review."""
    reporter = staff_member("reporter", REPORTERS)
    editor = staff_member("editor", EDITORS)
    editor.first_name, editor.last_name = "Mi-rae", "Kang"
    editor.save()
    article = ArticlePageFactory(parent=section, title=HEADLINE, live=False, owner=reporter)
    ArticleCreditFactory(article=article, contributor=ContributorFactory(name="Lee Min-jun"))
    article.save_revision(user=reporter)
    Workflow.objects.get(name=REVIEW_WORKFLOW).start(article, reporter)
    return article


@VIEWPORTS
def test_reporter_saves_an_early_draft_with_an_unfinished_credit(
    pages, section, viewport, settings
):
    # The reporter saves by hand: Wagtail's autosave, on its own timer, would race the click (two
    # new-page posts) or, on a busy machine, not have fired yet.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    ContributorFactory(name="Lee Min-jun")
    staff_member("reporter", REPORTERS)
    page = pages.open(javascript=True, viewport=viewport)
    log_in(page, "reporter")
    page.goto(f"/admin/pages/add/news/articlepage/{section.pk}/")
    page.locator("#id_title").fill(HEADLINE)
    page.locator("#id_standfirst").fill("Guards at the river crossings now ask for yuan.")
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Paragraph").click()
    page.locator("[data-streamfield-stream-container] [contenteditable=true]").first.click()
    page.keyboard.type("Traders said the rate doubled this month.")
    # A credit row with a contributor and no role yet: the reporter will ask who translated.
    form = page.locator("#inline_child_credits-0")
    form.get_by_role("button", name="Choose contributor").click()
    page.locator(".modal").get_by_role("link", name="Lee Min-jun").click()
    expect(form).to_contain_text("Lee Min-jun")

    page.locator("footer").get_by_role("button", name="Save draft").click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    expect(page.locator(".messages")).to_contain_text("created")
    expect(page.locator(".messages")).not_to_contain_text("needs both a contributor and a role")
    draft = ArticlePage.objects.get(title=HEADLINE)
    assert not draft.live
    credit = draft.get_latest_revision_as_object().credits.get()
    assert (credit.contributor.name, credit.role) == ("Lee Min-jun", "")

    # The check belongs at submission: there it names the row to finish.
    choose_more_action(page, "Submit to Editorial review")
    expect(page.locator("main")).to_contain_text("Credit 1 needs both a contributor and a role")
    assert draft.current_workflow_state is None
    assert pages.policy_violations == []


@VIEWPORTS
def test_editors_change_request_reaches_the_reporters_dashboard_and_edit_screen(
    pages, submitted, viewport
):
    editor = pages.open(javascript=True, viewport=viewport)
    log_in(editor, "editor")
    editor.goto(f"/admin/pages/{submitted.pk}/edit/")
    choose_more_action(editor, "Request changes")
    dialog = editor.locator(".modal")
    dialog.get_by_label("Comment").fill(NOTE)
    dialog.get_by_role("button", name="Request changes").click()
    expect(editor.locator(".messages")).to_contain_text(HEADLINE)
    editor.context.close()
    submitted.refresh_from_db()
    assert submitted.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES

    reporter = pages.open(javascript=True, viewport=viewport)
    log_in(reporter, "reporter")
    panel = reporter.locator("#changes-requested-section")
    expect(panel).to_contain_text(HEADLINE)
    expect(panel).to_contain_text("Mi-rae Kang asked for changes on")
    expect(panel).to_contain_text(f"“{NOTE}”")
    panel.get_by_role("link", name=HEADLINE).click()
    expect(reporter).to_have_url(re.compile(rf"/admin/pages/{submitted.pk}/edit/$"))
    expect(reporter.locator(".messages")).to_contain_text("Mi-rae Kang asked for changes on")
    expect(reporter.locator(".messages")).to_contain_text(f"“{NOTE}”")
    assert pages.policy_violations == []


@VIEWPORTS
def test_approving_with_a_publication_time_says_when_in_the_newsrooms_zone(
    pages, submitted, viewport
):
    page = pages.open(javascript=True, viewport=viewport)
    log_in(page, "editor")
    page.goto(f"/admin/pages/{submitted.pk}/edit/")
    page.locator("[data-side-panel-toggle='status']").first.click()
    page.get_by_role("button", name="Set schedule").click()
    dialog = page.locator("#schedule-publishing-dialog")
    expect(dialog).to_contain_text(
        "Dates and times are in the newsroom's time zone: Asia/Seoul, KST (UTC+09:00)."
    )
    dialog.locator("#id_go_live_at").fill("2099-01-02 09:30")
    # The date picker stays open over the dialog's button: press it from the keyboard.
    dialog.get_by_role("button", name="Save schedule").press("Enter")
    expect(page.locator("[data-side-panel='status']")).to_contain_text("9:30 a.m.")
    if viewport == PHONE:  # there the panel, kept open, covers the footer: close it first
        page.locator("[data-form-side-close-button]").click()
        expect(page.locator("[data-side-panel='status']")).to_be_hidden()

    choose_more_action(page, "Approve and Publish", exact=True)
    message = page.locator(".messages")
    expect(message).to_contain_text(f"“{HEADLINE}” is approved. Scheduled for")
    expect(message).to_contain_text("9:30 a.m. KST (Asia/Seoul)")
    expect(message).not_to_contain_text("has been updated")
    submitted.refresh_from_db()
    assert not submitted.live
    assert pages.policy_violations == []
