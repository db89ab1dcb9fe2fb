"""How imported objects are known again: the site's key, fingerprints, and free slugs."""

import hashlib
import json
from urllib.parse import unquote, urlsplit

from django.utils.text import slugify
from wagtail.models import Page


def fingerprint(*values) -> str:
    """Return a digest of what an object was made from; equal digests mean nothing to update."""
    encoded = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def site_key(url: str) -> str:
    """Return the key a WordPress site is known by: its base URL without scheme or final slash.

    http:// and https:// name the same site (many moved to https between two exports).
    """
    parts = urlsplit(url.strip())
    if not parts.hostname:
        return ""
    host = parts.hostname.lower() + (f":{parts.port}" if parts.port else "")
    return (host + parts.path.rstrip("/"))[:200]


def free_slug(parent: Page, wanted: str, exclude_pk: int | None = None) -> str:
    """Return `wanted`, or `wanted-2`, `wanted-3`...: the first slug no sibling uses."""
    wanted = wanted[:240] or "page"
    taken = set(
        parent.get_children()
        .filter(slug__startswith=wanted)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, suffix = wanted, 2
    while slug in taken:
        slug, suffix = f"{wanted}-{suffix}", suffix + 1
    return slug


def slug_from(value: str, fallback: str) -> str:
    """Return a Wagtail slug from WordPress's (percent-encoded for non-Latin letters) slug."""
    return slugify(unquote(value), allow_unicode=True)[:240] or fallback
