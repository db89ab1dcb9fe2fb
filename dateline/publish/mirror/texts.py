"""The words the bundle's scripts show, translated at build time into each edition's language.

The scripts run in the reader's browser with no server of ours, so their messages travel inside
the page as JSON rather than through a translation endpoint.
"""

from django.utils.translation import gettext as _


def search_messages() -> dict[str, str]:
    return {
        "searching": _("Searching…"),
        "none": _("Nothing found."),
        "found": _("%(count)s found."),
        "failed": _("Search could not load here. Browse by section instead."),
    }


def verify_messages() -> dict[str, str]:
    return {
        "checking": _("Checking %(done)s of %(total)s files…"),
        "good": _("This copy matches what {newsroom} signed on {date}."),
        "bad": _("This copy does NOT match what was signed."),
        "changed": _("Changed"),
        "missing": _("Missing"),
        "added": _("Added (not signed)"),
        "signature_bad": _(
            "The signature does not match: manifest.json was changed, or signed with another key."
        ),
        "signature_missing": _("This copy has no signature (manifest.json.sig)."),
        "manifest_missing": _("This copy has no manifest.json: it cannot be checked."),
        "manifest_invalid": _("manifest.json is damaged."),
        "other_key": _("The copy names another key than the one this page or you trust: {key}"),
        "pinned_differs": _("Your pinned key differs from the key in this page: {key}"),
        "pinned_used": _("Checked against the key you pinned."),
        "not_pinned": _(
            "Checked against the key written in this page. Pin the newsroom's key from its "
            "website to be sure the whole copy, this page included, was not replaced."
        ),
        "no_ed25519": _("This browser cannot check Ed25519 signatures. Use a recent browser."),
        "choose_folder": _(
            "Opened from a folder, this page cannot read the files by itself. Choose the "
            "folder of this copy:"
        ),
        "cannot_list": _("Extra files added on a web server cannot be seen from here."),
        "pin_saved": _("Key pinned in this browser."),
        "pin_invalid": _("That is not a key or a SHA256: fingerprint."),
    }
