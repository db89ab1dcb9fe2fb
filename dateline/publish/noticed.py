"""What a reader notices first of each kind of change: the few URLs a re-bake renders first.

The re-bake (`incremental.py`) renders these and switches them in before it even lists the rest,
which follow as `url:` changes in batches. The group is a handful of URLs for each changed key
however large the archive, so a change shows where readers look within a second at ten thousand
articles as at ten. For each kind of key:
- `page:<id>` of a public page: its own address, the first page of each listing above it up to
  its edition's home, and their feeds;
- `comments:<id>`: the article's own pages, where its discussion is;
- `gone:<address>` (`gone_key`), stored for a page unpublished or deleted: that address, which now
  answers "not found", so its file is removed. The keys of the listings the page left come with
  it: `articles-under:<id>` adds that listing's first page and its feeds, `articles-all` the
  whole site's feeds, `sections-under:<id>` the page whose menus list it;
- a contributor: their page and its feeds in each edition, then the newest articles crediting
  them in each edition (their name on older ones follows with the rest);
- an image: the newest articles it leads as their hero picture in each edition, their sections'
  first pages and the edition's home.
Besides a page's and a contributor's own addresses (which may be new), a URL named here is
rendered only if it showed one of the change's keys: a listing the article never reached, or an
article that names another contributor, stays as it was.
"""

from wagtail.images import get_image_model
from wagtail.models import Page

from dateline.core.shown import ALL_ARTICLES_KEY
from dateline.core.visibility import public
from dateline.news.models import ArticleCredit, Contributor, HomePage, SectionPage, articles_in

from .site import (
    contributor_address,
    contributor_feed_urls,
    editions,
    listing_feed_urls,
    own_feed_urls,
    page_address,
    public_page,
    site_feed_urls,
    urls_of_page,
)

GONE = "gone"  # the kind of key naming the address of a page readers may no longer see
NEWEST_NOTICED = 3  # articles per edition rendered first for a changed contributor or image
# Gone addresses rendered first: a deleted section takes every article under it along, and those
# beyond this many leave with the rest, rather than hold up the next story.
GONE_NOTICED = 20


def gone_key(address: str) -> str:
    """Name the address of a page that has left the site (unpublished or deleted)."""
    return f"{GONE}:{address}"


def noticed_first(keys: set[str]) -> tuple[set[str], list[str]]:
    """Return the own addresses of what changed, and every URL to render first, in order: own
    addresses, a gone page's address and the articles, then listings' first pages and feeds."""
    # Keyed by the labels `object_key` gives instances; the image model's is known once apps load.
    finders = {
        **_PAGE_FINDERS,
        Contributor._meta.label_lower: _of_contributor,
        get_image_model()._meta.label_lower: _of_image,
        **_LISTING_FINDERS,
    }
    idents: dict[str, list[str]] = {}
    for key in sorted(keys):
        kind, _, ident = key.partition(":")
        idents.setdefault(kind, []).append(ident)
    idents[GONE] = idents.get(GONE, [])[:GONE_NOTICED]
    own, others = [], []
    for kind, finder in finders.items():  # pages and articles before listings and feeds
        for ident in idents.get(kind, ()):
            mine, theirs = finder(ident)
            own += mine
            others += theirs
    return set(own), list(dict.fromkeys(own + others))


def _of_page(ident: str) -> tuple[list[str], list[str]]:
    page = public_page(ident)
    if page is None:
        return [], []
    address = page_address(page)
    listings = list(public(page.get_ancestors().live().type(SectionPage, HomePage)).specific())
    first_pages = [listing.get_url() for listing in reversed(listings)]
    return [address] if address else [], first_pages + _feeds_of(listings)


def _of_discussion(ident: str) -> tuple[list[str], list[str]]:
    page = public_page(ident)
    return ([item.url for item in urls_of_page(page)] if page else []), []


def _of_gone(address: str) -> tuple[list[str], list[str]]:
    # Not an own address: only a URL that was baked (and showed the page) has a file to remove.
    return [], [address]


def _of_listing(ident: str) -> tuple[list[str], list[str]]:
    """Return a listing's first page and its feeds: an article entered, left or moved in it."""
    listing = public_page(ident)
    if not isinstance(listing, SectionPage | HomePage):
        return [], []
    return [], [listing.get_url()] + [item.url for item in own_feed_urls(listing)]


def _of_menus(ident: str) -> tuple[list[str], list[str]]:
    """Return the page whose header or footer lists a section or plain page that changed."""
    page = public_page(ident)
    address = page_address(page) if page else None
    return [], [address] if address else []


def _of_all_articles(ident: str) -> tuple[list[str], list[str]]:
    return [], [item.url for item in site_feed_urls()]


def _of_contributor(ident: str) -> tuple[list[str], list[str]]:
    """Return a contributor's page and feeds in each edition, and their newest articles there."""
    contributor = Contributor.objects.filter(pk=int(ident)).first() if ident.isdigit() else None
    if contributor is None:
        return [], []
    credited = ArticleCredit.objects.filter(contributor=contributor).values("article_id")
    own, articles = [], []
    for home in editions():
        own.append(contributor_address(home, contributor))
        own += [item.url for item in contributor_feed_urls(home, contributor)]
        articles += _addresses(_newest(articles_in(home).filter(pk__in=credited)))
    return own, articles


def _of_image(ident: str) -> tuple[list[str], list[str]]:
    """Return the newest articles an image leads in each edition, their sections and the home."""
    if not ident.isdigit():
        return [], []
    urls = []
    for home in editions():
        newest = _newest(articles_in(home).filter(hero_image_id=int(ident)))
        parents = {article.path[: -Page.steplen] for article in newest}
        sections = public(SectionPage.objects.filter(path__in=parents).live()).order_by("path")
        urls += _addresses(newest) + _addresses(sections) + [home.get_url()]
    return [], urls


def _newest(articles) -> list:
    return list(articles.prefetch_related(None)[:NEWEST_NOTICED])


def _addresses(pages) -> list[str]:
    return [address for page in pages if (address := page_address(page))]


def _feeds_of(listings) -> list[str]:
    """Return the feeds of an edition's home and sections, then the whole site's."""
    home = next((page for page in listings if isinstance(page, HomePage)), None)
    if home is None:
        return []
    feeds = listing_feed_urls(home, home)
    for section in reversed([page for page in listings if isinstance(page, SectionPage)]):
        feeds += listing_feed_urls(section, home)
    return [item.url for item in feeds + site_feed_urls()]


_PAGE_FINDERS = {
    "page": _of_page,
    "comments": _of_discussion,
    GONE: _of_gone,
}
_LISTING_FINDERS = {
    "articles-under": _of_listing,
    "sections-under": _of_menus,
    ALL_ARTICLES_KEY: _of_all_articles,
}
