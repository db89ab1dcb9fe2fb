"""Every kind of public page, in every edition, passes the Nu HTML checker and axe-core.

The editions are English, Korean and the right-to-left Uyghur one (`ug`), whose pages carry
`dir="rtl"` and a mirrored layout, so that the checks read both directions.

One newsroom is built (the demo, plus comments, a plain page and a held comment's address), one
page of each kind is fetched per edition, the Nu HTML checker reads them all in one run, and axe
runs on each in one Chromium: every rule in the light colour scheme, and the colour rules in the
dark one. A failure lists each page, rule and element.
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

from .checkers import COLOUR_RULES, axe_problems, nu_html_problems, report

pytestmark = pytest.mark.browser

# Every edition the demo builds: English, Korean, and Uyghur written from right to left.
EDITIONS = ("en", "ko", "ug")

# A word each edition's demo stories use, so that its search page has results.
SEARCH_WORDS = {"en": "rice", "ko": "쌀", "ug": "ئۇن"}
# Each edition's readers write in its language: a comment, a reply and a held question.
COMMENTS = {
    "en": (
        "I saw the same at the market in Hyesan.",
        "So did my cousin, last week.",
        "Is it true?",
    ),
    "ko": ("혜산 장마당에서도 똑같았습니다.", "제 사촌도 지난주에 봤어요.", "사실인가요?"),
    "ug": ("بازاردىمۇ شۇنداق ئىكەن.", "تۇغقىنىممۇ ئۆتكەن ھەپتە كۆرۈپتۇ.", "بۇ راستمۇ؟"),
}
# A plain page per edition: its title, then its one paragraph.
STANDARD_PAGES = {
    "en": ("Corrections policy", "How we correct a story, and how to tell us about a mistake."),
    "ko": ("정정 보도 원칙", "기사를 바로잡는 방법과 잘못을 알려 주시는 방법입니다."),
    "ug": ("تۈزىتىش پرىنسىپى", "خەۋەرنى قانداق تۈزىتىمىز ۋە خاتالىقنى بىزگە قانداق ئېيتىسىز."),
}


def _commented_article(home) -> ArticlePage:
    """Return the edition's newest article with a hero, given a short discussion and a reply."""
    article = (
        ArticlePage.objects.live().descendant_of(home).filter(hero_image__isnull=False).first()
    )
    comment, reply, _question = COMMENTS[home.locale.language_code]
    first = CommentFactory(article=article, text=comment)
    CommentFactory(article=article, parent=first, text=reply)
    return article


def _standard_page(home) -> StandardPage:
    title, paragraph = STANDARD_PAGES[home.locale.language_code]
    page = StandardPage(
        title=title,
        slug="corrections",
        body=paragraphs(paragraph),
    )
    home.add_child(instance=page)
    return publish(page)


def edition_pages(home) -> dict[str, str]:
    """Return one address of each kind of public page in an edition, by the kind's name."""
    code = home.locale.language_code
    article = _commented_article(home)
    question = COMMENTS[code][2]
    held = CommentFactory(article=article, status=CommentStatus.PENDING, text=question)
    section = article.get_parent().specific
    # A second story (the Korean and Uyghur demos have one per section), so the section has a
    # second page.
    publish(ArticlePageFactory(parent=section, title=f"{article.title} (2)", live=False))
    topic = article.tags.first()
    contributor = article.credits.first().contributor
    prefix = home.url  # "/", "/ko/" or "/ug/"
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
def public_pages(transactional_db, uyghur_edition, settings, tmp_path):
    """Build the demo newsroom with its three editions (the right-to-left Uyghur one added as
    `DATELINE_EXTRA_LANGUAGES=ug` adds it) and return one page of each kind per edition."""
    settings.DATELINE_HOME = tmp_path  # where the demo keeps its log-ins
    settings.DATELINE_ARTICLES_PER_PAGE = 1  # so that a section has a second page
    call_command("load_demo_newsroom", stdout=StringIO())
    pages = {}
    for code in EDITIONS:
        pages |= edition_pages(edition_home(code))
    assert {name.split()[0] for name in pages} == set(EDITIONS)
    return pages


def fetch(url: str) -> tuple[int, bytes]:
    """Return the status and body the server sent (the not-found page comes with a 404)."""
    try:
        with urllib.request.urlopen(iri_to_uri(url)) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_every_public_page_passes_the_nu_html_checker_and_axe_in_light_and_dark(
    public_pages, live_server, pages, tmp_path
):
    """Both checks in one test: the newsroom they read takes half a minute to build."""
    answers = {name: fetch(live_server.url + url) for name, url in public_pages.items()}
    # Each address shows the page it stands for: a second page, not a "not found" in its place.
    assert {name: status for name, (status, _) in answers.items() if status != 200} == {
        f"{code} not found": 404 for code in EDITIONS
    }
    documents = {name: body for name, (_, body) in answers.items()}
    problems = nu_html_problems(documents, tmp_path)
    # Every rule in the light scheme; in the dark one, the rules its colours can change.
    for scheme, rules in (("light", None), ("dark", COLOUR_RULES)):
        # The checker is a script the page's Content-Security-Policy would rightly refuse.
        page = pages.open(javascript=True, bypass_csp=True, color_scheme=scheme)
        for name, url in public_pages.items():
            page.goto(url)
            problems += axe_problems(page, f"{name} ({scheme})", rules)
    assert not problems, report(problems)
