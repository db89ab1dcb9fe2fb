"""The language editions: one locale and one published home page per language in settings.

The one owner of "which edition is this, and where is its home": `ensure_editions` makes them
after every `dateline migrate` (so a new install has a working front page in each language before
anyone logs in, and a language added to settings gets its edition on upgrade), and the lookups
below find them for templates, feeds, metadata and the importer without a query per render.
"""

import re
import time
from contextvars import ContextVar
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http.request import split_domain_port
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import get_language
from wagtail.models import Collection, Locale, Page, Site
from wagtail.models import pages as wagtail_pages

from .listing_index import pages_of_type

if TYPE_CHECKING:
    from .models import HomePage


@transaction.atomic
def ensure_editions(**kwargs) -> None:
    """Create missing locales, replace Wagtail's welcome page, and translate the home page."""
    from .models import HomePage

    forget_editions()
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    # A flushed database (as between transactional tests) has lost even Wagtail's tree roots.
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=Locale.get_default())
    )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    default_locale = Locale.get_default()
    home = pages_of_type(HomePage).filter(locale=default_locale, depth=2).first()
    if home is None:
        _remove_wagtail_placeholder()
        home = root.add_child(
            instance=HomePage(
                title=settings.DATELINE_NEWSROOM_NAME, slug="home", locale=default_locale
            )
        )
        home.save_revision().publish()
    if not Site.objects.filter(is_default_site=True).exists():
        base_url = urlsplit(settings.DATELINE_BASE_URL)
        Site.objects.create(
            hostname=base_url.hostname or "localhost",
            port=base_url.port or (443 if base_url.scheme == "https" else 80),
            site_name=settings.DATELINE_NEWSROOM_NAME,
            root_page=home,
            is_default_site=True,
        )
    for locale in Locale.objects.exclude(pk=default_locale.pk):
        if not home.has_translation(locale):
            home.copy_for_translation(locale).save_revision().publish()


def _remove_wagtail_placeholder() -> None:
    """Delete the "Welcome to your new Wagtail site!" page Wagtail installs, and its site with it.

    Only the untouched placeholder goes (a plain page with nothing under it); a page somebody made
    is never deleted here.
    """
    for page in Page.objects.filter(depth=2, slug="home"):
        if type(page.specific) is Page and not page.get_children().exists():
            page.delete()


# The editions' home pages and locales change when an editor publishes a home page or an operator
# adds a language, and are read by every render (header, feeds, metadata, credit links); so is
# the table of sites, which Wagtail would query for every request. They are read once per
# process and kept until a change: a change in this process forgets them at once, and bumps a
# generation number in the shared cache (Redis, when configured) that other processes compare
# before use; EDITIONS_LIFETIME bounds how stale a process without a shared cache can be.
# A request compares it once (`EditionsPerRequest`), not at each of the ten look-ups an article
# page makes: each was a round trip to Redis.
EDITIONS_LIFETIME = 60.0
_GENERATION_KEY = "dateline:editions-generation"
_editions = {"loaded_at": None, "generation": None, "homes": [], "locales": {}, "sites": []}
_request_generation: ContextVar[dict | None] = ContextVar("dateline_editions", default=None)


