"""Every request's site is picked from the editions' remembered table of sites (see `editions`)."""

from .editions import site_for_request


class SiteMiddleware:
    """Find the request's site before anything asks Wagtail, which would query for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        site_for_request(request)
        return self.get_response(request)
