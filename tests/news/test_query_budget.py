"""Pages cost a fixed number of SQL queries, however many credits, tags or articles they show."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from wagtail.models import Locale

from dateline.comments.factories import CommentFactory
from dateline.news.editions import edition_home
from dateline.news.factories import (
    ArticleCreditFactory,
    ArticlePageFactory,
    ContributorFactory,
    NewsImageFactory,
    SectionPageFactory,
    publish,
)
from dateline.news.models import CreditRole


def queries_to_render(client, url) -> int:
    """Count the queries of a second request, once caches that outlive a request are warm."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def article_with(section, contributors=1, tags=1, number=0):
    article = ArticlePageFactory(
        parent=section,
        slug=f"budget-{contributors}-{tags}-{number}",
        hero_image=NewsImageFactory(),
        hero_alt="A picture",
        live=False,
    )
    roles = list(CreditRole)
    for index in range(contributors):
        ArticleCreditFactory(
            article=article,
            contributor=ContributorFactory(name=f"Person {number}-{index}"),
            role=roles[index % len(roles)],
            sort_order=index,
        )
    article.tags.add(*(f"topic {index}" for index in range(tags)))
    article.save()
    return publish(article)


ARTICLE_BUDGET = 12


def test_article_page_costs_at_most_twelve_queries(client, section, korean_section):
    """Credits, topics, a hero image, a translation and comments, all within the budget."""
    article = article_with(section, contributors=3, tags=3)
    translation = article.copy_for_translation(Locale.objects.get(language_code="ko")).specific
    translation.translated_from = article
    publish(translation)
    CommentFactory(article=article)
    assert queries_to_render(client, article.url) <= ARTICLE_BUDGET


@pytest.mark.postgresql
def test_on_postgresql_no_article_query_reads_the_whole_page_table(client, section, korean_section):
    """With sequential scans priced out, PostgreSQL still walks the page table for a query only
    if no index can answer it, and such a query grows with the archive: an OR over subqueries
    did, 220 ms for one article of 100,000 (its translations), 30 ms more (its neighbours)."""
    article = article_with(section, tags=2)
    fill(section, 3)
    translation = article.copy_for_translation(Locale.objects.get(language_code="ko")).specific
    translation.translated_from = article
    publish(translation)
    with CaptureQueriesContext(connection) as render:
        assert client.get(article.url).status_code == 200
    reads_pages = [query["sql"] for query in render if "wagtailcore_page" in query["sql"]]
    assert reads_pages
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for sql in reads_pages:
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "Seq Scan on wagtailcore_page " not in plan, f"{sql}\n{plan}"


@pytest.mark.postgresql
def test_on_postgresql_page_queries_are_not_jit_compiled(db):
    """A count over a large archive is priced as worth compiling: 54 ms to compile, 10 to run."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_article_page_costs_the_same_with_no_or_many_comments(client, section):
    quiet = article_with(section, number=1)
    busy = article_with(section, number=2)
    for _ in range(6):
        CommentFactory(article=busy)
    assert queries_to_render(client, quiet.url) == queries_to_render(client, busy.url)


def test_article_page_costs_the_same_in_a_larger_archive(client, section):
    article = article_with(section)
    small = queries_to_render(client, article.url)
    fill(section, 8)
    assert queries_to_render(client, article.url) == small


def test_article_page_costs_the_same_with_one_or_eight_contributors(client, section):
    one = queries_to_render(client, article_with(section, contributors=1).url)
    eight = queries_to_render(client, article_with(section, contributors=8).url)
    assert one == eight


def test_article_page_costs_the_same_with_one_or_ten_tags(client, section):
    one = queries_to_render(client, article_with(section, tags=1).url)
    ten = queries_to_render(client, article_with(section, tags=10).url)
    assert one == ten


def fill(section, count):
    for number in range(count):
        article = ArticlePageFactory(
            parent=section, hero_image=NewsImageFactory(), hero_alt="A picture", live=False
        )
        publish(article, at=timezone.now() - timedelta(hours=number + 1))


@pytest.fixture
def two_sections(home):
    return [
        publish(SectionPageFactory(parent=home, title=title, slug=title.lower()))
        for title in ("Economy", "Society")
    ]


def test_section_page_costs_the_same_with_two_or_seven_articles(client, two_sections):
    small, large = two_sections
    fill(small, 2)
    fill(large, 7)
    assert queries_to_render(client, small.url) == queries_to_render(client, large.url)


def test_home_page_costs_the_same_with_three_or_ten_articles(client, home, two_sections):
    economy, society = two_sections
    fill(economy, 3)
    few = queries_to_render(client, home.url)
    fill(society, 7)
    assert queries_to_render(client, home.url) == few


def test_topic_page_costs_the_same_with_one_or_four_articles(client, section):
    article_with(section, tags=1, number=100)
    one = queries_to_render(client, "/topics/topic-0/")
    for number in range(3):
        article_with(section, tags=1, number=number)
    assert queries_to_render(client, "/topics/topic-0/") == one


def test_edition_home_is_looked_up_once_per_request(rf, home, django_assert_num_queries):
    request = rf.get("/")
    assert edition_home(request) == home
    with django_assert_num_queries(0):
        assert edition_home(request) == home


def test_edition_home_follows_the_language_the_request_is_served_in(rf, home, korean_home):
    request = rf.get("/ko/")
    with translation.override("ko"):
        assert edition_home(request) == korean_home
    assert edition_home(request) == home


def korean_article_with(korean_section, contributors, number):
    """A Korean article crediting contributors who each have a Korean name."""
    article = article_with(korean_section, contributors=contributors, number=number)
    for credit in article.credits.select_related("contributor"):
        credit.contributor.names = {"ko": f"기자 {credit.contributor.pk}"}
        credit.contributor.save()
    return article


def test_names_per_language_cost_no_query_per_contributor(client, korean_section):
    one = korean_article_with(korean_section, contributors=1, number=1)
    six = korean_article_with(korean_section, contributors=6, number=2)

    assert queries_to_render(client, six.url) == queries_to_render(client, one.url)
    assert "기자" in client.get(six.url).content.decode()
