"""Note what a page showed while it renders, so a change can find the pages that showed it.

The bake (`dateline.publish`) opens a recording around each render; while it is open, code that
shows something no model instance stands for calls `note_shown` with a key naming it: a comment
thread (`comments:<article id>`) or a listing a new article would enter (`articles-under:<page
id>`). Model instances a page loads are noted by the bake itself; a part made once for many pages
(`shared_value`) notes the instances it shows that were loaded before it was made. Apps below
`publish` call this module, never `publish`, so the dependencies still run one way; outside a
recording the calls cost one context-variable read and do nothing.
"""

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from wagtail.models import Page

_shown: ContextVar[set[str] | None] = ContextVar("dateline_shown", default=None)


def note_shown(*keys: str) -> None:
    """Add keys to the recording in progress, if any."""
    shown = _shown.get()
    if shown is not None:
        shown.update(keys)


def is_recording() -> bool:
    return _shown.get() is not None


@contextmanager
def recording() -> Iterator[set[str]]:
    """Record every key noted inside the block into the set it yields."""
    shown: set[str] = set()
    token = _shown.set(shown)
    try:
        yield shown
    finally:
        _shown.reset(token)


def page_key(page_id: int) -> str:
    """Name a page as the bake's recorder names every page a render loads."""
    return f"page:{page_id}"


def object_key(instance) -> str:
    """Name a model instance as the table of shown objects stores it: `page:12`, `news.contributor:3`."""
    if isinstance(instance, Page):
        return page_key(instance.pk)
    return f"{instance._meta.label_lower}:{instance.pk}"


def further_reading_key(article_id: int) -> str:
    """Name what leads a reader on from an article: its neighbours, more from its section and
    related articles. A new article changes it only for the few articles it lands beside."""
    return f"further-reading:{article_id}"


def comment_thread_key(article_id: int) -> str:
    return f"comments:{article_id}"


def articles_under_key(page_id: int) -> str:
    """Name the listing of every article under a page (an edition's home or a section)."""
    return f"articles-under:{page_id}"


def articles_by_key(home_id: int, contributor_id: int) -> str:
    """Name a contributor's listing in one edition (an article enters only its own edition's)."""
    return f"articles-by:{home_id}:{contributor_id}"


def articles_tagged_key(home_id: int, tag_id: int) -> str:
    """Name a topic's listing in one edition."""
    return f"articles-tagged:{home_id}:{tag_id}"


def sections_under_key(page_id: int) -> str:
    """Name the menus of an edition: its sections in the header, its plain pages in the footer."""
    return f"sections-under:{page_id}"


def translations_key(translation_key) -> str:
    """Name the list of a page's versions in other language editions."""
    return f"translations:{translation_key}"


def translated_from_key(original_id: int) -> str:
    """Name an original article's family: itself and the articles translated from it."""
    return f"translated-from:{original_id}"


def topic_pairs_key(tag_id: int) -> str:
    """Name the pairs a topic belongs to (`TopicTranslation`), which its language links read."""
    return f"topic-pairs:{tag_id}"


ALL_ARTICLES_KEY = "articles-all"  # the whole-site feed
ALL_PAGES_KEY = "pages-all"  # which pages there are: the sitemap index and the pages' sitemap
PUBLISHED_DATES_KEY = "published-dates"  # the latest publication dates the sitemap index shows


_shared: ContextVar[OrderedDict | None] = ContextVar("dateline_shared", default=None)
SHARED_LIMIT = 2000  # values kept at most, the least recently used dropped first


@contextmanager
def sharing(shared: OrderedDict) -> Iterator[None]:
    """Let `shared_value` reuse, inside the block, what it made into `shared` before.

    The bake renders thousands of pages in one go, and many show the same parts: a feed entry
    appears in a dozen feeds, an edition's menus on every page. Within one bake run (the bake's
    renderer holds `shared`), such a part is made once. A change made during the run is baked
    again by the re-bake it queues, which starts with nothing shared.
    """
    token = _shared.set(shared)
    try:
        yield
    finally:
        _shared.reset(token)


# What `reuse_shared` returns outside a bake run, and for a key nothing made in it (or made and
# since dropped, the least recently used, past SHARED_LIMIT).
NOT_SHARED = object()


def reuse_shared(key: tuple):
    """Return the value `shared_value` made for `key` in this bake run, noting again what it
    showed; NOT_SHARED when none was made (or nothing is shared). A caller that learns here which
    parts it must make can read what they need for all of them at once."""
    shared = _shared.get()
    if shared is None or key not in shared:
        return NOT_SHARED
    shared.move_to_end(key)
    value, keys = shared[key]
    note_shown(*keys)
    return value


def shared_value(key: tuple, make):
    """Return `make()`, made once per bake run for `key` when sharing, and note what it showed.

    The keys noted while it was made are kept with it and noted again on each reuse, so every
    page that shows it is found by a change to anything it showed, as if it had made it itself.
    """
    value = reuse_shared(key)
    if value is not NOT_SHARED:
        return value
    shared = _shared.get()
    if shared is None:
        return make()
    with recording() as keys:
        value = make()
    shared[key] = (value, keys)
    if len(shared) > SHARED_LIMIT:
        shared.popitem(last=False)
    note_shown(*keys)
    return value
