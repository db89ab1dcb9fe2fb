"""`dateline generate_archive` writes a site that works like one built page by page."""

from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from dateline.comments.models import Comment, CommentStatus
from dateline.news.archive import ArchiveGenerator
from dateline.news.further_reading import further_reading
from dateline.news.models import (
    ArticleCredit,
    ArticlePage,
    HomePage,
    SectionPage,
    articles_in,
    listing_of,
)

pytestmark = pytest.mark.xdist_group("generated-archive")

ARTICLES = 120


def generate(articles, **options):
    call_command("generate_archive", articles=articles, **options)


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    """Generate the archive once for the module; each test then runs in its own rolled-back
    transaction, and the flush afterwards leaves the database as migrations made it."""
    with django_db_blocker.unblock():
        generate(ARTICLES, comments_per_article=3, seed=7)
        yield
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def archive(generated, db):
    return list(ArticlePage.objects.select_related("locale"))


def test_archive_has_the_articles_asked_for_in_both_editions(archive):
    languages = Counter(article.locale.language_code for article in archive)
    assert len(archive) == ARTICLES
    assert set(languages) == {"en", "ko"}


def test_archive_tree_is_valid(archive):
    problems = Page.find_problems()
    assert all(not found for found in problems), problems
    for section in SectionPage.objects.all():
        assert section.numchild == section.get_children().count()


def test_every_generated_page_is_served(archive, client):
    for page in [*archive, *SectionPage.objects.all()]:
        response = client.get(page.url)
        assert response.status_code == 200, page.url


def test_generated_article_shows_its_credits_and_topics(archive, client):
    article = next(a for a in archive if a.locale.language_code == "en" and a.tags.exists())
    html = client.get(article.url).content.decode()
    for credit in ArticleCredit.objects.filter(article=article).select_related("contributor"):
        assert credit.contributor.name in html
    for tag in article.tags.all():
        assert tag.name in html


def test_translations_are_linked_both_ways(archive, client):
    translations = [article for article in archive if article.translated_from_id]
    assert translations
    for translation in translations:
        original = translation.translated_from
        assert original.locale_id != translation.locale_id
        assert original.translation_key == translation.translation_key
        assert original.get_translation(translation.locale).pk == translation.pk
    html = client.get(translations[0].translated_from.url).content.decode()
    assert translations[0].url in html


def test_generated_articles_open_in_the_admin_editor(archive, client):
    admin = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(admin)
    article = archive[0]
    assert Revision.objects.filter(object_id=str(article.pk)).count() == 1
    response = client.get(f"/admin/pages/{article.pk}/edit/")
    assert response.status_code == 200
    assert article.title in response.content.decode()


def test_comments_of_every_status_are_written(archive):
    statuses = Counter(Comment.objects.values_list("status", flat=True))
    assert sum(statuses.values()) == ARTICLES * 3
    assert set(statuses) == set(CommentStatus.values)
    assert Comment.objects.filter(parent__isnull=False).exists()


def test_articles_are_found_by_search(archive, client):
    article = next(a for a in archive if a.locale.language_code == "en")
    found = client.get("/search/", {"q": article.title}).content.decode()
    assert article.title in found


def test_dates_spread_over_years(archive):
    years = {article.first_published_at.year for article in archive}
    assert len(years) >= 10


def test_related_stories_are_the_newest_earlier_ones_sharing_a_topic(archive):
    """Worked out here the slow way, story by story, for every generated article."""
    topics = {article.pk: set(article.tags.values_list("pk", flat=True)) for article in archive}
    order = {article.pk: (article.first_published_at, article.pk) for article in archive}
    offered = 0
    for article in archive:
        edition = [other for other in archive if other.locale_id == article.locale_id]
        earlier = sorted(
            (other for other in edition if order[other.pk] < order[article.pk]),
            key=lambda other: order[other.pk],
            reverse=True,
        )
        section = article.path[: -Page.steplen]
        window = [other for other in earlier if other.path[: -Page.steplen] == section][:5]
        expected = [
            other.pk
            for other in earlier
            if other not in window and topics[other.pk] & topics[article.pk]
        ][:4]
        assert [page.pk for page in further_reading(article).related] == expected, article.title
        offered += len(expected)
    assert offered > len(archive)  # most stories have related ones to offer


def test_running_again_adds_nothing(archive):
    before = (ArticlePage.objects.count(), Comment.objects.count(), Revision.objects.count())
    generate(ARTICLES, comments_per_article=3, seed=7)
    after = (ArticlePage.objects.count(), Comment.objects.count(), Revision.objects.count())
    assert after == before


def test_a_larger_run_adds_only_the_missing_articles(archive):
    generate(ARTICLES + 60, seed=7)
    assert ArticlePage.objects.count() == ARTICLES + 60
    assert Page.find_problems() == ([], [], [], [], [])


def test_one_seed_always_gives_the_same_articles(db):
    first = ArchiveGenerator(50, seed=3)
    second = ArchiveGenerator(50, seed=3)
    other = ArchiveGenerator(50, seed=4)
    stories = [first._story(n) for n in range(50)]
    assert stories == [second._story(n) for n in range(50)]
    assert stories != [other._story(n) for n in range(50)]


def test_one_edition_only(db):
    before = set(ArticlePage.objects.values_list("pk", flat=True))
    generate(30, editions=["en"], seed=11)
    made = ArticlePage.objects.exclude(pk__in=before)
    assert made.count() == 30
    assert set(made.values_list("locale__language_code", flat=True)) == {"en"}


def test_unknown_edition_is_refused_before_anything_is_written(db):
    pages = Page.objects.count()
    with pytest.raises(CommandError, match="no 'fr' edition"):
        generate(30, editions=["en", "fr"])
    assert Page.objects.count() == pages


def test_a_run_stopped_half_way_leaves_every_listing_counting_its_stories(db, monkeypatch):
    """Each batch commits its articles with their sections' counts of children, which the
    listings are counted from: a run that stops after its first batch lists what it wrote."""
    from dateline.news import archive

    monkeypatch.setattr(archive, "BATCH", 20)
    before, batches = ArticlePage.objects.count(), []

    def stop_at_the_second(**kwargs):
        batches.append(kwargs["articles"])
        if len(batches) == 2:
            raise RuntimeError("the generator was stopped")

    archive.archive_articles_created.connect(stop_at_the_second, dispatch_uid="stop")
    try:
        with pytest.raises(RuntimeError):
            generate(60, editions=["en"], seed=13)
    finally:
        archive.archive_articles_created.disconnect(dispatch_uid="stop")
    assert ArticlePage.objects.count() == before + 20
    for page in [HomePage.objects.get(locale__language_code="en"), *SectionPage.objects.all()]:
        assert listing_of(page).count() == articles_in(page).count(), page.title


@pytest.mark.scale
def test_two_thousand_article_smoke_run(db, client):
    before = ArticlePage.objects.count()
    generate(2000, comments_per_article=1, seed=12)
    assert ArticlePage.objects.count() == before + 2000
    assert Page.find_problems() == ([], [], [], [], [])
    for article in ArticlePage.objects.order_by("?")[:20]:
        assert client.get(article.url).status_code == 200
