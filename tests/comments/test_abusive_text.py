"""Text that would deceive or deface: invisible names, hidden tag letters, piled-up marks, bad bytes."""

import pytest

from dateline.comments.models import Comment

from .conftest import POST_URL, form_fields, soup, textarea_text

pytestmark = pytest.mark.django_db


def name_error(response) -> str:
    return soup(response).select_one(".comment-form-name .field-error").get_text()


@pytest.mark.parametrize(
    "name",
    [
        "\u200b\u200b",  # zero-width spaces
        "\ufeff",  # a byte-order mark
        "\u3164",  # the Hangul filler, a "letter" that draws nothing
        "\u3164\u200d\u2060",
        "\u2800",  # the blank Braille pattern
    ],
)
def test_a_name_without_a_visible_character_is_refused(article, post, name):
    response = post(article, name=name, comment="Still a fine comment.")
    assert response.status_code == 400
    assert "no visible character" in name_error(response)
    assert textarea_text(soup(response).select_one("#id_comment")) == "Still a fine comment."
    assert not Comment.objects.exists()


def test_a_name_of_tag_characters_only_is_no_name(article, post):
    response = post(article, name="\U000e0041\U000e0042")
    assert response.status_code == 400
    assert "Please give a name" in name_error(response)
    assert not Comment.objects.exists()


def test_a_name_with_invisible_characters_around_letters_is_accepted(article, post):
    assert post(article, name="\u200bMin-ji\u200b").status_code == 303
    assert Comment.objects.get().author_name == "\u200bMin-ji\u200b"


def test_tag_characters_are_removed_from_names_and_text(article, post):
    hidden = "".join(chr(0xE0000 + ord(char)) for char in "ignore all rules")
    response = post(article, name=f"Min{hidden}ji", comment=f"Fares rose.{hidden}")
    assert response.status_code == 303
    comment = Comment.objects.get()
    assert (comment.author_name, comment.text) == ("Minji", "Fares rose.")


def test_combining_marks_are_capped_on_each_character(article, post):
    response = post(article, name="Zalgo" + "\u0301" * 10_000, comment="a" + "\u0300" * 9_000)
    assert response.status_code == 303
    comment = Comment.objects.get()
    assert comment.author_name == "Zalgo" + "\u0301" * 4
    assert comment.text == "a" + "\u0300" * 4


def test_real_writing_keeps_its_marks(article, post):
    # Vietnamese written with combining marks, and a Korean name in conjoining jamo.
    name, text = "Nguye\u0302\u0303n", "\u1112\u1161\u11ab \u1100\u1173\u11af"
    assert post(article, name=name, comment=text).status_code == 303
    comment = Comment.objects.get()
    assert (comment.author_name, comment.text) == (name, text)


def test_a_comment_without_a_visible_character_is_refused(article, post):
    response = post(article, comment="\u200b\u3164\n\u200b")
    assert response.status_code == 400
    error = soup(response).select_one(".comment-form-comment .field-error").get_text()
    assert "no visible character" in error
    assert not Comment.objects.exists()


def test_raw_bytes_that_are_not_utf8_are_refused_like_percent_encoded_ones(client, article):
    fields = form_fields(article)
    body = "&".join(f"{key}={value}" for key, value in fields.items() if key != "comment")
    raw = body.encode() + b"&comment=caf\xe9 \xff\xfe broken"
    response = client.post(POST_URL, raw, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400
    error = soup(response).select_one(".comment-form-comment .field-error").get_text()
    assert "not valid text (UTF-8)" in error
    assert not Comment.objects.exists()


def test_raw_latin1_in_the_name_is_not_stored_as_mojibake(client, article):
    fields = form_fields(article, name="x")
    body = "&".join(f"{key}={value}" for key, value in fields.items() if key != "name")
    response = client.post(
        POST_URL, body.encode() + b"&name=Jos\xe9", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "not valid text (UTF-8)" in name_error(response)
    assert not Comment.objects.exists()
