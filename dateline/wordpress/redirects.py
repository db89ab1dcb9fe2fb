"""Old WordPress links → permanent redirects to the imported page, a post's at a time.

A post is reached at its permalink and at `/?p=ID` (a page also at `/?page_id=ID`); each old
address becomes a Wagtail redirect to the page, keyed in `ImportedObject` so a re-import updates
its own redirects and leaves a newsroom's other redirects alone. A post's addresses are looked up
in one query, and its new redirects and keys inserted in one each; bulk inserts send no save
signal, so the new redirects are noted for the batch's reference-index task by hand.
"""

from urllib.parse import urlsplit

from django.utils.translation import gettext as _
from wagtail.contrib.redirects.models import Redirect

from .models import ImportedObject
from .records import Item

Kind = ImportedObject.Kind


def old_paths(item: Item, site_url: str, current: str | None) -> list[str]:
    """Return the item's old addresses, normalised as Wagtail stores them, without the page's own."""
    prefix = urlsplit(site_url).path.rstrip("/")
    raw = []
    if item.link:
        link = urlsplit(item.link)
        raw.append(link.path + (f"?{link.query}" if link.query else ""))
    raw.append(f"{prefix}/?p={item.wordpress_id}")
    if item.post_type == "page":
        raw.append(f"{prefix}/?page_id={item.wordpress_id}")
    paths = dict.fromkeys(Redirect.normalise_path(path) for path in raw)
    return [path for path in paths if path != current]


def _redirectable_paths(run, item: Item, page) -> tuple[int | None, list[str]]:
    """Return the page's site and the old addresses a redirect can hold (255 characters).

    The others are reported. The site is the one Wagtail's `get_site` would read again, with
    the same `get_url_parts` and a query more, for each post.
    """
    site_id, _root, page_path = page.get_url_parts() or (None, None, None)
    current = Redirect.normalise_path(page_path) if page_path else None
    paths = []
    for path in old_paths(item, run.site_url, current):
        if len(path) > 255:
            run.report.warn(
                item.label,
                _("its old address is longer than 255 characters; it does not redirect."),
                item.line,
            )
        else:
            paths.append(path)
    return site_id, paths


def redirect_old_links(run, item: Item, page) -> None:
    """Make (or bring up to date) the redirects from the item's old addresses to its page."""
    site_id, paths = _redirectable_paths(run, item, page)
    if not paths:
        return
    keys = {path: f"{site_id or ''}:{path}" for path in paths}
    found = {r.old_path: r for r in Redirect.objects.filter(old_path__in=paths, site_id=site_id)}
    known = {
        mapping.wordpress_id: mapping
        for mapping in ImportedObject.objects.filter(
            site=run.site, kind=Kind.REDIRECT, wordpress_id__in=keys.values()
        )
    }
    new = []
    for path in paths:
        redirect, mapping = found.get(path), known.get(keys[path])
        if redirect is None:
            new.append(
                Redirect(old_path=path, site_id=site_id, redirect_page=page, is_permanent=True)
            )
            run.report.count("redirect", "created")
        elif redirect.redirect_page_id == page.pk and redirect.is_permanent:
            run.report.count("redirect", "unchanged")
        elif mapping is None:
            run.report.warn(
                item.label,
                _("a redirect from %s already exists and points elsewhere; it was left alone.")
                % path,
                item.line,
            )
        else:
            redirect.redirect_page, redirect.is_permanent, redirect.redirect_link = page, True, ""
            redirect.save()
            run.report.count("redirect", "updated")
            run.remember(Kind.REDIRECT, keys[path], redirect.pk, "", mapping)
    Redirect.objects.bulk_create(new)
    run.indexes.add_references_written_in_bulk(new)
    for redirect in new:
        mapping = known.get(keys[redirect.old_path])
        if mapping is not None:  # its redirect was deleted since: the key names the new one
            run.remember(Kind.REDIRECT, keys[redirect.old_path], redirect.pk, "", mapping)
    ImportedObject.objects.bulk_create(
        ImportedObject(
            site=run.site,
            kind=Kind.REDIRECT,
            wordpress_id=keys[redirect.old_path],
            object_id=redirect.pk,
            fingerprint="",
        )
        for redirect in new
        if keys[redirect.old_path] not in known
    )
