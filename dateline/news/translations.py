"""Translations: remember which article a translation was made from, and find a page's versions.

A page's versions are the pages Wagtail's translation machinery links (one translation key) and,
for articles, those linked by "translated from", which an editor may set by hand. The article
page, its header's language links and its metadata all show them; they are read in one query and
remembered on the page object, so the render asks once. A contributor's or a topic's page (routes
of an edition's home) has its versions too: the same contributor's page in each edition, and the
page of the topic's counterpart (`TopicTranslation`).
"""

import uuid

from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import get_language_info
from wagtail.models import Page

from dateline.core.compiled import CompiledQuery
from dateline.core.shown import (
    note_shown,
    topic_pairs_key,
    translated_from_key,
    translations_key,
)
from dateline.core.visibility import public

from .editions import edition_homes
from .models import ArticleCredit, ArticlePage, CreditRole

# Roles whose work does not change with the language it is published in.
LANGUAGE_FREE_ROLES = frozenset({CreditRole.REPORTER, CreditRole.PHOTOGRAPHER})


def original_id(page) -> int | None:
    """Return the id of the original a page's translations hang from (an article's own, if none)."""
    if not isinstance(page, ArticlePage):
        return None
    return page.translated_from_id or page.pk


def linked_ids(keys, originals):
    """Return a subquery of the ids of the pages sharing a translation key or an original.

    The pages sharing a key, the originals themselves and the articles translated from them are
    three lookups on three indexes, joined by a UNION rather than an OR: PostgreSQL cannot read
    an OR holding a subquery on an index, and walked the whole page table instead (220 ms for
    one article of a 100,000-article archive).
    """
    by_key = Page.objects.filter(translation_key__in=keys).values("pk").order_by()
    if not originals:
        return by_key
    return by_key.union(
        Page.objects.filter(pk__in=originals).values("pk").order_by(),
        ArticlePage.objects.filter(translated_from_id__in=originals)
        .values("page_ptr_id")
        .order_by(),
        all=True,
    )


def linked_pages(keys, originals):
    """Return the live, public pages linked by these keys or originals, with `original_id` and
    `source_id` set."""
    return (
        public(Page.objects.live().filter(pk__in=linked_ids(keys, originals)))
        .annotate(
            original_id=Coalesce(
                F("articlepage__translated_from_id"), F("articlepage__page_ptr_id")
            ),
            source_id=F("articlepage__translated_from_id"),
        )
        .select_related("locale")
        .order_by("path")
    )


# Every page asks it, for its language links (dateline.core.compiled: built once).
_LINKED_PAGES = CompiledQuery(
    linked_pages, keys=[uuid.UUID(int=2_000_000_001)], originals=[-2_000_000_001]
)


def linked_versions(page) -> list[Page]:
    """Return the live, public pages linked to this one, itself included if live: one query."""
    if "_linked_versions" not in page.__dict__:
        note_shown(translations_key(page.translation_key))
        original = original_id(page)
        if original is not None:
            note_shown(translated_from_key(original))
        originals = [original] if original is not None else []
        keys = [page.translation_key]
        page._linked_versions = _LINKED_PAGES.instances(keys=keys, originals=originals)
    return page._linked_versions


def live_original(article):
    """Return the live, public article this one translates, or None."""
    if article.translated_from_id is None:
        return None
    return next((p for p in linked_versions(article) if p.pk == article.translated_from_id), None)


def live_translations(article) -> list[Page]:
    """Return the live, public translations made from this article."""
    return [p for p in linked_versions(article) if p.source_id == article.pk]


def page_translations(page) -> list[Page]:
    """Return the page's other language versions as Wagtail links them (one translation key)."""
    return [
        p
        for p in linked_versions(page)
        if p.translation_key == page.translation_key and p.pk != page.pk
    ]


def remember_translation_source(sender, source_obj, target_obj, **kwargs) -> None:
    """Start a new translation as a draft in progress, pointed at the original, credited afresh.

    Wagtail copies the page, credits and topics included, and saves a first revision before this
    signal. The copy keeps the original's reporters and photographers (their work is the same in
    every language) but not its writers, translators or editors, whose credits describe the
    original's text ("Written in English by …"); it asks for a translator instead, a row the
    admin requires before the translation is submitted or published. Its topics become the
    target edition's. A second revision holds all this, so the editor's form opens on it.
    """
    if not isinstance(source_obj, ArticlePage):
        return
    original = source_obj.translated_from or source_obj
    if original.pk == target_obj.pk:
        return
    target = target_obj.specific
    target.translated_from = original
    target.translated_from_revision = original.live_revision or original.latest_revision
    kept = [c for c in source_obj.credits.all() if c.role in LANGUAGE_FREE_ROLES]
    target.credits = [
        ArticleCredit(role=CreditRole.TRANSLATOR, sort_order=0),
        *(
            ArticleCredit(contributor_id=c.contributor_id, role=c.role, sort_order=order)
            for order, c in enumerate(kept, start=1)
        ),
    ]
    target.tags.set(topics_in(list(source_obj.tags.all()), target.locale.language_code))
    target.save(clean=False)  # a draft: the checks belong to submitting and publishing
    target.save_revision(clean=False, log_action=False)


