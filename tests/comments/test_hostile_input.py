"""Hostile input, generated: every answer is a clear 4xx or a stored comment, never a 500, and
nothing a reader typed ever becomes markup on a page."""

import itertools
import time
from urllib.parse import quote_from_bytes

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from dateline.comments.factories import CommentFactory
from dateline.comments.forms import issue_token
from dateline.news.factories import ArticlePageFactory, publish

# Markup and template syntax: fine as text, so stored and shown, and must be shown as text.
MARKUP = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)' x='",
    "javascript:alert(1)",
    "<a href='javascript:alert(1)'>click</a>",
    "<svg/onload=alert(1)>",
    "{{ request }}{% debug %}",
    "<!-- ]]> -->",
    "a\r\nb\rc",
]
# Characters a comment may not carry: refused with a message.
REFUSED = ["\u202eevil\u202c", "\u2066isolate", "nul\x00byte", "bell\x07"]
PAYLOADS = MARKUP + REFUSED
ALLOWED_STATUSES = {303, 400, 403, 404, 429}
EXAMPLE_NUMBERS = itertools.count()

field_text = st.one_of(
    st.sampled_from(MARKUP),
    st.sampled_from(MARKUP).map(lambda payload: f"Before {payload} after"),
    st.sampled_from(REFUSED),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=200),
    st.builds(
        lambda payload, times: payload * times, st.sampled_from(PAYLOADS), st.integers(1, 800)
    ),
    st.just("L" * 1_048_576),  # a 1 MB field
    st.just("https://x.example/ " * 10_000),  # 10,000 links
)


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
            assert element.get("src", "").endswith("comments/comments.js"), str(element)[:200]
        assert element.name not in ("svg", "iframe", "object", "embed"), element.name


def urlencoded(fields: dict) -> str:
    return "&".join(
        f"{key}={quote_from_bytes(value if isinstance(value, bytes) else value.encode())}"
        for key, value in fields.items()
    )


@pytest.fixture
def targets(article, section):
    other = publish(ArticlePageFactory(parent=section, live=False))
    closed = publish(ArticlePageFactory(parent=section, live=False, comments_open=False))
    return {
        "article": article,
        "parent": CommentFactory(article=article),
        "foreign_parent": CommentFactory(article=other),
        "closed": closed,
    }


def token_choices(targets):
    article = targets["article"].pk
    good = issue_token(article, time.time() - 30)
    return st.one_of(
        st.just(good),
        st.sampled_from(
            [
                good[:-2],
                good + "x",
                issue_token(article, time.time() - 10 * 24 * 3600),  # expired
                issue_token(article, time.time() + 3600),  # from the future
                issue_token(article, time.time()),  # too fast
                issue_token(targets["closed"].pk, time.time() - 30),
                issue_token(999_999, time.time() - 30),
                "",
            ]
        ),
        st.text(max_size=80),
    )


@override_settings(DATELINE_COMMENTS_FLOOD_SECONDS=0, DATELINE_COMMENTS_APPROVAL="all")
@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_fields_never_cause_an_error_or_an_injection(client, targets, data):
    # A valid comment with one to three fields made hostile: most payloads are fine text that
    # must be stored and then shown harmlessly, the rest must be refused clearly.
    example = next(EXAMPLE_NUMBERS)  # a fresh text and email, so no example is a duplicate
    fields = {
        "token": issue_token(targets["article"].pk, time.time() - 30),
        "comment": f"Fine words, number {example}",
        "name": "Reader",
        "email": f"reader{example}@example.org",
        "url": "",
        "parent": "",
        "leave_empty": "",
    }
    hostile = {
        "token": token_choices(targets),
        "comment": field_text,
        "name": field_text,
        "email": st.one_of(
            field_text, st.emails().map(str), st.sampled_from(PAYLOADS).map(lambda p: p + "@x.org")
        ),
        "url": st.one_of(
            field_text,
            st.sampled_from(PAYLOADS).map(lambda p: "https://x.example/?q=" + p),
            st.just('https://x.example/"onmouseover="alert(1)'),
        ),
        "parent": st.sampled_from(
            [str(targets["parent"].pk), str(targets["foreign_parent"].pk), "-1", "x", "0"]
        ),
        "leave_empty": st.text(min_size=1, max_size=20),
    }
    # The text fields are picked most often: their payloads are the ones that get stored and shown.
    weighted = ["comment", "comment", "comment", "name", "name", "name", *sorted(hostile)]
    for name in data.draw(st.sets(st.sampled_from(weighted), min_size=1, max_size=3)):
        fields[name] = data.draw(hostile[name], label=name)
    response = client.post(
        "/comments/post/", urlencoded(fields), "application/x-www-form-urlencoded"
    )
    assert response.status_code in ALLOWED_STATUSES
    event(f"answered {response.status_code}")
    if response.status_code == 303:
        response = client.get(response["Location"])
        assert response.status_code == 200
    assert_nothing_injected(response.content.decode())


@override_settings(DATELINE_COMMENTS_FLOOD_SECONDS=0)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    raw=st.dictionaries(
        st.sampled_from(["comment", "name", "email", "url"]), st.binary(max_size=64)
    )
)
def test_raw_bytes_that_are_not_utf8_get_a_clear_answer(client, targets, raw):
    fields = {
        "token": issue_token(targets["article"].pk, time.time() - 30),
        "comment": b"Fine words",
        "name": b"Reader",
        "email": b"reader@example.org",
        **raw,
    }
    response = client.post(
        "/comments/post/", urlencoded(fields), "application/x-www-form-urlencoded"
    )
    assert response.status_code in ALLOWED_STATUSES
    assert_nothing_injected(response.content.decode())
