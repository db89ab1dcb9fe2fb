"""Rewrite a baked page's links so the bundle works from any folder, host or path prefix.

Every link, image, stylesheet, script and feed link to a file in the bundle becomes relative to
the page that holds it, naming `index.html` explicitly (a `file://` folder has no index files).
A link to a page left out of the bundle (another edition, an older article, a query-string URL)
loses its `href` rather than leading the reader to the origin by accident (a `<link>` element,
such as a feed the copy does not carry, goes altogether). The origin's address
stays absolute only where it is meant to: the canonical link, the page's machine metadata, the
labelled "original address" link and, when DATELINE_MIRROR_COMMENTS is "form", the comment form.
"""

import html
import posixpath
import re
from urllib.parse import quote, unquote, urljoin, urlsplit

from ..paths import INDEX_FILE, relative_file_for_url

_TAG = re.compile(r"<(?P<tag>[a-zA-Z][a-zA-Z0-9-]*)(?P<attrs>\s[^<>]*)?>")
_ATTRIBUTE = re.compile(
    r"(?P<before>\s)(?P<name>href|src|action|poster|srcset)(?P<equals>\s*=\s*)"
    r"(?P<quote>[\"'])(?P<value>.*?)(?P=quote)",
    re.IGNORECASE | re.DOTALL,
)
_CSS_URL = re.compile(r"url\(\s*(?P<quote>['\"]?)(?P<value>[^'\")]*)(?P=quote)\s*\)")
# The class of the links that are meant to lead to the origin, labelled as such for the reader.
ORIGINAL_ADDRESS = 'class="original-address"'
_UNTOUCHED_SCHEMES = ("mailto:", "tel:", "data:", "javascript:", "blob:", "#")
# What a link to a page left out of the copy becomes: no href, and this mark.
NOT_IN_COPY = "data-not-in-copy"
# The comment form posts to /comments/post/ in the default edition and /ko/comments/post/ in others.
COMMENT_FORM_ACTION = re.compile(r"^(?:/[\w-]+)?/comments/post/")


def url_for_file(file_path: str) -> str:
    """Return the URL path a bundle file was baked from (`a/index.html` → `/a/`)."""
    if file_path == INDEX_FILE or file_path.endswith("/" + INDEX_FILE):
        return "/" + file_path[: -len(INDEX_FILE)]
    return "/" + file_path


class LinkRewriter:
    """Make one bundle's links relative; remember which targets each file reached."""

    def __init__(self, files: set[str], origin: str):
        self.files = files
        self.origin = urlsplit(origin)
        self.unresolved: dict[str, set[str]] = {}
        self.reached: set[str] = set()

    def target_file(self, url: str, page_url: str) -> str | None:
        """Return the bundle file a URL names, or None when the bundle lacks it."""
        parts = urlsplit(urljoin(page_url, url))
        if parts.scheme not in ("", "http", "https"):
            return None
        if parts.netloc and parts.netloc != self.origin.netloc:
            return None
        if parts.query:
            return None
        relative = relative_file_for_url(unquote(parts.path or "/"))
        if relative is None:
            return None
        for candidate in (str(relative), f"{relative}/{INDEX_FILE}"):
            if candidate in self.files:
                return candidate
        return None

    def is_external(self, url: str) -> bool:
        """Say whether a URL points to another host (left as it is) or is not a link at all."""
        if url.startswith(_UNTOUCHED_SCHEMES) or not url:
            return True
        parts = urlsplit(url)
        if parts.scheme and parts.scheme not in ("http", "https"):
            return True
        return bool(parts.netloc) and parts.netloc != self.origin.netloc

    def relative(self, url: str, file_path: str) -> str | None:
        """Return the link rewritten relative to `file_path`, or None if it leads out of the copy."""
        url = url.strip()
        if self.is_external(url):
            return url
        target = self.target_file(url, url_for_file(file_path))
        if target is None:
            self.unresolved.setdefault(file_path, set()).add(url)
            return None
        self.reached.add(target)
        link = posixpath.relpath(target, posixpath.dirname(file_path) or ".")
        fragment = urlsplit(url).fragment
        return quote(link, safe="/") + (f"#{fragment}" if fragment else "")

    def origin_url(self, url: str, file_path: str) -> str:
        """Return the absolute address of a URL on the origin (for the labelled links only)."""
        base = f"{self.origin.scheme}://{self.origin.netloc}"
        return urljoin(base + url_for_file(file_path), url)

    def _srcset(self, value: str, file_path: str) -> str | None:
        candidates = []
        for candidate in value.split(","):
            url, _, descriptor = candidate.strip().partition(" ")
            link = self.relative(url, file_path)
            if link is None:
                return None
            candidates.append(f"{link} {descriptor}".strip())
        return ", ".join(candidates)

    def _attributes(self, tag: str, attrs: str, file_path: str, keep_form: bool) -> str:
        lowered = attrs.lower()
        if (tag == "link" and 'rel="canonical"' in lowered) or ORIGINAL_ADDRESS in lowered:
            return attrs  # the original's address, for people and search engines: stays absolute

        def replace(match):
            name, value = match["name"].lower(), html.unescape(match["value"])
            if tag == "form" and name == "action" and COMMENT_FORM_ACTION.match(value):
                link = self.origin_url(value, file_path) if keep_form else None
            elif name == "srcset":
                link = self._srcset(value, file_path)
            else:
                link = self.relative(value, file_path)
            if link is None:
                return f" {NOT_IN_COPY}" if name == "href" else match[0]
            quoted = html.escape(link, quote=True)
            return f"{match['before']}{match['name']}{match['equals']}{match['quote']}{quoted}{match['quote']}"

        return _ATTRIBUTE.sub(replace, attrs)

    def html(self, text: str, file_path: str, keep_form: bool) -> str:
        """Return a page with every link relative to its own file."""

        def replace(match):
            attrs = match["attrs"]
            if not attrs:
                return match[0]
            tag = match["tag"].lower()
            rewritten = self._attributes(tag, attrs, file_path, keep_form)
            if tag == "link" and NOT_IN_COPY in rewritten and NOT_IN_COPY not in attrs:
                return ""  # a feed or edition the copy lacks: a link element to nothing is noise
            return f"<{match['tag']}{rewritten}>"

        return _TAG.sub(replace, text)

    def css(self, text: str, file_path: str) -> str:
        """Return a stylesheet whose `url(...)`s are relative to its own file."""

        def replace(match):
            link = self.relative(match["value"], file_path)
            return match[0] if link is None else f"url({match['quote']}{link}{match['quote']})"

        return _CSS_URL.sub(replace, text)
