"""The list of other ways in (mirrors and onion addresses), read from DATELINE_MIRRORS each time.

The setting is a comma-separated list or the path of a file an operator edits; either may follow an
address with the date it started (`https://mirror.example/ 2026-03-01`). Read on each request, so a
new mirror shows without a restart; the live `/mirrors.json`, the "Other ways to reach us" page and
every bundle (which carries both) list the same addresses, so mirrors list each other.
"""

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Alternative:
    url: str
    proto: str
    type: str
    created_at: str | None
    updated_at: str | None

    @property
    def is_onion(self) -> bool:
        return self.proto == "tor"


def _entries() -> tuple[list[str], str | None]:
    """Return the raw entries and, for a file, its last change as the default date."""
    value = settings.DATELINE_MIRRORS
    if not value:
        return [], None
    if "://" not in value.split(",")[0]:
        path = Path(value)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise ImproperlyConfigured(
                f"DATELINE_MIRRORS names the file {value}, which cannot be read ({error.strerror})."
            ) from None
        changed = datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(microsecond=0)
        lines = [line.split("#", 1)[0].strip() for line in text.splitlines()]
        return [line for line in lines if line], changed.isoformat()
    return [item.strip() for item in value.split(",") if item.strip()], None


def _alternative(entry: str, file_changed: str | None) -> Alternative:
    url, _, day = entry.partition(" ")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImproperlyConfigured(
            f"DATELINE_MIRRORS lists {url!r}, which is not an http(s) address."
        )
    started = None
    if day.strip():
        try:
            started = date.fromisoformat(day.strip()).isoformat()
        except ValueError:
            raise ImproperlyConfigured(
                f"DATELINE_MIRRORS gives {day.strip()!r} for {url}: write dates as YYYY-MM-DD."
            ) from None
    onion = (parts.hostname or "").endswith(".onion")
    return Alternative(
        url=url,
        proto="tor" if onion else parts.scheme,
        type="eotk" if onion else "mirror",
        created_at=started,
        updated_at=file_changed or started,
    )


def alternatives() -> list[Alternative]:
    """Return every other way in: the onion service first, then the listed mirrors."""
    entries, file_changed = _entries()
    found = [_alternative(entry, file_changed) for entry in entries]
    onion = settings.DATELINE_ONION_URL
    if onion and all(item.url.rstrip("/") != onion for item in found):
        found.insert(0, _alternative(onion, file_changed))
    return found


def mirrors_json() -> bytes:
    """Return /mirrors.json in the Bypass Censorship list's version 2.0 shape."""
    document = {
        "version": "2.0",
        "sites": [
            {
                "main_domain": urlsplit(settings.DATELINE_BASE_URL).hostname,
                "available_alternatives": [
                    {
                        "proto": item.proto,
                        "type": item.type,
                        "url": item.url,
                        "created_at": item.created_at,
                        "updated_at": item.updated_at,
                    }
                    for item in alternatives()
                ],
            }
        ],
    }
    return json.dumps(document, indent=1, sort_keys=True).encode("utf-8") + b"\n"
