"""Find the article a reader's address names, with what its page shows, in three reads.

An edition's home routes every address under it (see `HomePage.route`); an article is found
here directly instead of level by level. Its statements are built once per process
(`dateline.core.compiled`): the ORM took longer to write them than the database to run them.
"""

from wagtail.models import Page

from dateline.core.compiled import CompiledQuery
from dateline.core.pagination import COMMENTS_ROUTE
from dateline.core.visibility import Restricted

from ..listing_index import LAST_STEP
from .article import ArticlePage
from .pages import HomePage, SectionPage

# The articles at a depth under a home with this slug (a path's last step), each with its locale,
# hero image and renditions, and whether a view restriction covers it. Under the home is a range
# of paths: a descendant's path starts with the home's and no step goes past the last one.
_ARTICLES_NAMED = CompiledQuery(
    lambda slug, depth, home_path, last_path: (
        ArticlePage.objects.filter(slug=slug, depth=depth, path__gt=home_path, path__lte=last_path)
        .select_related("locale", "hero_image")
        .prefetch_related("hero_image__renditions")
        .annotate(is_restricted=Restricted())
    ),
    slug="an article's slug",
    depth=2_000_000_001,
    home_path="a home's path",
    last_path="the last path under it",
)
_SECTIONS_AT = CompiledQuery(
    lambda paths: SectionPage.objects.filter(path__in=paths).order_by("path"),
    paths=["a section's path"],
)


def split_article_path(path_components) -> tuple[list, list]:
    """Split a path into the article's own part and the route under it (a page of comments)."""
    route = COMMENTS_ROUTE.strip("/").split("/")
    tail = path_components[-len(route) :]
    if len(path_components) > len(route) + 1 and tail[:-1] == route[:-1] and tail[-1].isdigit():
        return path_components[: -len(route)], tail
    return path_components, []


def find_article(home: HomePage, path_components) -> ArticlePage | None:
    """Return the live article at the path under an edition's home, ready to render; else None.

    One query reads the article with its locale, hero image and whether a view restriction covers
    it; a second its hero image's renditions; a third the sections above it, which become its
    section and breadcrumb trail. A path that is not a live article returns None, and Wagtail's
    own route answers it (a section, a page, or a 404).
    """
    url_path = home.url_path + "/".join(path_components) + "/"
    levels = len(path_components)
    candidates = _ARTICLES_NAMED.instances(
        slug=path_components[-1],
        depth=home.depth + levels,
        home_path=home.path,
        last_path=home.path + LAST_STEP * levels,
    )
    article = next((c for c in candidates if c.url_path == url_path and c.live), None)
    if article is None:
        return None
    steplen = Page.steplen
    above = [article.path[:end] for end in range(3 * steplen, len(article.path), steplen)]
    sections = _SECTIONS_AT.instances(paths=above)
    if len(sections) != len(above):
        return None  # not filed the usual way (home → sections → article): let Wagtail route it
    article._section = sections[-1]
    article._breadcrumb_trail = [home, *sections, article]
    article._unrestricted = not article.is_restricted and not any(
        page.alias_of_id for page in [home, *sections, article]
    )
    return article
