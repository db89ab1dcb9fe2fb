"""Announce the onion service: the `Onion-Location` header, and its `<meta>` form for baked files.

Tor Browser offers the onion address when a page names it; each page names its own path there, so
a reader who switches lands on the same story.
"""

from django.conf import settings


def onion_location(path: str) -> str | None:
    """Return the onion address of a path, or None when no onion service is set."""
    if not settings.DATELINE_ONION_URL:
        return None
    return settings.DATELINE_ONION_URL + path


class OnionLocationMiddleware:
    """Add `Onion-Location` to every successful HTML page when DATELINE_ONION_URL is set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        location = onion_location(request.get_full_path())
        content_type = response.get("Content-Type", "")
        if location and response.status_code == 200 and content_type.startswith("text/html"):
            response["Onion-Location"] = location
        return response
