"""Every kind of public page, in every edition, passes the Nu HTML checker and axe-core.

One newsroom is built (the demo, plus comments, a plain page and a held comment's address), one
page of each kind is fetched per edition, the Nu HTML checker reads them all in one run, and axe
runs on each in one Chromium, in the light and the dark colour scheme. A failure lists each page,
rule and element.
"""

import urllib.error
import urllib.request
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils.encoding import iri_to_uri

from dateline.comments.factories import CommentFactory
from dateline.comments.models import CommentStatus
from dateline.comments.posted import POSTED_PARAMETER, waiting_value
from dateline.news.factories import (
    ArticlePageFactory,
    edition_home,
    paragraphs,
    publish,
)
from dateline.news.models import ArticlePage, StandardPage

from .checkers import axe_problems, nu_html_problems, report

pytestmark = pytest.mark.browser

# A word each edition's demo stories use, so that its search page has results.
SEARCH_WORDS = {"en": "rice", "ko": "쌀"}


def _commented_article(home) -> ArticlePage:
    """Return the edition's newest article with a hero, given a short discussion and a reply."""
    article = (
        ArticlePage.objects.live().descendant_of(home).filter(hero_image__isnull=False).first()
    )
    first = CommentFactory(article=article, text="I saw the same at the market in Hyesan.")
    CommentFactory(article=article, parent=first, text="So did my cousin, last week.")
    return article


def _standard_page(home) -> StandardPage:
    page = StandardPage(
        title="Corrections policy" if home.locale.language_code == "en" else "정정 보도 원칙",
        slug="corrections",
        body=paragraphs("How we correct a story, and how to tell us about a mistake."),
    )
    home.add_child(instance=page)
    return publish(page)


def edition_pages(home) -> dict[str, str]:
    """Return one address of each kind of public page in an edition, by the kind's name."""
    code = home.locale.language_code
    article = _commented_article(home)
    held = CommentFactory(article=article, status=CommentStatus.PENDING, text="Is this true?")
    section = article.get_parent().specific
    # A second story (the Korean demo has one per section), so the section has a second page.
    publish(ArticlePageFactory(parent=section, title=f"{article.title} (2)", live=False))
    topic = article.tags.first()
    contributor = article.credits.first().contributor
    prefix = home.url  # "/" or "/ko/"
    return {
        f"{code} home": prefix,
        f"{code} section": section.url,
        f"{code} section page 2": f"{section.url}page/2/",
        f"{code} article": article.url,
        f"{code} comment held": f"{article.url}?{POSTED_PARAMETER}={waiting_value(held.pk)}",
        f"{code} standard page": _standard_page(home).url,
        f"{code} contributor": prefix
        + home.reverse_subpage("contributor", args=[contributor.slug]),
        f"{code} topic": prefix + home.reverse_subpage("topic", args=[topic.slug]),
        f"{code} search results": f"{prefix}search/?q={SEARCH_WORDS[code]}",
        f"{code} empty search": f"{prefix}search/?q=",
        f"{code} checking copies": f"{prefix}copies/",
        f"{code} other ways to reach us": f"{prefix}reach-us/",
        f"{code} not found": f"{prefix}no-such-page/",
    }


@pytest.fixture
def public_pages(transactional_db, settings, tmp_path):
    """Build the demo newsroom and return the address of one page of each kind per edition."""
    settings.DATELINE_HOME = tmp_path  # where the demo keeps its log-ins
    settings.DATELINE_ARTICLES_PER_PAGE = 1  # so that a section has a second page
    call_command("load_demo_newsroom", stdout=StringIO())
    return edition_pages(edition_home("en")) | edition_pages(edition_home("ko"))


def fetch(url: str) -> tuple[int, bytes]:
    """Return the status and body the server sent (the not-found page comes with a 404)."""
    try:
        with urllib.request.urlopen(iri_to_uri(url)) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_every_public_page_passes_the_nu_html_checker(public_pages, live_server, tmp_path):
    answers = {name: fetch(live_server.url + url) for name, url in public_pages.items()}
    # Each address shows the page it stands for: a second page, not a "not found" in its place.
    assert {name: status for name, (status, _) in answers.items() if status != 200} == {
        "en not found": 404,
        "ko not found": 404,
    }
    documents = {name: body for name, (_, body) in answers.items()}
    problems = nu_html_problems(documents, tmp_path)
    assert not problems, report(problems)


def test_every_public_page_passes_axe_in_light_and_dark(pages, public_pages):
    problems = []
    for scheme in ("light", "dark"):
        # The checker is a script the page's Content-Security-Policy would rightly refuse.
        page = pages.open(javascript=True, bypass_csp=True, color_scheme=scheme)
        for name, url in public_pages.items():
            page.goto(url)
            problems += axe_problems(page, f"{name} ({scheme})")
    assert not problems, report(problems)
