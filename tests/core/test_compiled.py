"""A query built once and run again with new values answers exactly as the queryset would."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Prefetch, Q
from django.db.models.functions import Lower
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from dateline.comments import views
from dateline.comments.models import Comment
from dateline.core.compiled import CompiledQuery
from dateline.core.visibility import public
from dateline.news.factories import ArticlePageFactory, SectionPageFactory, publish
from dateline.news.models import ArticleCredit, ArticlePage

pytestmark = pytest.mark.django_db

# The comment path's own lookup: what it answers is what a reader's post is checked against.
LIVE_PUBLIC_ARTICLE = views._LIVE_PUBLIC_ARTICLE


def orm_article(pk):
    return public(ArticlePage.objects.live().filter(pk=pk)).first()


def test_instances_are_the_querysets_own_for_every_value(home, section, article):
    draft = ArticlePageFactory(parent=section, title="Not yet", live=False)
    private = publish(SectionPageFactory(parent=home, title="Staff only", slug="staff-only"))
    hidden = publish(ArticlePageFactory(parent=private, title="Behind a login", live=False))
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    [found] = LIVE_PUBLIC_ARTICLE.instances(pk=article.pk)
    expected = orm_article(article.pk)
    assert found.pk == expected.pk == article.pk
    assert (found.title, found.url, found.first_published_at, found.locale_id) == (
        expected.title,
        expected.url,
        expected.first_published_at,
        expected.locale_id,
    )
    assert found.first_published_at.tzinfo is not None  # read through the ORM's converters
    assert list(found.body.raw_data) == list(expected.body.raw_data)
    assert found._state.db == "default" and not found._state.adding
    for missing in (draft.pk, hidden.pk, 987_654):
        assert orm_article(missing) is None
        assert LIVE_PUBLIC_ARTICLE.instances(pk=missing) == []


def test_a_run_is_one_query(article):
    LIVE_PUBLIC_ARTICLE.instances(pk=article.pk)
    with CaptureQueriesContext(connection) as queries:
        LIVE_PUBLIC_ARTICLE.instances(pk=article.pk)
    assert len(queries) == 1


def make_comment(article, email, minutes_ago, hash_="", status="pending"):
    return Comment.objects.create(
        article=article,
        text=f"From {email}",
        author_name="Reader",
        author_email=email,
        address_hash=hash_,
        status=status,
        created_at=timezone.now() - timedelta(minutes=minutes_ago),
    )


BY_PERSON_SINCE = CompiledQuery(
    lambda since, email, hashes: (
        Comment.objects.alias(email_lower=Lower("author_email"))
        .filter(created_at__gte=since)
        .filter(Q(email_lower=email) | Q(address_hash__in=hashes))
        .order_by("created_at")
        .values_list("author_email", "created_at")
    ),
    since=datetime(1900, 1, 1, tzinfo=UTC),
    email="stand-in email",
    hashes=["stand-in hash"],
)


def test_rows_follow_new_dates_strings_and_lists_of_any_length(article):
    make_comment(article, "Ana@Example.org", 50, hash_="h1")
    make_comment(article, "ben@example.org", 20, hash_="h2")
    make_comment(article, "cho@example.org", 5, hash_="h3")
    make_comment(article, "dee@example.org", 1, hash_="h1")
    now = timezone.now()
    for since, email, hashes in [
        (now - timedelta(hours=1), "ana@example.org", []),
        (now - timedelta(hours=1), "nobody@example.org", ["h1"]),
        (now - timedelta(minutes=30), "ben@example.org", ["h1", "h3"]),
        (now - timedelta(minutes=10), "ana@example.org", ["h2", "h3", "h1"]),
        (now, "dee@example.org", []),
    ]:
        expected = list(
            Comment.objects.alias(email_lower=Lower("author_email"))
            .filter(created_at__gte=since)
            .filter(Q(email_lower=email) | Q(address_hash__in=hashes))
            .order_by("created_at")
            .values_list("author_email", "created_at")
        )
        rows = BY_PERSON_SINCE.rows(since=since, email=email, hashes=hashes)
        assert [tuple(row) for row in rows] == expected
    assert [
        row[0]
        for row in BY_PERSON_SINCE.rows(since=now - timedelta(hours=1), email="x", hashes=["h1"])
    ] == ["Ana@Example.org", "dee@example.org"]


def test_a_value_used_twice_in_the_query_is_replaced_in_both_places(article):
    earlier = CompiledQuery(
        lambda created_at, pk: (
            Comment.objects.filter(
                Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=pk)
            )
            .order_by("created_at", "pk")
            .values_list("pk")
        ),
        created_at=datetime(1900, 1, 1, tzinfo=UTC),
        pk=-2_000_000_001,
    )
    same_moment = timezone.now() - timedelta(minutes=3)
    first, second = (make_comment(article, f"r{n}@example.org", 0) for n in range(2))
    Comment.objects.filter(pk__in=[first.pk, second.pk]).update(created_at=same_moment)
    older = make_comment(article, "old@example.org", 10)
    assert earlier.rows(created_at=same_moment, pk=second.pk) == [[older.pk], [first.pk]]
    assert earlier.rows(created_at=same_moment, pk=first.pk) == [[older.pk]]


@pytest.mark.parametrize("lookup", ["text__icontains", "text__startswith"])
def test_a_lookup_that_changes_its_value_is_refused_by_name(lookup):
    changed = CompiledQuery(
        lambda word: Comment.objects.filter(**{lookup: word}).values_list("pk"), word="stand-in"
    )
    with pytest.raises(ValueError, match="stand-in for 'word' is not among"):
        changed.rows(word="rice")


def test_a_case_blind_match_is_reused_only_where_its_value_goes_as_given(article):
    """SQLite compares with LIKE and escapes `%` and `_` in the value; PostgreSQL compares the
    upper-cased text with the value as it is."""
    case_blind = CompiledQuery(
        lambda word: Comment.objects.filter(text__iexact=word).values_list("pk"), word="stand-in"
    )
    if connection.vendor == "sqlite":
        with pytest.raises(ValueError, match="stand-in for 'word' is not among"):
            case_blind.rows(word="from a_b@example.org")
        return
    comment = make_comment(article, "a_b@example.org", 1)
    assert case_blind.rows(word="FROM A_B@EXAMPLE.ORG") == [[comment.pk]]
    assert case_blind.rows(word="from a%b@example.org") == []


def test_a_time_without_its_zone_is_refused_rather_than_read_in_another(article):
    with pytest.raises(ValueError, match="has no time zone"):
        BY_PERSON_SINCE.rows(since=datetime(2026, 12, 1, 9), email="a@example.org", hashes=[])


def test_a_condition_no_row_can_meet_is_only_accepted_from_an_empty_list(article):
    comment = make_comment(article, "ana@example.org", 1)
    by_ids = CompiledQuery(
        lambda ids: Comment.objects.filter(pk__in=ids).values_list("pk"), ids=[-2_000_000_001]
    )
    assert by_ids.rows(ids=[]) == []
    assert by_ids.rows(ids=[comment.pk, 987_654]) == [[comment.pk]]
    # A depth can never be negative, so Django answers nothing for the stand-in itself: kept, that
    # would answer nothing for every depth.
    out_of_range = CompiledQuery(
        lambda depth: Page.objects.filter(depth=depth).values_list("pk"), depth=-5
    )
    with pytest.raises(EmptyResultSet):
        out_of_range.rows(depth=2)


def test_two_values_given_the_same_stand_in_are_refused():
    same = CompiledQuery(
        lambda first, second: Comment.objects.filter(pk=first, parent_id=second).values_list("pk"),
        first=-7,
        second=-7,
    )
    with pytest.raises(ValueError, match="equals another value's"):
        same.rows(first=1, second=2)


def test_related_rows_annotations_and_prefetches_are_the_querysets_own(article, section):
    """What a page's render reads: an article with its locale and section's rows joined, a value
    computed by the database, and its credits prefetched, with nothing left to query."""
    with_more = CompiledQuery(
        lambda pk: (
            ArticlePage.objects.filter(pk=pk)
            .select_related("locale", "owner")
            .annotate(shouted=Lower("title"))
            .prefetch_related("credits__contributor")
        ),
        pk=-2_000_000_001,
    )
    orm = (
        ArticlePage.objects.filter(pk=article.pk)
        .select_related("locale", "owner")
        .annotate(shouted=Lower("title"))
        .prefetch_related("credits__contributor")
        .get()
    )
    with CaptureQueriesContext(connection) as queries:
        [found] = with_more.instances(pk=article.pk)
    assert len(queries) == 3  # the article with its joined rows, then the two prefetches
    with CaptureQueriesContext(connection) as queries:
        assert found.locale.language_code == orm.locale.language_code == "en"
        assert found.owner == orm.owner  # no owner: a join that found nothing
        assert found.shouted == orm.shouted == article.title.lower()
        credits = [(c.role, c.contributor.name) for c in found.credits.all()]
        assert credits == [(c.role, c.contributor.name) for c in orm.credits.all()]
        assert len(credits) == 2
    assert queries.captured_queries == []


def test_translation_keys_are_found_and_replaced(article, home, korean_home):
    """Pages by their translation keys, as the language links read them: a UUID on each database,
    text on SQLite and the database's own type on PostgreSQL (the editions' homes share one)."""
    by_keys = CompiledQuery(
        lambda keys: Page.objects.filter(translation_key__in=keys).order_by("path"),
        keys=[uuid.UUID(int=2_000_000_001)],
    )
    for keys in ([article.translation_key], [home.translation_key, article.translation_key]):
        expected = list(Page.objects.filter(translation_key__in=keys).order_by("path"))
        assert by_keys.instances(keys=keys) == expected
    assert len(expected) == 3
    as_text = [str(article.translation_key)]  # as a form or a URL gives it: the ORM reads it too
    assert [page.pk for page in by_keys.instances(keys=as_text)] == [article.pk]
    assert by_keys.instances(keys=[uuid.uuid4()]) == []


def test_a_prefetch_with_a_queryset_of_its_own_is_refused(article):
    """Its own query's values are not the statement's: they would stay the stand-ins."""
    by_role = CompiledQuery(
        lambda pk: ArticlePage.objects.filter(pk=pk).prefetch_related(
            Prefetch("credits", queryset=ArticleCredit.objects.filter(article_id=pk))
        ),
        pk=-2_000_000_001,
    )
    with pytest.raises(TypeError, match="prefetch by name"):
        by_role.instances(pk=article.pk)


def test_a_queryset_whose_instances_need_more_than_its_row_gives_rows_only(article):
    specific = CompiledQuery(
        lambda pk: ArticlePage.objects.filter(pk=pk).specific(), pk=-2_000_000_001
    )
    with pytest.raises(TypeError, match="ask for rows instead"):
        specific.instances(pk=article.pk)


def test_every_value_must_be_given_by_its_name():
    with pytest.raises(TypeError, match=r"\['pk'\]"):
        LIVE_PUBLIC_ARTICLE.instances(id=3)
