"""The search page as a reader uses it: the box, ranking, filters, pages, snippets, no match."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import Page

from dateline.news.factories import ArticlePageFactory, paragraphs, publish
from dateline.search.query import ranked_matches

from .conftest import found_headlines, search


def publish_article(parent, title, *texts, days_ago=0, standfirst="A summary.", **fields):
    article = ArticlePageFactory(
        parent=parent,
        title=title,
        standfirst=standfirst,
        body=paragraphs(*texts),
        live=False,
        **fields,
    )
    return publish(article, at=timezone.now() - timedelta(days=days_ago, minutes=1))


@pytest.mark.parametrize("path", ["/", "/north-korea/", "/north-korea/story/", "/ko/"])
def test_every_page_has_a_search_box_that_works_without_javascript(
    client, section, korean_home, path
):
    publish_article(section, "Story", "Text.", slug="story")

    soup = BeautifulSoup(client.get(path).content, "html.parser")

    form = soup.select_one("header form[role=search]")
    assert form["method"] == "get"
    assert form["action"] == ("/ko/search/" if path.startswith("/ko/") else "/search/")
    field = form.select_one("input[name=q]")
    assert soup.select_one(f"label[for={field['id']}]").get_text(strip=True)
    assert form.select_one("button[type=submit]")


def test_recent_article_ranks_above_an_older_one_as_relevant(client, section):
    publish_article(section, "Old report", "The tariff on cement rose.", days_ago=400)
    publish_article(section, "New report", "The tariff on cement rose.", days_ago=1)

    assert found_headlines(search(client, q="cement")) == ["New report", "Old report"]


def test_article_about_the_word_ranks_above_one_that_mentions_it(client, section):
    publish_article(
        section,
        "Cement prices soar",
        "Cement is scarce. Cement merchants hoard cement.",
        standfirst="Cement costs twice what it did.",
        days_ago=10,
    )
    publish_article(section, "Weekly round-up", "Elsewhere, a bag of cement was sold.", days_ago=9)

    assert found_headlines(search(client, q="cement")) == ["Cement prices soar", "Weekly round-up"]


def test_section_filter_keeps_results_from_that_section(client, section, economy):
    publish_article(section, "Border trade", "Trade in zinc.")
    publish_article(economy, "Zinc exports", "Zinc again.")

    soup = search(client, q="zinc", section=economy.pk)

    assert found_headlines(soup) == ["Zinc exports"]


def test_search_keeps_to_the_readers_edition_unless_asked_for_every_one(
    client, section, korean_section
):
    publish_article(section, "English story", "The word Sinuiju.")
    publish_article(korean_section, "한국어 기사", "신의주 Sinuiju 소식.")

    assert found_headlines(search(client, q="sinuiju")) == ["English story"]
    assert sorted(found_headlines(search(client, q="sinuiju", language="all"))) == [
        "English story",
        "한국어 기사",
    ]
    assert found_headlines(search(client, q="sinuiju", language="ko")) == ["한국어 기사"]


def test_results_come_ten_to_a_page(client, section):
    for number in range(12):
        publish_article(section, f"Barley report {number}", "Barley.", days_ago=number)

    first = search(client, q="barley")
    second = search(client, q="barley", page=2)

    assert len(found_headlines(first)) == 10
    assert len(found_headlines(second)) == 2
    # The two pages are the one ranking, cut after ten.
    ranked = ranked_matches("barley", locale=section.locale)
    titles = dict(Page.objects.values_list("pk", "title"))
    assert found_headlines(first) + found_headlines(second) == [
        titles[match.pk] for match in ranked
    ]
    next_link = first.select_one(".pagination a[rel=next]")["href"]
    assert "q=barley" in next_link
    assert "page=2" in next_link


def test_query_terms_are_marked_in_the_snippet(client, section):
    publish_article(section, "Story", "Traders in Hyesan say the price of maize has doubled.")

    snippet = search(client, q="maize hyesan").select_one(".search-result__snippet")

    assert [mark.get_text() for mark in snippet.select("mark")] == ["Hyesan", "maize"]


def test_korean_term_is_marked_inside_the_longer_word(client, korean_section):
    publish_article(korean_section, "혜산", "혜산의 장마당에서 쌀값이 올랐다.")

    snippet = search(client, "/ko/search/", q="장마당").select_one(".search-result__snippet")

    assert [mark.get_text() for mark in snippet.select("mark")] == ["장마당"]
    assert "장마당</mark>에서" in str(snippet)


def test_markup_in_the_query_is_shown_as_text_never_run(client, section):
    publish_article(section, "Story", "A word: ferret.")

    response = client.get("/search/", {"q": '<script>alert("x")</script> ferret'})

    assert b"<script>alert" not in response.content
    assert b"&lt;script&gt;alert" in response.content


def test_markup_in_the_article_text_is_escaped_in_the_snippet(client, section):
    publish_article(section, "Story", "Write &lt;b onclick=x&gt;stoat&lt;/b&gt; to be bold.")

    snippet = search(client, q="stoat").select_one(".search-result__snippet")

    assert snippet.select("b") == []
    assert "<b onclick=x>" in snippet.get_text()
    assert [mark.get_text() for mark in snippet.select("mark")] == ["stoat"]


def test_no_match_page_says_so_and_offers_a_wider_search(client, section):
    publish_article(section, "Story", "Text.")

    soup = search(client, q="xylophone", section=section.pk)

    assert "xylophone" in soup.select_one("#results-heading").get_text()
    wider = [a["href"] for a in soup.select(".search-help a")]
    assert any("language=all" in href and "section" not in href for href in wider)
    assert "/" in wider


def test_empty_search_explains_what_to_type(client, section):
    soup = search(client)

    assert soup.select_one(".search-help")
    assert found_headlines(soup) == []


def test_overlong_query_is_refused_with_a_message(client, section):
    soup = search(client, q="rice " * 50)

    assert "at most 200 characters" in soup.select_one(".field-error").get_text()
    assert found_headlines(soup) == []


def test_section_not_in_the_list_is_refused_with_a_message(client, section):
    soup = search(client, q="rice", section="999999")

    assert "Choose one of the sections" in soup.select_one(".field-error").get_text()


def test_search_results_ask_search_engines_not_to_index_them(client, section):
    soup = search(client, q="rice")

    assert soup.select_one("meta[name=robots]")["content"] == "noindex"