def topics_in(topics, language_code: str) -> list:
    """Return the topics the edition of `language_code` uses for these, making missing ones.

    A known counterpart is used (`topic_counterpart`); otherwise the new topic takes the
    original's name marked with the language ("markets (한국어)"), unique among topics, for an
    editor to rename once.
    """
    from taggit.models import Tag

    from .models import TopicTranslation

    mapped = []
    for topic in topics:
        counterpart = topic_counterpart(topic, language_code)
        if counterpart is not None:
            mapped.append(counterpart)
            continue
        language = get_language_info(language_code)["name_local"]
        name = f"{topic.name} ({language})"
        translation = Tag.objects.filter(name=name).first() or Tag.objects.create(name=name)
        TopicTranslation.objects.create(
            topic=topic, language_code=language_code, translation=translation
        )
        mapped.append(translation)
    return mapped


def topic_counterpart(topic, language_code: str):
    """Return the topic the edition of `language_code` uses for this one, or None if none is known.

    A pair is known in either direction. When the topic is itself the translation of one, that
    one's own translation into the language is used, or that one itself when the language's
    edition has articles carrying it (a topic counts as an edition's when its articles carry it).
    The pages showing the answer note the pairs they read, so a corrected pair reaches them.
    """
    from .models import TopicTranslation

    note_shown(topic_pairs_key(topic.pk))
    direct = TopicTranslation.objects.filter(topic=topic, language_code=language_code).first()
    if direct is not None:
        return direct.translation
    reverse = TopicTranslation.objects.filter(translation=topic).select_related("topic").first()
    if reverse is None:
        return None
    root = reverse.topic
    note_shown(topic_pairs_key(root.pk))
    sibling = TopicTranslation.objects.filter(topic=root, language_code=language_code).first()
    if sibling is not None:
        return sibling.translation
    if ArticlePage.objects.filter(tags=root, locale__language_code=language_code).exists():
        return root
    return None


def route_subject(context) -> dict:
    """Return the contributor or topic a route of an edition's home shows, as `route_versions`
    takes it: empty on any other page."""
    for name in ("contributor", "topic"):
        if context.get(name) is not None:
            return {name: context[name]}
    return {}


def route_versions(home, request, *, contributor=None, topic=None) -> dict[int, str]:
    """Return the address of a contributor's or a topic's page in each live edition, by locale.

    A contributor has a page in every edition. A topic has one in its own edition and in each
    edition it has a counterpart in; editions without one are left out (their home stands in).
    Remembered on the contributor or topic, so the header and the metadata ask once.
    """
    subject = contributor if contributor is not None else topic
    if "_route_versions" not in subject.__dict__:
        subject._route_versions = _route_versions(home, request, contributor, topic)
    return subject._route_versions


def linked_edition_homes() -> dict[int, Page]:
    """Return every edition's home by locale id, noting each as shown by the page being rendered.

    A page links each other edition (its home, or the page's version there) while that edition's
    home is live, at that home's address. The homes come from the editions the process remembers,
    loaded outside the render, so nothing else notes them: withdrawing an edition left every page
    of the others linking to it. Its language versions' key is what publishing, withdrawing or
    moving a home changes.
    """
    homes = edition_homes()
    note_shown(*{translations_key(home.translation_key) for home in homes.values()})
    return homes


def _route_versions(home, request, contributor, topic) -> dict[int, str]:
    homes = linked_edition_homes()
    if contributor is not None:
        route, slugs = "contributor", dict.fromkeys(homes, contributor.slug)
    else:
        route, slugs = "topic", {home.locale_id: topic.slug}
        for locale_id, other in homes.items():
            if locale_id != home.locale_id:
                counterpart = topic_counterpart(topic, other.locale.language_code)
                if counterpart is not None:
                    slugs[locale_id] = counterpart.slug
    versions = {}
    for locale_id, slug in slugs.items():
        edition = home if locale_id == home.locale_id else homes.get(locale_id)
        if edition is not None and edition.live:
            versions[locale_id] = edition.get_url(request) + edition.reverse_subpage(
                route, args=[slug]
            )
    return versions
