"""The moderation queue in the Wagtail admin, as Editors, Moderators and Reporters use it."""

import json
from datetime import UTC, timedelta

from django.contrib.auth.models import Group
from django.utils.timezone import now
from wagtail.models import GroupApprovalTask, GroupCollectionPermission, GroupPagePermission
from wagtail.users.models import UserProfile

from dateline.comments import admin_views
from dateline.comments.factories import CommentFactory
from dateline.comments.models import Comment, CommentStatus
from dateline.news.factories import ArticlePageFactory, publish

from .conftest import soup, text_of

QUEUE = "/admin/comments/"


def queue_ids(response):
    cells = soup(response).select("td[id^=moderation-comment-]")
    return [int(cell["id"].rsplit("-", 1)[1]) for cell in cells]


def act(client, comment, action, **extra):
    """Press one of a row's own buttons (a plain POST form, no JavaScript needed)."""
    return client.post(f"{QUEUE}{comment.pk}/act/", {"action": action, **extra})


def bulk(client, action, comments, next_url=QUEUE):
    """Confirm one of Wagtail's bulk actions on the ticked comments."""
    ids = "&".join(f"id={comment.pk}" for comment in comments)
    return client.post(f"/admin/bulk/comments/comment/{action}/?{ids}&next={next_url}")


def test_moderators_have_no_page_image_or_document_permissions(db):
    moderators = Group.objects.get(name="Moderators")
    assert not GroupPagePermission.objects.filter(group=moderators).exists()
    assert not GroupCollectionPermission.objects.filter(group=moderators).exists()
    assert not GroupApprovalTask.objects.filter(groups=moderators).exists()
    assert {p.codename for p in moderators.permissions.all()} == {
        "access_admin",
        "view_comment",
        "change_comment",
        "delete_comment",
    }


def test_queue_opens_on_pending_comments(client, moderator, article):
    waiting = CommentFactory(article=article, status=CommentStatus.PENDING)
    CommentFactory(article=article, status=CommentStatus.APPROVED)
    client.force_login(moderator)
    assert queue_ids(client.get(QUEUE)) == [waiting.pk]


def test_administrator_opens_the_queue_too(client, article, django_user_model):
    """A superuser holds every permission, "add a comment" included, which the queue has no view for."""
    waiting = CommentFactory(article=article, status=CommentStatus.PENDING)
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "pw"))
    assert queue_ids(client.get(QUEUE)) == [waiting.pk]


def test_queue_filters_by_status(client, moderator, article):
    spam = CommentFactory(article=article, status=CommentStatus.SPAM)
    CommentFactory(article=article, status=CommentStatus.PENDING)
    client.force_login(moderator)
    assert queue_ids(client.get(QUEUE, {"status": "spam"})) == [spam.pk]


def test_queue_filters_by_article(client, moderator, article, section):
    other = publish(ArticlePageFactory(parent=section, live=False))
    mine = CommentFactory(article=article, status=CommentStatus.PENDING)
    CommentFactory(article=other, status=CommentStatus.PENDING)
    client.force_login(moderator)
    assert queue_ids(client.get(QUEUE, {"status": "", "article": article.pk})) == [mine.pk]


def offered_articles(response) -> dict[str, bool]:
    """Return the titles the queue's article filter offers, each with whether it is chosen."""
    options = soup(response).select("select[name=article] option[value!='']")
    return {option.get_text(): option.has_attr("selected") for option in options}


def test_article_filter_offers_the_newest_comments_articles_and_the_one_chosen(
    client, moderator, reporter, section, monkeypatch
):
    """The filter offers the articles of the newest comments shown, not every article with a
    comment (a choice each: the queue of a 100,000-article archive took 19 s to open); an older
    article is still filtered on from its comments' links, and shown as chosen."""
    monkeypatch.setattr(admin_views, "ARTICLES_OFFERED_FROM", 2)
    articles = [
        publish(ArticlePageFactory(parent=section, title=f"Story {n}", live=False, owner=reporter))
        for n in range(4)
    ]
    comments = [
        CommentFactory(
            article=article, status=CommentStatus.PENDING, created_at=now() - timedelta(days=9 - n)
        )
        for n, article in enumerate(articles)
    ]
    CommentFactory(article=articles[0], status=CommentStatus.SPAM)
    client.force_login(moderator)
    assert offered_articles(client.get(QUEUE)) == {"Story 2": False, "Story 3": False}
    assert offered_articles(client.get(QUEUE, {"status": "spam"})) == {"Story 0": False}
    chosen = client.get(QUEUE, {"status": "", "article": articles[1].pk})
    assert queue_ids(chosen) == [comments[1].pk]
    assert offered_articles(chosen) == {"Story 0": False, "Story 1": True, "Story 3": False}
    assert client.get(QUEUE, {"article": "²"}).status_code == 200  # a digit, but no number


