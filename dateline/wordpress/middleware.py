"""Make WordPress's query-string links (/?p=123, /?page_id=7) redirect to the imported pages.

Wagtail's RedirectMiddleware looks for a redirect only when a response is a 404, and "/?p=123"
is no 404 on Dateline: it is the front page with a query string the front page ignores. So the
redirect would never fire. This middleware looks the full path up before the view runs, with
Wagtail's own normalisation and lookup, but only for requests that carry one of WordPress's id
parameters, so every other request costs no query at all.
"""

from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect

WORDPRESS_ID_PARAMETERS = ("p", "page_id")


class WordPressLinkRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and any(
            name in request.GET for name in WORDPRESS_ID_PARAMETERS
        ):
            redirect = get_redirect(
                request, Redirect.normalise_path(request.get_full_path(), decode_unicode=False)
            )
            if redirect is None:
                # Links shared with tracking parameters (?p=123&utm_source=...) still arrive.
                for name in WORDPRESS_ID_PARAMETERS:
                    value = request.GET.get(name, "")
                    if value.isdigit():
                        path = Redirect.normalise_path(
                            f"{request.path}?{name}={value}", decode_unicode=False
                        )
                        redirect = get_redirect(request, path)
                        break
            if redirect is not None and redirect.link:
                if redirect.is_permanent:
                    return HttpResponsePermanentRedirect(redirect.link)
                return HttpResponseRedirect(redirect.link)
        return self.get_response(request)
