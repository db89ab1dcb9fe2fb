"""Hostile input, generated: each kind of input gets its own specific answer, and nothing a reader
typed ever becomes markup on a page.

Every property says what must happen (the status, the reason the reader reads, what was or was not
stored), so a guard switched off shows up as an answer that differs. Hypothesis runs derandomized
with no example database: the same examples every run, on a laptop and in CI alike.
"""

import itertools
import time
import unicodedata
from urllib.parse import quote_from_bytes

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dateline.comments.forms import issue_token
from dateline.comments.models import Comment
from dateline.news.factories import ArticlePageFactory, publish

# Markup and template syntax: fine as text, so stored as typed and shown as text.
MARKUP = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)' x='",
    "javascript:alert(1)",
    "<a href='javascript:alert(1)'>click</a>",
    "<svg/onload=alert(1)>",
    "{{ request }}{% debug %}",
    "<!-- ]]> -->",
]
# Characters a comment may not carry, each with the reason the reader is given.
REFUSED = {
    "\u202e": "direction of the text",
    "\u2066": "direction of the text",
    "\x00": "control characters",
    "\x07": "control characters",
}
EXAMPLE_NUMBERS = itertools.count()
FIXED = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=40,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Plain visible text: letters, digits, punctuation and symbols of any script, and spaces.
visible_text = st.text(
    st.characters(categories=["L", "N", "P", "S", "Zs"], exclude_characters="\u3164\uffa0\u2800"),
    min_size=1,
    max_size=80,
).filter(lambda text: text.strip() and unicodedata.normalize("NFC", text) == text)
fine_text = st.one_of(
    st.sampled_from(MARKUP),
    st.builds(
        lambda a, markup, b: f"{a} {markup} {b}",
        visible_text,
        st.sampled_from(MARKUP),
        visible_text,
    ),
    visible_text,
)


# The only scripts a page carries: the comment form's and the share links' copy button.
OUR_SCRIPTS = ("comments/comments.js", "news/share.js")


def assert_nothing_injected(html: str) -> None:
    """Fail if the page carries any script, event handler or javascript: link it should not."""
    assert "<script>alert" not in html
    page = BeautifulSoup(html, "html.parser")
    for element in page.find_all(True):
        for attribute, value in element.attrs.items():
            assert not attribute.lower().startswith("on"), f"event handler on <{element.name}>"
            if attribute in ("href", "src", "action"):
                assert not str(value).strip().lower().startswith("javascript:"), value
        if element.name == "script" and element.get("type") != "application/ld+json":
            assert element.get("src", "").endswith(OUR_SCRIPTS), str(element)[:200]
        assert element.name not in ("svg", "iframe", "object", "embed"), element.name


def urlencoded(fields: dict) -> str:
    return "&".join(
        f"{key}={quote_from_bytes(value if isinstance(value, bytes) else value.encode())}"
        for key, value in fields.items()
    )


def valid_fields(article, **changes) -> dict:
    """Return a form that passes every check, with a fresh text and email for each example."""
    example = next(EXAMPLE_NUMBERS)
    fields = {
        "token": issue_token(article.pk, time.time() - 30),
        "comment": f"Fine words, number {example}",
        "name": "Reader",
        "email": f"reader{example}@example.org",
        "url": "",
        "parent": "",
        "leave_empty": "",
    }
    fields.update(changes)
    return fields


def send(client, fields):
    return client.post("/comments/post/", urlencoded(fields), "application/x-www-form-urlencoded")


def field_error(response, field: str) -> str:
    error = BeautifulSoup(response.content, "html.parser").select_one(
        f".comment-form-{field} .field-error"
    )
    return error.get_text() if error else ""


@pytest.fixture
def targets(article, section):
    closed = publish(ArticlePageFactory(parent=section, live=False, comments_open=False))
    return {"article": article, "closed": closed}


@override_settings(DATELINE_COMMENTS_FLOOD_SECONDS=0, DATELINE_COMMENTS_APPROVAL="all")
@FIXED
@given(field=st.sampled_from(["comment", "name"]), text=fine_text)
def test_markup_is_stored_as_typed_and_shown_as_text(client, targets, field, text):
    article = targets["article"]
    text = text[:100] if field == "name" else text
    response = send(client, valid_fields(article, **{field: text}))

    assert response.status_code == 303
    stored = Comment.objects.order_by("-pk").first()
    assert getattr(stored, "text" if field == "comment" else "author_name") == text.strip()
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert_nothing_injected(html)
    shown = BeautifulSoup(html, "html.parser").select_one(f"#comment-{stored.pk}").get_text()
    assert " ".join(text.split()) in " ".join(shown.split())


