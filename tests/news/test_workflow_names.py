"""The review workflow and its task are named in the admin user's language; one name is stored."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from wagtail.models import GroupApprovalTask, Workflow
from wagtail.test.utils.form_data import querydict_from_html
from wagtail.users.models import UserProfile

from dateline.news.factories import ArticlePageFactory
from dateline.news.roles import REPORTERS, REVIEW_TASK, REVIEW_WORKFLOW


def staff(username, language, group_name=None):
    user = get_user_model().objects.create_user(
        username=username, password="correct horse", is_superuser=group_name is None
    )
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    UserProfile.get_for_user(user)
    UserProfile.objects.filter(user=user).update(preferred_language=language)
    return user


def new_article_form(client, user, section) -> str:
    client.force_login(user)
    response = client.get(
        reverse("wagtailadmin_pages:add", args=["news", "articlepage", section.pk])
    )
    assert response.status_code == 200
    return response.content.decode()


def test_korean_admin_offers_to_submit_to_the_workflow_by_its_korean_name(client, section):
    html = new_article_form(client, staff("reporter", "ko", REPORTERS), section)
    assert "편집 검토에 제출" in html
    assert REVIEW_WORKFLOW not in html


def test_english_admin_keeps_the_english_name(client, section):
    html = new_article_form(client, staff("reporter", "en", REPORTERS), section)
    assert f"Submit to {REVIEW_WORKFLOW}" in html


def test_names_read_in_the_active_language_and_are_stored_in_english(db):
    workflow = Workflow.objects.get(name=REVIEW_WORKFLOW)
    task = GroupApprovalTask.objects.get(name=REVIEW_TASK)
    with translation.override("ko"):
        assert (str(workflow.name), f"{task.name}") == ("편집 검토", "편집자 검토")
        # Wagtail fills its "Submit to %(workflow_name)s" with the % operator.
        assert "%s에 제출" % workflow.name == "편집 검토에 제출"  # noqa: UP031
        workflow.save()
    assert Workflow.objects.filter(name=REVIEW_WORKFLOW).exists()


def test_saving_the_workflow_form_in_korean_keeps_the_stored_name(client, db):
    """The Korean edit form shows "편집 검토"; sending it back unchanged renames nothing."""
    client.force_login(staff("admin", "ko"))
    workflow = Workflow.objects.get(name=REVIEW_WORKFLOW)
    url = reverse("wagtailadmin_workflows:edit", args=[workflow.pk])
    form = querydict_from_html(client.get(url).content.decode(), form_id="w-editor-form")
    assert form["name"] == "편집 검토"
    assert client.post(url, form).status_code == 302
    workflow.refresh_from_db()
    assert str.__str__(workflow.name) == REVIEW_WORKFLOW


def page_in_review(section, reporter):
    article = ArticlePageFactory(parent=section, title="Guards take yuan", live=False)
    article.save_revision(user=reporter)
    Workflow.objects.get(name=REVIEW_WORKFLOW).start(article, reporter)
    return article


def test_a_page_in_review_says_so_in_the_korean_admin(client, section):
    """Wagtail's Korean catalogue lacks these words; ours (dateline/core/admin_words.py) has them."""
    reporter = staff("reporter", "ko", REPORTERS)
    article = page_in_review(section, reporter)
    client.force_login(staff("admin", "ko"))
    listing = client.get(reverse("wagtailadmin_explore", args=[section.pk])).content.decode()
    assert "검토 중" in listing and "in moderation" not in listing
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    assert "편집자 검토 단계로 보냄" in editor and "No publishing schedule set" not in editor


def test_a_page_in_review_is_in_review_in_english_too(client, section):
    page_in_review(section, staff("reporter", "en", REPORTERS))
    client.force_login(staff("admin", "en"))
    listing = client.get(reverse("wagtailadmin_explore", args=[section.pk])).content.decode()
    assert "in review" in listing and "in moderation" not in listing
