"""The addresses a page directly under an edition's home may not take, because the site uses them.

The default edition's home is the site root, so a section slugged `admin` would sit at /admin/,
where the admin answers instead: the section is listed in feeds, sitemaps and redirects but no
reader can reach it. The same goes for every other edition's code (a section `ko` at /ko/) and for
every address routed before the page tree. The list is read from the URL configuration itself, so
a new route is reserved the moment it is added, plus the few addresses served outside Django
(static files, media, /.well-known/, a mirror's manifest).
"""

from functools import cache

from django.conf import settings
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

# Served by the web server or a proxy in front of Django, or promised by other parts of the site.
SERVED_OUTSIDE_THE_URLCONF = frozenset(
    {"static", "media", ".well-known", "mirrors.json", "health", "favicon.ico"}
)
_REGEX_SPECIAL = set("^$.*+?()[]{}|\\")


def _first_segment(pattern) -> str:
    """Return the fixed first path segment of a URL pattern, or "" when it starts with a variable."""
    if isinstance(pattern, RoutePattern):
        route = str(pattern._route)
        first = route.split("/", 1)[0]
        return "" if "<" in first else first
    if isinstance(pattern, RegexPattern):
        regex, segment = str(pattern._regex).removeprefix("^"), []
        index = 0
        while index < len(regex):
            char = regex[index]
            if char == "\\" and index + 1 < len(regex) and regex[index + 1] in _REGEX_SPECIAL:
                segment.append(regex[index + 1])
                index += 2
                continue
            if char == "/" or char in _REGEX_SPECIAL:
                return "".join(segment) if char in "/$" else ""
            segment.append(char)
            index += 1
        return "".join(segment)
    return ""


def _routed_segments(patterns) -> set[str]:
    segments = set()
    for entry in patterns:
        if isinstance(entry, URLResolver) and isinstance(entry.pattern, LocalePrefixPattern):
            # The default edition's routes have no prefix: they sit beside its sections.
            segments |= _routed_segments(entry.url_patterns)
            continue
        first = _first_segment(entry.pattern)
        if first:
            segments.add(first)
        elif isinstance(entry, URLResolver) and not str(entry.pattern):
            segments |= _routed_segments(entry.url_patterns)  # path("", include(...))
    return segments


@cache
def reserved_slugs() -> frozenset[str]:
    """Return the slugs, lower-cased, that a page directly under an edition's home cannot use."""
    languages = {code.lower() for code, _name in settings.LANGUAGES}
    return frozenset(
        {segment.lower() for segment in _routed_segments(get_resolver().url_patterns)}
        | languages
        | SERVED_OUTSIDE_THE_URLCONF
    )


def is_reserved(slug: str) -> bool:
    return slug.lower() in reserved_slugs()