def test_queue_searches_text_name_and_email(client, moderator, article):
    by_text = CommentFactory(article=article, text="Rice is dear", status="pending")
    by_name = CommentFactory(article=article, author_name="Ricardo", status="pending")
    by_email = CommentFactory(article=article, author_email="rice@farm.example", status="pending")
    CommentFactory(article=article, text="Corn is cheap", status="pending")
    client.force_login(moderator)
    found = queue_ids(client.get(QUEUE, {"status": "", "q": "ric"}))
    assert sorted(found) == sorted([by_text.pk, by_name.pk, by_email.pk])


def test_moderator_approves_one_comment(client, moderator, article):
    comment = CommentFactory(article=article, status=CommentStatus.PENDING)
    client.force_login(moderator)
    response = act(client, comment, "approve", next=QUEUE)
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED
    assert "1 comment changed" in text_of(client.get(response["Location"]))


def test_moderator_marks_a_selection_as_spam(client, moderator, article):
    chosen = CommentFactory.create_batch(2, article=article, status=CommentStatus.PENDING)
    left = CommentFactory(article=article, status=CommentStatus.PENDING)
    client.force_login(moderator)
    bulk(client, "spam", chosen)
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert [statuses[c.pk] for c in chosen] == [CommentStatus.SPAM, CommentStatus.SPAM]
    assert statuses[left.pk] == CommentStatus.PENDING


def test_restore_returns_a_trashed_comment_to_where_it_was(client, moderator, article):
    comment = CommentFactory(article=article, status=CommentStatus.APPROVED)
    client.force_login(moderator)
    act(client, comment, "trash")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.TRASH
    bulk(client, "restore", [comment])
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED


def test_editor_moderates_too(client, editor, article):
    comment = CommentFactory(article=article, status=CommentStatus.PENDING)
    client.force_login(editor)
    act(client, comment, "approve")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED


def test_reporter_sees_only_the_comments_on_their_own_articles(client, reporter, article, section):
    own = publish(ArticlePageFactory(parent=section, live=False, owner=reporter))
    theirs = CommentFactory(article=own, status=CommentStatus.PENDING)
    CommentFactory(article=article, status=CommentStatus.PENDING)
    client.force_login(reporter)
    response = client.get(QUEUE)
    assert queue_ids(response) == [theirs.pk]
    assert soup(response).select("button[name=action]") == []


def test_reporter_cannot_change_a_status(client, reporter, article):
    comment = CommentFactory(article=article, status=CommentStatus.PENDING)
    client.force_login(reporter)
    refused = act(client, comment, "approve")
    assert refused.status_code == 302 and refused["Location"] == "/admin/"  # Wagtail's "no"
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING


