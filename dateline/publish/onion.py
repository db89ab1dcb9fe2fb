"""Announce the onion service: the `Onion-Location` header, and its `<meta>` form.

Tor Browser offers the onion address when a page names it; each page names its own path there, so
a reader who switches lands on the same story. Django's responses get the header here; a baked
page gets it from whichever server answers its file (`front.py`, or nginx as `nginx.py` writes
it), and carries the `<meta>` form inside for servers that add nothing.
"""

from django.conf import settings
from django.utils.encoding import escape_uri_path, iri_to_uri

HEADER = "Onion-Location"


def onion_location(path: str) -> str | None:
    """Return the onion address of a URL path (as decoded), or None when no onion service is set."""
    if not settings.DATELINE_ONION_URL:
        return None
    return settings.DATELINE_ONION_URL + escape_uri_path(path)


def announces(content_type: str) -> bool:
    """Say whether a response of this type names the onion address: HTML pages only."""
    return bool(settings.DATELINE_ONION_URL) and content_type.startswith("text/html")


class OnionLocationMiddleware:
    """Add `Onion-Location` to every successful HTML page when DATELINE_ONION_URL is set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 200 and announces(response.get("Content-Type", "")):
            location = onion_location(request.path)
            query = request.META.get("QUERY_STRING", "")
            response[HEADER] = location + (f"?{iri_to_uri(query)}" if query else "")
        return response
