"""Reporters write and submit, Editors review and publish, through the admin as staff use it."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowState,
)
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from dateline.news.factories import ContributorFactory, NewsImageFactory
from dateline.news.models import ArticlePage
from dateline.news.roles import EDITORS, REPORTERS, REVIEW_TASK, REVIEW_WORKFLOW


def staff_member(username, group_name):
    user = get_user_model().objects.create_user(username=username, password="correct horse")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def reporter(db):
    return staff_member("reporter", REPORTERS)


@pytest.fixture
def editor(db):
    return staff_member("editor", EDITORS)


def article_form(client, parent, **fields):
    """Open the admin's new-article form and fill it in, keeping every default the form offers."""
    add_url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", parent.pk])
    response = client.get(add_url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    writer, translator = ContributorFactory(name="Claire Dunmore"), ContributorFactory(name="Lee")
    data.update(
        {
            "title": "Traders hide rice from inspectors",
            "slug": "traders-hide-rice",
            "standfirst": "Market traders have started storing rice at home.",
            "hero_image": str(NewsImageFactory(description="").pk),
            "hero_alt": "Sacks of rice stacked in a kitchen",
            "hero_caption": "Rice kept out of sight.",
            "credits-TOTAL_FORMS": "2",
            "credits-0-contributor": str(translator.pk),
            "credits-0-role": "translator",
            "credits-0-ORDER": "0",
            "credits-1-contributor": str(writer.pk),
            "credits-1-role": "writer",
            "credits-1-ORDER": "1",
            "tags": "rice, markets",
        }
    )
    data.update(
        nested_form_data(
            {"body": streamfield([("paragraph", rich_text("<p>Inspectors came twice.</p>"))])}
        )
    )
    data.update(fields)
    return add_url, data


def test_newsroom_roles_exist_after_migrate(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {REPORTERS, EDITORS}


def test_only_editors_may_publish_pages(db):
    publishers = GroupPagePermission.objects.filter(permission__codename="publish_page")
    assert set(publishers.values_list("group__name", flat=True)) == {EDITORS}


def test_review_workflow_sends_every_page_to_the_editors(db):
    workflow = Workflow.objects.get(name=REVIEW_WORKFLOW)
    assert workflow.active
    assert Page.get_first_root_node().get_workflow() == workflow
    (task,) = [task.specific for task in workflow.tasks.all()]
    assert isinstance(task, GroupApprovalTask)
    assert task.name == REVIEW_TASK
    assert list(task.groups.values_list("name", flat=True)) == [EDITORS]


def test_reporter_can_save_a_draft_article(client, reporter, section):
    client.force_login(reporter)
    url, data = article_form(client, section)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    article = ArticlePage.objects.get(slug="traders-hide-rice")
    assert not article.live
    assert article.owner == reporter


def test_reporter_submits_an_article_to_the_editors_review(client, reporter, section):
    client.force_login(reporter)
    url, data = article_form(client, section, **{"action-submit": "Submit for review"})
    assert client.post(url, data).status_code == 302

    article = ArticlePage.objects.get(slug="traders-hide-rice")
    assert not article.live
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(article.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == reporter
    assert state.current_task_state.task.name == REVIEW_TASK


def test_submitted_article_keeps_its_credits_in_the_newsrooms_order(client, reporter, section):
    client.force_login(reporter)
    url, data = article_form(client, section, **{"action-submit": "Submit for review"})
    client.post(url, data)
    draft = ArticlePage.objects.get(slug="traders-hide-rice").get_latest_revision_as_object()
    assert [(c.contributor.name, c.role) for c in draft.credits.all()] == [
        ("Lee", "translator"),
        ("Claire Dunmore", "writer"),
    ]


def test_reporter_cannot_publish_by_sending_the_publish_action(client, reporter, section):
    client.force_login(reporter)
    url, data = article_form(client, section, **{"action-publish": "Publish"})
    client.post(url, data)
    article = ArticlePage.objects.get(slug="traders-hide-rice")
    assert not article.live
    assert article.first_published_at is None


def test_reporter_is_not_offered_a_publish_button(client, reporter, section):
    client.force_login(reporter)
    add_url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", section.pk])
    html = client.get(add_url).content.decode()
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html


def test_reporter_cannot_unpublish_a_live_article(client, reporter, article):
    client.force_login(reporter)
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[article.pk]))
    assert response.status_code in (302, 403)
    article.refresh_from_db()
    assert article.live


def test_hero_image_without_alt_text_is_refused_in_the_admin_form(client, reporter, section):
    client.force_login(reporter)
    url, data = article_form(client, section, hero_alt="")
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["hero_alt"] == [
        "Describe the hero image for readers who cannot see it."
    ]
    assert not ArticlePage.objects.filter(slug="traders-hide-rice").exists()


def submitted_article(client, reporter, section):
    client.force_login(reporter)
    url, data = article_form(client, section, **{"action-submit": "Submit for review"})
    client.post(url, data)
    client.logout()
    return ArticlePage.objects.get(slug="traders-hide-rice")


def test_editor_sees_the_submission_awaiting_their_review(client, reporter, editor, section):
    article = submitted_article(client, reporter, section)
    client.force_login(editor)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Awaiting your review" in dashboard
    assert article.title in dashboard


def test_editor_approves_and_publishes_the_submission(client, reporter, editor, section):
    article = submitted_article(client, reporter, section)
    state = article.current_workflow_state
    client.force_login(editor)
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[article.pk, "approve", state.current_task_state.pk],
        ),
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    article.refresh_from_db()
    assert article.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    page = client.get(section.url).content.decode()
    assert "Traders hide rice from inspectors" in page