@FIXED
@given(
    field=st.sampled_from(["comment", "name"]),
    before=st.sampled_from(["", "Fine ", "<b>"]),
    character=st.sampled_from(sorted(REFUSED)),
    repeat=st.integers(1, 50),
)
def test_forbidden_characters_are_refused_with_their_reason(
    client, targets, field, before, character, repeat
):
    value = f"{before}{character * repeat}text"
    response = send(client, valid_fields(targets["article"], **{field: value}))

    assert response.status_code == 400
    assert REFUSED[character] in field_error(response, field)
    assert not Comment.objects.exists()
    assert_nothing_injected(response.content.decode())


TOKEN_OUTCOMES = {
    # kind: (status, what the reader is told)
    "truncated signature": (400, "altered or did not come from this site"),
    "extended signature": (400, "altered or did not come from this site"),
    "made up": (400, "altered or did not come from this site"),
    "empty": (400, "altered or did not come from this site"),
    "expired": (400, "has been renewed"),
    "too fast": (400, "too quickly"),
    "closed article": (403, "Comments are closed."),
    "missing article": (404, "no longer published"),
}


def make_token(kind: str, targets, made_up: str) -> str:
    article, now = targets["article"].pk, time.time()
    good = issue_token(article, now - 30)
    return {
        "truncated signature": good[:-2],
        "extended signature": good + "x",
        "made up": made_up,
        "empty": "",
        "expired": issue_token(article, now - 10 * 24 * 3600),
        "too fast": issue_token(article, now),
        "closed article": issue_token(targets["closed"].pk, now - 30),
        "missing article": issue_token(999_999, now - 30),
    }[kind]


@FIXED
@given(
    kind=st.sampled_from(sorted(TOKEN_OUTCOMES)),
    made_up=st.text(max_size=80).filter(lambda text: ":" not in text or not text.strip()),
)
def test_every_bad_token_gets_its_own_answer_and_stores_nothing(client, targets, kind, made_up):
    status, reason = TOKEN_OUTCOMES[kind]
    fields = valid_fields(targets["article"], token=make_token(kind, targets, made_up))
    response = send(client, fields)

    assert response.status_code == status
    page = BeautifulSoup(response.content, "html.parser")
    assert reason in " ".join(page.get_text(" ").split())
    assert not Comment.objects.exists()
    assert_nothing_injected(response.content.decode())


@FIXED
@given(bait=st.text(min_size=1, max_size=40).filter(lambda text: text.strip()))
def test_a_filled_honeypot_is_refused_and_stores_nothing(client, targets, bait):
    response = send(client, valid_fields(targets["article"], leave_empty=bait))

    assert response.status_code == 400
    assert "looked automated" in BeautifulSoup(response.content, "html.parser").get_text()
    assert not Comment.objects.exists()


def not_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


@override_settings(DATELINE_COMMENTS_FLOOD_SECONDS=0)
@FIXED
@given(
    field=st.sampled_from(["comment", "name", "email", "url"]),
    raw=st.binary(min_size=1, max_size=64).filter(not_utf8),
    percent_encoded=st.booleans(),
)
def test_bytes_that_are_not_utf8_are_refused_the_same_way_raw_or_encoded(
    client, targets, field, raw, percent_encoded
):
    fields = valid_fields(targets["article"])
    if percent_encoded:
        body = urlencoded({**fields, field: b"A" + raw}).encode()
    else:
        # Sent as they are, but for the bytes that separate form fields.
        raw = raw.replace(b"&", b"").replace(b"=", b"").replace(b"%", b"").replace(b"+", b"")
        assume(not_utf8(raw))
        body = urlencoded({k: v for k, v in fields.items() if k != field}).encode()
        body += f"&{field}=A".encode() + raw
    response = client.post("/comments/post/", body, "application/x-www-form-urlencoded")

    assert response.status_code == 400
    assert "not valid text (UTF-8)" in field_error(response, field)
    assert not Comment.objects.exists()
    assert_nothing_injected(response.content.decode())