class EditionsPerRequest:
    """Middleware: a request reads the shared generation number once, when it first needs it.

    A change the request makes itself is seen at once (`forget_editions`); one made by another
    process while the request runs is seen by the next request, as a render that began just
    before the change would not have shown it either.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_generation.set({})
        try:
            return self.get_response(request)
        finally:
            _request_generation.reset(token)


def _shared_generation() -> tuple:
    """Return the generation number in the shared cache and when it was read: once per request.

    When it was read matters because the editions are shared by the process's threads: a request
    holding an older number than the one they were loaded under must not load them again (and
    the next request the newer number again, back and forth); one that read its number after
    they were loaded knows of a newer change."""
    asked = _request_generation.get()
    if asked is None:
        return cache.get(_GENERATION_KEY), time.monotonic()
    if "generation" not in asked:
        asked["generation"] = (cache.get(_GENERATION_KEY), time.monotonic())
    return asked["generation"]


def forget_editions(**kwargs) -> None:
    """Drop the remembered editions here and in other processes sharing the cache, at once and,
    for a change made in a transaction, again when it commits: another process that loaded them
    in between read the rows as they were before the change, under the new generation number."""
    _forget_everywhere()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_forget_everywhere)


def _forget_everywhere() -> None:
    _editions["loaded_at"] = None
    asked = _request_generation.get()
    if asked is not None:
        asked.clear()
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:
        cache.set(_GENERATION_KEY, 1, timeout=None)


def _loaded() -> dict:
    from .models import HomePage

    loaded_at, (generation, read_at) = _editions["loaded_at"], _shared_generation()
    if (
        loaded_at is None
        or (generation != _editions["generation"] and read_at > loaded_at)
        or time.monotonic() - loaded_at > EDITIONS_LIFETIME
    ):
        homes = list(
            pages_of_type(HomePage).filter(depth=2).select_related("locale").order_by("path")
        )
        _editions["homes"] = homes
        _editions["locales"] = {locale.pk: locale for locale in Locale.objects.all()}
        _editions["sites"] = list(Site.objects.select_related("root_page"))
        _editions["loaded_at"], _editions["generation"] = time.monotonic(), generation
    return _editions


def edition_homes() -> dict[int, "HomePage"]:
    """Return each language edition's home page by locale id (the first, if a locale has two)."""
    homes = {}
    for home in _loaded()["homes"]:
        homes.setdefault(home.locale_id, home)
    return homes


def edition_home_for_language(language_code: str) -> "HomePage | None":
    """Return the home page of the edition in a language ("ko"), or None when there is none."""
    for home in edition_homes().values():
        if home.locale.language_code == language_code:
            return home
    return None


def edition_home(request) -> "HomePage | None":
    """Return the home page of the edition the request is served in (its active language).

    Falls back to the default edition's home, so a page in a language without an edition still
    gets a header.
    """
    if request is None:
        return None
    return edition_home_for_language(get_language()) or edition_home_for_language(
        settings.LANGUAGE_CODE
    )


def edition_home_of(page) -> "HomePage | None":
    """Return the home page of the edition a page is in: the home its tree path starts with.

    Asking the page (not the request's language) keeps credit links and the header right in the
    admin's preview, which is served in the editor's language.
    """
    from .models import HomePage

    if isinstance(page, HomePage):
        return page  # itself, as edited (an admin preview shows the new name)
    if page is None or page.depth is None or page.depth < 2:
        return None
    return _home_at(page.path)


def _home_at(path: str) -> "HomePage | None":
    """Return the edition home whose tree path begins this one."""
    prefix = path[: 2 * Page.steplen]
    return next((home for home in _loaded()["homes"] if home.path == prefix), None)


_QUOTED_AS_REVERSE_DOES = RFC3986_SUBDELIMS + "/~:@"
_TREE_FIELDS = frozenset(("path", "depth", "url_path"))


@lru_cache(maxsize=1)
def _served_path() -> re.Pattern:
    """Return what Wagtail's page view accepts below a home, as `reverse` checks it before
    quoting (read once the URL patterns can be imported, after the models)."""
    from wagtail.urls import serve_pattern

    return re.compile(serve_pattern)


class AddressedUnderEdition:
    """Page mixin: a page's address is its edition home's, then its path below the home.

    Wagtail finds each page's site and reverses its address through the language's URL patterns:
    about 40 µs, and an article page asks for some thirty addresses, a listing for more. Below an
    edition's home the answer is the home's address (asked once per request) and the page's own
    path, quoted as `reverse` quotes it. Whatever this does not cover is left to Wagtail: no
    request, a site rooted below the home, a path Wagtail's view would not serve, a page read
    without its tree path, addresses without their last slash (`WAGTAIL_APPEND_SLASH = False`).
    `tests/news/test_sites.py` compares the two for every page on several sites.
    """

    def get_url_parts(self, request=None):
        parts = _url_parts_below_home(self, request)
        return parts if parts is not None else super().get_url_parts(request)


class AddressedAsHome:
    """Page mixin for an edition's home: its address is Wagtail's, asked once per request.

    Every page asks for its home's address several times (the header, each credit's link, the
    language switch, and each page below the home, through `AddressedUnderEdition`), and each ask
    reversed it through the URL patterns again.
    """

    def get_url_parts(self, request=None):
        if request is None:
            return super().get_url_parts(request)
        asked = request.__dict__.setdefault("_dateline_home_url_parts", {})
        key = (self.pk, self.url_path)
        if key not in asked:
            asked[key] = super().get_url_parts(request)
        return asked[key]


