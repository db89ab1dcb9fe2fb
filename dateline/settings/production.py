"""Settings for a public deployment: refuse to start without what a public site needs."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATELINE_BASE_URL_FROM_REQUEST, DEBUG, SECRET_KEY

if not SECRET_KEY:
    raise ImproperlyConfigured(
        "DATELINE_SECRET_KEY is not set: production settings need a long random secret, for example "
        "the output of `python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`."
    )
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        f"DATELINE_SECRET_KEY is {len(SECRET_KEY)} characters long: production settings need at "
        "least 50 random characters, for example the output of "
        "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`."
    )
if DEBUG:
    raise ImproperlyConfigured("DATELINE_DEBUG is on: production settings never show debug pages.")
if DATELINE_BASE_URL_FROM_REQUEST:
    raise ImproperlyConfigured(
        "DATELINE_BASE_URL is not set: production settings need the newsroom's public address, "
        "for example DATELINE_BASE_URL=https://news.example.org, which canonical, feed, hreflang "
        "and sitemap addresses start with (a request's Host header is not trusted for them)."
    )
