"""How imported objects are known again: the site's key, fingerprints, and free slugs."""

import hashlib
import json
from urllib.parse import unquote, urlsplit

from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page

from dateline.news.models import HomePage
from dateline.news.reserved import is_reserved


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


def is_reserved_at(parent: Page, slug: str) -> bool:
    """Say whether the site itself uses this slug's address under that parent (see news.reserved)."""
    return parent.specific_class is HomePage and is_reserved(slug)


def free_slug(parent: Page, wanted: str, exclude_pk: int | None = None) -> str:
    """Return `wanted`, or `wanted-2`, `wanted-3`...: the first slug no sibling uses.

    A slug the site uses itself (`admin` under an edition's home) counts as taken.
    """
    wanted = wanted[:240] or "page"
    siblings = parent.get_children().exclude(pk=exclude_pk)
    # The slug index finds a free slug at once; only a taken one needs the siblings' slugs read.
    if not is_reserved_at(parent, wanted) and not siblings.filter(slug=wanted).exists():
        return wanted
    taken = set(siblings.filter(slug__startswith=wanted).values_list("slug", flat=True))
    slug, suffix = wanted, 2
    while slug in taken or is_reserved_at(parent, slug):
        slug, suffix = f"{wanted}-{suffix}", suffix + 1
    return slug


def why_renamed(parent: Page, wanted: str, slug: str) -> str | None:
    """Return the report's reason a page got another slug than its own, None when it did not."""
    if slug == wanted:
        return None
    if is_reserved_at(parent, wanted):
        message = _(
            "its slug “%(wanted)s” is an address the site itself uses (its admin, files, feeds "
            "or a language edition), so it is “%(slug)s”."
        )
    else:
        message = _("its slug “%(wanted)s” was taken; it is “%(slug)s”.")
    return message % {"wanted": wanted, "slug": slug}


def slug_from(value: str, fallback: str) -> str:
    """Return a Wagtail slug from WordPress's (percent-encoded for non-Latin letters) slug."""
    return slugify(unquote(value), allow_unicode=True)[:240] or fallback