def page_url(page, request) -> str | None:
    """Return `page.get_url(request)`, for a plain page (as the menus read them) too, as
    `AddressedUnderEdition` finds it: from its edition home's address, on the request's site."""
    path = _path_on_requests_site(_url_parts_below_home(page, request), request)
    return path if path is not None else page.get_url(request)


def row_url(path: str, url_path: str, request) -> str | None:
    """Return the address `page_url` gives the page at this tree path and URL path when it is
    found from its edition home's on the request's site, else None: for pages read as rows (a
    sitemap's thousands), which cost more to make as pages than their entries do to write."""
    home = _home_at(path)
    if request is None or home is None or home.path == path:
        return None
    return _path_on_requests_site(_parts_below(home, url_path, request), request)


def _path_on_requests_site(parts, request) -> str | None:
    site = site_for_request(request) if parts is not None else None
    return parts[2] if site is not None and parts[0] == site.pk else None


def _url_parts_below_home(page, request):
    # A page read with only some fields (a sitemap's) would load its tree path with a query.
    if request is None or not _TREE_FIELDS.issubset(page.__dict__):
        return None
    home = edition_home_of(page)
    if home is None or home.pk == page.pk:
        return None
    return _parts_below(home, page.url_path, request)


def _parts_below(home, url_path: str, request):
    """Return the URL parts of the page at `url_path` under an edition's home, or None where
    Wagtail's own answer may differ."""
    if not wagtail_pages.WAGTAIL_APPEND_SLASH:  # Wagtail's addresses then drop the last slash
        return None
    if not url_path.startswith(home.url_path):
        return None
    below = url_path[len(home.url_path) :]
    # The sites whose root holds the page (Wagtail's `_get_relevant_site_root_paths`).
    roots = [r for r in home._get_site_root_paths(request) if url_path.startswith(r.root_path)]
    if not _served_path().fullmatch(below) or any(
        len(root.root_path) > len(home.url_path) for root in roots
    ):
        return None
    home_parts = home.get_url_parts(request)  # asked once per request (`AddressedAsHome`)
    if home_parts is None or home_parts[2] is None:
        return None
    site_id, root_url, home_path = home_parts
    return site_id, root_url, home_path + quote(below, safe=_QUOTED_AS_REVERSE_DOES)


def locale_by_id(locale_id: int) -> Locale | None:
    return _loaded()["locales"].get(locale_id)


def connect_edition_signals() -> None:
    """Forget the editions whenever a home page, a locale or a site changes in this process."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from .models import HomePage

    for signal in (post_save, post_delete, page_published, page_unpublished):
        signal.connect(forget_editions, sender=HomePage, dispatch_uid=f"editions-{id(signal)}")
    # A move saves the moved page as a plain page, and moving a home renumbers its siblings' paths.
    post_page_move.connect(forget_editions, sender=HomePage, dispatch_uid="editions-move")
    for model in (Locale, Site):
        post_save.connect(forget_editions, sender=model, dispatch_uid=f"editions-save-{model}")
        post_delete.connect(forget_editions, sender=model, dispatch_uid=f"editions-del-{model}")


def site_for_request(request) -> Site | None:
    """Return the site that answers the request, as Wagtail's `Site.find_for_request` would.

    Wagtail asks the database for every request (a query with a ranked CASE: a quarter of a
    comment post's time in a profile of 200 posts). This picks from the remembered sites by the
    same rules (`_site_for`), and keeps the answer where Wagtail keeps its own
    (`request._wagtail_site`), so Wagtail's later look-ups in the request reuse it.
    """
    if not hasattr(request, "_wagtail_site"):
        # The raw host, as Wagtail reads it: the host check is Django's, in CommonMiddleware.
        hostname = split_domain_port(request._get_raw_host())[0]
        request._wagtail_site = _site_for(hostname, request.get_port())
    return request._wagtail_site


def _site_for(hostname: str, port: str) -> Site | None:
    """Wagtail's ranking, read off: the exact host and port; else the host name's only site; else
    the default (also when it is one of several sites with the host name), or none."""
    sites = _loaded()["sites"]
    named = [site for site in sites if site.hostname == hostname]
    exact = next((site for site in named if str(site.port) == port), None)
    if exact is not None:
        return exact
    if len(named) == 1:
        return named[0]
    return next((site for site in sites if site.is_default_site), None)