def test_reporter_cannot_approve_their_own_submission(client, reporter, section):
    article = submitted_article(client, reporter, section)
    state = article.current_workflow_state
    client.force_login(reporter)
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[article.pk, "approve", state.current_task_state.pk],
        ),
        {"comment": ""},
    )
    article.refresh_from_db()
    assert not article.live


def test_editor_unpublishes_an_article(client, editor, article):
    client.force_login(editor)
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[article.pk]))
    assert response.status_code == 302
    article.refresh_from_db()
    assert not article.live
    assert client.get(article.url).status_code == 404


def test_editor_publishes_an_article_directly(client, editor, section):
    client.force_login(editor)
    url, data = article_form(client, section, **{"action-publish": "Publish"})
    assert client.post(url, data).status_code == 302
    article = ArticlePage.objects.get(slug="traders-hide-rice")
    assert article.live
    assert client.get(article.url).status_code == 200


UNFINISHED_CREDIT = {"credits-1-contributor": "", "credits-1-role": ""}


def test_reporter_saves_an_early_draft_with_an_unfinished_credit(client, reporter, section):
    client.force_login(reporter)
    url, data = article_form(client, section, **UNFINISHED_CREDIT)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    article = ArticlePage.objects.get(slug="traders-hide-rice")
    credits = article.get_latest_revision_as_object().credits.all()
    assert [(c.contributor_id is None, c.role) for c in credits][1] == (True, "")


@pytest.mark.parametrize(
    "user, action",
    [
        ("reporter", {"action-submit": "Submit for review"}),
        ("editor", {"action-publish": "Publish"}),
    ],
)
def test_submitting_or_publishing_asks_for_the_unfinished_credit(
    client, request, section, user, action
):
    client.force_login(request.getfixturevalue(user))
    url, data = article_form(client, section, **UNFINISHED_CREDIT, **action)
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Credit 2 needs both a contributor and a role" in html
    assert not ArticlePage.objects.filter(slug="traders-hide-rice", live=True).exists()
    assert not WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS).exists()


def approve_in_the_edit_view(client, editor, article, **fields):
    client.force_login(editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    data = querydict_from_html(client.get(edit_url).content.decode(), form_id="page-edit-form")
    data.update({"action-workflow-action": "true", "workflow-action-name": "approve", **fields})
    body = [("paragraph", rich_text("<p>Inspectors came twice.</p>"))]
    data.update(nested_form_data({"body": streamfield(body)}))
    return client.post(edit_url, data, follow=True)


def test_approving_a_scheduled_article_says_when_with_the_time_zone(
    client, reporter, editor, section
):
    article = submitted_article(client, reporter, section)
    response = approve_in_the_edit_view(client, editor, article, go_live_at="2099-01-02 09:30")
    shown = " ".join(response.content.decode().split())
    assert "Scheduled for" in shown and "KST (Asia/Seoul)" in shown
    assert "has been updated" not in shown
    article.refresh_from_db()
    assert not article.live


def test_approving_an_article_without_a_time_says_published(client, reporter, editor, section):
    article = submitted_article(client, reporter, section)
    shown = approve_in_the_edit_view(client, editor, article).content.decode()
    assert "is approved. Published." in shown
    assert "has been updated" not in shown


def test_schedule_dialog_names_the_newsrooms_time_zone(client, editor, article):
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    assert (
        "Dates and times are in the newsroom&#x27;s time zone: Asia/Seoul, KST (UTC+09:00)" in html
    )


def request_changes(client, editor, article, note):
    state = article.current_workflow_state
    client.force_login(editor)
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[article.pk, "reject", state.current_task_state.pk],
        ),
        {"comment": note},
    )
    client.logout()


def test_editors_change_request_shows_on_the_reporters_edit_screen(
    client, reporter, editor, section
):
    editor.first_name, editor.last_name = "Mi-rae", "Kang"
    editor.save()
    article = submitted_article(client, reporter, section)
    request_changes(client, editor, article, "Please add a second source.")
    client.force_login(reporter)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    assert "Mi-rae Kang asked for changes on" in html
    assert "“Please add a second source.”" in html


def test_editors_change_request_shows_on_the_reporters_dashboard(client, reporter, editor, section):
    article = submitted_article(client, reporter, section)
    request_changes(client, editor, article, "Please add a second source.")
    client.force_login(reporter)
    panel = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    shown = panel.select_one("#changes-requested-section").get_text(" ", strip=True)
    assert article.title in shown and "Please add a second source." in shown


def test_a_submission_sends_one_email_per_person_by_their_name(
    client, reporter, editor, section, mailoutbox
):
    editor.email, editor.first_name = "editor@newsroom.example", "Mi-rae"
    editor.save()
    get_user_model().objects.create_superuser("chief", "chief@newsroom.example", "pw")
    submitted_article(client, reporter, section)
    recipients = [address for message in mailoutbox for address in message.to]
    assert sorted(recipients) == ["chief@newsroom.example", "editor@newsroom.example"]
    to_editor = next(m for m in mailoutbox if m.to == ["editor@newsroom.example"])
    assert "Hello Mi-rae," in to_editor.body


def test_page_review_is_called_review_not_moderation(client, reporter, section):
    client.force_login(reporter)
    url, data = article_form(client, section, **{"action-submit": "Submit for review"})
    shown = client.post(url, data, follow=True).content.decode()
    assert "created and submitted for review." in shown
    assert "submitted for moderation" not in shown