def test_moderator_edits_a_comments_text(client, moderator, article):
    comment = CommentFactory(article=article, text="Typo'd wrods")
    client.force_login(moderator)
    response = client.post(
        f"{QUEUE}{comment.pk}/edit/",
        {"text": "Typo'd words", "author_name": comment.author_name, "author_url": ""},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.text == "Typo'd words"
    assert comment.edited_at is not None


def test_edit_and_reply_forms_never_link_back_to_a_foreign_or_script_address(
    client, moderator, article
):
    comment = CommentFactory(article=article)
    client.force_login(moderator)
    for action in ("edit", "reply"):
        for hostile in ("javascript:alert(1)", "https://elsewhere.example/phish"):
            page = soup(client.get(f"{QUEUE}{comment.pk}/{action}/", {"next": hostile}))
            assert page.select_one("form a.button-secondary")["href"] == QUEUE
            assert page.select_one("form input[name=next]")["value"] == QUEUE


def test_edit_form_links_back_to_the_queue_page_it_came_from(client, moderator, article):
    comment = CommentFactory(article=article)
    client.force_login(moderator)
    page = soup(client.get(f"{QUEUE}{comment.pk}/edit/", {"next": f"{QUEUE}?status=spam"}))
    assert page.select_one("form a.button-secondary")["href"] == f"{QUEUE}?status=spam"


def test_newsroom_reply_is_published_under_the_comment(client, moderator, article):
    comment = CommentFactory(article=article, status=CommentStatus.PENDING)
    client.force_login(moderator)
    client.post(f"{QUEUE}{comment.pk}/reply/", {"text": "Thank you, we will look into it."})
    reply = Comment.objects.get(parent=comment)
    assert reply.by_newsroom and reply.status == CommentStatus.APPROVED
    assert reply.staff_author == moderator
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED
    page = soup(client.get(article.url))
    shown = page.select_one(f"#comment-{comment.pk} #comment-{reply.pk}")
    assert "Thank you, we will look into it." in shown.get_text()
    assert "Newsroom" in shown.select_one(".comment__badge").get_text()
    assert shown.select_one(".comment__author").get_text(strip=True) == "Dateline"


def test_dashboard_shows_the_pending_count(client, editor, article):
    CommentFactory.create_batch(3, article=article, status=CommentStatus.PENDING)
    client.force_login(editor)
    assert "3 comments await moderation" in text_of(client.get("/admin/"))


def test_menu_shows_the_pending_count_as_a_badge(client, moderator, article):
    CommentFactory.create_batch(2, article=article, status=CommentStatus.PENDING)
    client.force_login(moderator)
    response = client.get(QUEUE)
    menu = json.loads(soup(response).select_one("#wagtail-sidebar-props").get_text())
    assert "Comments (2)" in json.dumps(menu)


def test_a_moderator_lands_on_the_queue_not_an_empty_dashboard(client, moderator):
    client.force_login(moderator)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"] == QUEUE


def test_an_editor_keeps_the_dashboard(client, editor):
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200


def test_data_request_export_downloads_the_commenters_comments(client, moderator, article):
    CommentFactory(article=article, author_email="asker@example.org", text="Mine")
    CommentFactory(article=article, author_email="someone@example.org", text="Not mine")
    client.force_login(moderator)
    response = client.post(f"{QUEUE}data-requests/", {"email": "ASKER@example.org", "export": "1"})
    assert response["Content-Disposition"].startswith("attachment")
    rows = json.loads(response.content)
    assert [row["text"] for row in rows] == ["Mine"]


def test_data_request_erase_needs_confirmation(client, moderator, article):
    comment = CommentFactory(article=article, author_email="asker@example.org")
    client.force_login(moderator)
    response = client.post(f"{QUEUE}data-requests/", {"email": "asker@example.org", "erase": "1"})
    assert "Tick this box to confirm" in text_of(response)
    comment.refresh_from_db()
    assert comment.author_email == "asker@example.org"


def test_data_request_erase_anonymises_the_commenter(client, moderator, article):
    comment = CommentFactory(article=article, author_email="asker@example.org", author_name="Asker")
    client.force_login(moderator)
    client.post(
        f"{QUEUE}data-requests/", {"email": "asker@example.org", "erase": "1", "confirm": "on"}
    )
    comment.refresh_from_db()
    assert (comment.author_name, comment.author_email, comment.address_hash) == ("", "", "")
    assert comment.text  # kept unless asked otherwise


def test_reporter_cannot_open_data_requests(client, reporter):
    client.force_login(reporter)
    refused = client.get(f"{QUEUE}data-requests/")
    assert refused.status_code == 302 and refused["Location"] == "/admin/"


def test_reporter_sees_no_email_network_or_address_of_commenters(
    client, reporter, section, article
):
    own = publish(ArticlePageFactory(parent=section, live=False, owner=reporter))
    comment = CommentFactory(
        article=own, author_email="secret@reader.example", status=CommentStatus.PENDING
    )
    comment.address_network = "198.51.100.0/24"
    comment.address_hash = "f" * 64
    comment.save()
    client.force_login(reporter)
    page = client.get(QUEUE, {"status": ""})
    assert queue_ids(page) == [comment.pk]
    shown = page.content.decode()
    assert "secret@reader.example" not in shown
    assert "198.51.100.0/24" not in shown
    assert "f" * 64 not in shown


def test_reporter_cannot_find_comments_by_email(client, reporter, section):
    own = publish(ArticlePageFactory(parent=section, live=False, owner=reporter))
    CommentFactory(article=own, author_email="findme@reader.example", status="pending")
    client.force_login(reporter)
    assert queue_ids(client.get(QUEUE, {"status": "", "q": "findme"})) == []


def test_moderator_sees_the_commenters_email_and_network(client, moderator, article):
    comment = CommentFactory(article=article, author_email="known@reader.example")
    comment.address_network = "198.51.100.0/24"
    comment.save()
    client.force_login(moderator)
    shown = text_of(client.get(QUEUE, {"status": ""}))
    assert "known@reader.example" in shown and "198.51.100.0/24" in shown


def test_queue_filters_by_date(client, moderator, article):
    from datetime import datetime

    old = CommentFactory(article=article, status="pending")
    Comment.objects.filter(pk=old.pk).update(created_at=datetime(2020, 1, 5, tzinfo=UTC))
    recent = CommentFactory(article=article, status="pending")
    client.force_login(moderator)
    found = queue_ids(client.get(QUEUE, {"created_at_from": "2021-01-01"}))
    assert found == [recent.pk]


def test_queue_orders_by_commenter(client, moderator, article):
    zoe = CommentFactory(article=article, author_name="Zoe", status="pending")
    abe = CommentFactory(article=article, author_name="Abe", status="pending")
    client.force_login(moderator)
    assert queue_ids(client.get(QUEUE, {"ordering": "author_name"})) == [abe.pk, zoe.pk]


def test_queue_pages_through_many_comments(client, moderator, article):
    CommentFactory.create_batch(51, article=article, status="pending")
    client.force_login(moderator)
    assert len(queue_ids(client.get(QUEUE))) == 50
    assert len(queue_ids(client.get(QUEUE, {"p": 2}))) == 1


def test_long_comment_shows_its_first_lines_and_the_rest_on_demand(client, moderator, article):
    text = "First line of a long comment. " + "More words. " * 60
    CommentFactory(article=article, text=text, status="pending")
    client.force_login(moderator)
    details = soup(client.get(QUEUE)).select_one("details.comment-queue__text")
    assert len(details.select_one("summary").get_text()) < 200
    assert "More words. " * 60 in details.get_text()


def test_row_buttons_offer_only_the_actions_that_change_the_comment(client, moderator, article):
    CommentFactory(article=article, status=CommentStatus.SPAM)
    client.force_login(moderator)
    page = soup(client.get(QUEUE, {"status": "spam"}))
    row = {b["value"] for b in page.select("form.comment-queue__actions button[name=action]")}
    bulk_buttons = {
        a["href"].rstrip("/").rsplit("/", 1)[1] for a in page.select(".bulk-actions-buttons a")
    }
    assert row == bulk_buttons == {"trash", "restore"}


def test_every_action_message_offers_an_undo_that_puts_the_comments_back(
    client, moderator, article
):
    comments = CommentFactory.create_batch(2, article=article, status=CommentStatus.PENDING)
    client.force_login(moderator)
    response = bulk(client, "approve", comments)
    page = soup(client.get(response["Location"]))
    undo = next(a for a in page.select(".messages a") if a.get_text(strip=True) == "Undo")
    assert {c.status for c in Comment.objects.all()} == {CommentStatus.APPROVED}
    client.get(undo["href"])
    assert {c.status for c in Comment.objects.all()} == {CommentStatus.PENDING}


def test_an_undo_link_works_only_for_the_moderator_who_acted(client, moderator, editor, article):
    comment = CommentFactory(article=article, status=CommentStatus.PENDING)
    client.force_login(moderator)
    response = act(client, comment, "spam", next=QUEUE)
    undo = next(a["href"] for a in soup(client.get(response["Location"])).select(".messages a"))
    client.force_login(editor)
    client.get(undo)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.SPAM


def test_held_reason_is_shown_in_the_moderators_language(client, moderator, article):
    CommentFactory(article=article, status="pending", held_code="links", held_params={"count": 3})
    UserProfile.get_for_user(moderator).__class__.objects.filter(user=moderator).update(
        preferred_language="ko"
    )
    client.force_login(moderator)
    shown = text_of(client.get(QUEUE))
    assert "링크가 3개 있습니다." in shown
    assert "It has 3 links" not in shown
