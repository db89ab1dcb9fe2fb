"""Read a WordPress export (WXR 1.0, 1.1 and 1.2) as a stream of typed records.

The file is parsed with lxml's iterparse and every element of the channel is dropped as soon as it
has been turned into a record, so a 1 GB export is read in the memory of its largest item. The
parser never loads a DTD, never expands an entity and never opens the network: a WordPress export
has no DOCTYPE, and a file that declares one is refused rather than trusted.

Faults that make the whole file untrustworthy (malformed XML, no WXR version, a wrong namespace)
raise `WXRError` with the file, line and reason. A single element that cannot be read (an item
with no id, an author in a foreign namespace) becomes an `Unreadable` record, so the importer can
skip and report it while importing the rest.
"""

import re
from collections.abc import Iterator
from datetime import UTC, datetime, tzinfo
from email.utils import parsedate_to_datetime
from pathlib import Path

from django.utils.translation import gettext as _
from lxml import etree

from .records import (
    Author,
    Category,
    Channel,
    Comment,
    Item,
    ItemCategory,
    Survey,
    Tag,
    Term,
    Unreadable,
)

SUPPORTED_VERSIONS = ("1.0", "1.1", "1.2")
# WordPress.com writes its namespaces with https, self-hosted WordPress with http.
WXR_NAMESPACES = {
    f"{scheme}://wordpress.org/export/{version}/": version
    for version in SUPPORTED_VERSIONS
    for scheme in ("http", "https")
}
EXCERPT_NAMESPACES = frozenset(f"{namespace}excerpt/" for namespace in WXR_NAMESPACES)
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"

# The only post meta the importer reads. Plugins keep anything in post meta (keys, tokens, form
# entries); what is not listed here is never held in memory, let alone stored.
WANTED_META = frozenset({"_thumbnail_id", "_wp_attached_file", "_wp_attachment_image_alt"})
# libxml2 calls a namespace name with non-ASCII letters "not a valid URI"; XML Namespaces only asks
# for a URI reference, and WordPress's own importer (libxml2 too) reads such files, so they pass.
TOLERATED_ERRORS = frozenset({"WAR_NS_URI", "WAR_NS_URI_RELATIVE"})
CHANNEL_RECORDS = frozenset({"author", "category", "tag", "term"})
ZERO_DATE = "0000-00-00 00:00:00"


class WXRError(Exception):
    """The file as a whole cannot be imported; nothing may be written from it."""

    def __init__(self, path, line: int | None, reason: str):
        self.path = str(path)
        self.line = line
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.line:
            return _("%(path)s, line %(line)d: %(reason)s") % {
                "path": self.path,
                "line": self.line,
                "reason": self.reason,
            }
        return _("%(path)s: %(reason)s") % {"path": self.path, "reason": self.reason}


def _reason(entry) -> str:
    """Return libxml2's message with its own "line N, column M" trimmed (the error carries them)."""
    return re.sub(r",? line \d+, column \d+$", "", entry.message.strip()) + (
        _(" (column %d)") % entry.column if entry.column else ""
    )


def _split(tag) -> tuple[str, str]:
    """Return an element's (namespace, local name); comments and entities have neither."""
    if not isinstance(tag, str):
        return "", ""
    if tag.startswith("{"):
        namespace, _brace, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


def _text(element) -> str:
    return "".join(element.itertext())


def _integer(value: str, default: int = 0) -> int:
    try:
        return int(value.strip())
    except ValueError:
        return default


class WXRReader:
    """Stream the records of one export file; each call to `records()` reads the file afresh."""

    def __init__(self, path, *, local_timezone: tzinfo = UTC):
        self.path = Path(path)
        # WordPress's local dates carry no zone; they are read in this one when no GMT date is given.
        self.local_timezone = local_timezone

    def survey(self) -> Survey:
        """Read the whole file once without keeping anything: check it and count what is in it."""
        survey = Survey()
        for record in self.records():
            if isinstance(record, Channel):
                survey.channel = record
            elif isinstance(record, Item):
                survey.post_types[record.post_type] = survey.post_types.get(record.post_type, 0) + 1
            elif isinstance(record, Author):
                survey.authors += 1
            elif isinstance(record, Category):
                survey.categories += 1
            elif isinstance(record, Tag):
                survey.tags += 1
            elif isinstance(record, Term):
                survey.terms += 1
            else:
                survey.unreadable += 1
        return survey

    def records(self, item_types: frozenset[str] | None = None, *, channel_records: bool = True):
        """Yield the Channel, then authors, terms and items in file order.

        `item_types` limits the items yielded to those post types; `channel_records=False` leaves
        out authors and terms, for a pass that has already seen them.
        """
        try:
            source = self.path.open("rb")
        except OSError as error:
            raise WXRError(self.path, None, error.strerror or str(error)) from None
        with source:
            context = etree.iterparse(
                source,
                events=("start", "end"),
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                huge_tree=True,
                remove_comments=True,
                remove_pis=True,
            )
            state = _ChannelState()
            depth = 0
            try:
                for event, element in context:
                    if event == "start":
                        depth += 1
                        if depth <= 2:
                            self._check_envelope(element, depth)
                        continue
                    depth -= 1
                    if depth != 2:
                        continue
                    for record in self._channel_child(element, state):
                        if isinstance(record, Channel):
                            yield record
                        elif isinstance(record, Item):
                            if item_types is None or record.post_type in item_types:
                                yield record
                        elif channel_records or (
                            isinstance(record, Unreadable) and record.kind == "item"
                        ):
                            yield record
                    element.clear()
                    parent = element.getparent()
                    while element.getprevious() is not None:
                        del parent[0]
            except etree.XMLSyntaxError:
                fatal = [
                    entry for entry in context.error_log if entry.type_name not in TOLERATED_ERRORS
                ]
                if fatal:
                    raise WXRError(
                        self.path, fatal[0].line, _("malformed XML: %s") % _reason(fatal[0])
                    ) from None
                # libxml2 reports a namespace name that is not an ASCII URI only once the whole file has
                # been read; the document is well-formed XML and every event has been handled.
        if not state.seen_channel:
            raise WXRError(self.path, None, _("not a WordPress export: there is no <channel>."))
        if state.namespace is None:
            raise WXRError(self.path, None, self._missing_version())
        if not state.channel_yielded:
            yield state.channel()

    def _check_envelope(self, element, depth: int) -> None:
        """Refuse a file that is not RSS with one channel, or that declares a DTD."""
        namespace, local = _split(element.tag)
        if depth == 1:
            if element.getroottree().docinfo.doctype:
                raise WXRError(
                    self.path,
                    element.sourceline,
                    _("a WordPress export has no DOCTYPE; this file declares one, and is refused."),
                )
            if namespace or local != "rss":
                raise WXRError(
                    self.path,
                    element.sourceline,
                    _("not a WordPress export: the root element is <%s>, not <rss>.") % local,
                )
        elif namespace or local != "channel":
            raise WXRError(
                self.path,
                element.sourceline,
                _("not a WordPress export: <rss> holds <%s> where <channel> belongs.") % local,
            )

    def _missing_version(self) -> str:
        return _(
            "no WXR version: the file has no <wp:wxr_version> in WordPress's export namespace "
            "before its first entry. Export the site again from Tools → Export in WordPress."
        )

    def _channel_child(self, element, state: "_ChannelState") -> Iterator:
        namespace, local = _split(element.tag)
        line = element.sourceline
        state.seen_channel = True
        if namespace in WXR_NAMESPACES:
            if local == "wxr_version":
                self._read_version(element, namespace, state)
                return
            if state.namespace is None and local in CHANNEL_RECORDS:
                raise WXRError(self.path, line, self._missing_version())
            if namespace != state.namespace:
                if local in CHANNEL_RECORDS:
                    yield Unreadable(
                        local,
                        local,
                        _("it is in the namespace of WXR %(other)s, not this file's WXR %(own)s.")
                        % {"other": WXR_NAMESPACES[namespace], "own": state.version},
                        line,
                    )
                return
            if local in ("base_site_url", "base_blog_url"):
                setattr(state, local, _text(element).strip())
                return
            if local in CHANNEL_RECORDS:
                if not state.channel_yielded:
                    yield state.channel()
                yield self._channel_record(local, element, namespace)
            return
        if local == "wxr_version":
            raise WXRError(
                self.path,
                line,
                _(
                    "wrong namespace: <wxr_version> is in “%(found)s”, not WordPress's export "
                    "namespace (http://wordpress.org/export/1.2/ or an earlier version)."
                )
                % {"found": namespace or _("no namespace")},
            )
        if namespace:
            if local in CHANNEL_RECORDS:
                yield Unreadable(
                    local,
                    local,
                    _("it is in the namespace “%s”, not WordPress's export namespace.") % namespace,
                    line,
                )
            return
        if local == "item":
            if state.namespace is None:
                raise WXRError(self.path, line, self._missing_version())
            if not state.channel_yielded:
                yield state.channel()
            yield self._item(element, state.namespace)
        elif local in ("title", "link", "language") and not getattr(state, local):
            setattr(state, local, _text(element).strip())

    def _read_version(self, element, namespace: str, state: "_ChannelState") -> None:
        version = _text(element).strip()
        if version not in SUPPORTED_VERSIONS:
            raise WXRError(
                self.path,
                element.sourceline,
                _("unsupported WXR version “%(version)s”: Dateline reads WXR %(supported)s.")
                % {"version": version, "supported": ", ".join(SUPPORTED_VERSIONS)},
            )
        if state.namespace is None:
            state.namespace, state.version = namespace, version

    def _channel_record(self, local: str, element, namespace: str):
        fields = {}
        for child in element:
            child_namespace, child_local = _split(child.tag)
            if child_namespace == namespace:
                fields.setdefault(child_local, _text(child).strip())
        line = element.sourceline
        if local == "author":
            login = fields.get("author_login", "")
            if not login:
                return Unreadable("author", "author", _("it has no <wp:author_login>."), line)
            return Author(
                login=login,
                display_name=fields.get("author_display_name", ""),
                first_name=fields.get("author_first_name", ""),
                last_name=fields.get("author_last_name", ""),
                line=line,
            )
        if local == "category":
            slug, name = fields.get("category_nicename", ""), fields.get("cat_name", "")
            if not slug:
                return Unreadable("category", name, _("it has no <wp:category_nicename>."), line)
            return Category(
                slug=slug,
                name=name or slug,
                parent_slug=fields.get("category_parent", ""),
                description=fields.get("category_description", ""),
                line=line,
            )
        if local == "tag":
            slug, name = fields.get("tag_slug", ""), fields.get("tag_name", "")
            if not slug:
                return Unreadable("tag", name, _("it has no <wp:tag_slug>."), line)
            return Tag(slug=slug, name=name or slug, line=line)
        taxonomy, slug = fields.get("term_taxonomy", ""), fields.get("term_slug", "")
        name = fields.get("term_name", "") or slug
        if taxonomy == "category" and slug:
            return Category(
                slug=slug,
                name=name,
                parent_slug=fields.get("term_parent", ""),
                description=fields.get("term_description", ""),
                line=line,
            )
        if taxonomy == "post_tag" and slug:
            return Tag(slug=slug, name=name, line=line)
        return Term(taxonomy=taxonomy, slug=slug, name=name, line=line)

    def _item(self, element, namespace: str) -> Item | Unreadable:
        fields: dict[str, str] = {}
        conflicts: list[str] = []
        categories: list[ItemCategory] = []
        meta: dict[str, str] = {}
        comments: list[Comment] = []
        for child in element:
            child_namespace, local = _split(child.tag)
            if child_namespace == namespace:
                if local == "postmeta":
                    self._read_meta(child, namespace, meta)
                elif local == "comment":
                    comment = self._comment(child, namespace)
                    if comment is not None:
                        comments.append(comment)
                else:
                    self._set_field(fields, conflicts, f"wp:{local}", _text(child))
            elif not child_namespace and local == "category":
                domain = child.get("domain", "")
                # WXR 1.0 names each term twice, once without a nicename; the copy with one is enough.
                if domain and child.get("nicename") is not None:
                    categories.append(
                        ItemCategory(
                            domain="post_tag" if domain == "tag" else domain,
                            slug=child.get("nicename", "").strip(),
                            name=_text(child).strip(),
                        )
                    )
            elif not child_namespace and local in ("title", "link", "guid", "pubDate"):
                self._set_field(fields, conflicts, local, _text(child))
            elif child_namespace == CONTENT_NAMESPACE and local == "encoded":
                self._set_field(fields, conflicts, "content", _text(child))
            elif child_namespace in EXCERPT_NAMESPACES and local == "encoded":
                self._set_field(fields, conflicts, "excerpt", _text(child))
            elif child_namespace == DC_NAMESPACE and local == "creator":
                self._set_field(fields, conflicts, "creator", _text(child))
        line = element.sourceline
        title = fields.get("title", "").strip()
        label = f"“{title}”" if title else _("(no title)")
        if conflicts:
            return Unreadable(
                "item",
                label,
                _("it has two different values for %s.") % ", ".join(conflicts),
                line,
            )
        raw_id = fields.get("wp:post_id", "").strip()
        if not raw_id:
            return Unreadable("item", label, _("it has no <wp:post_id>."), line)
        if not raw_id.isdigit() or int(raw_id) == 0:
            return Unreadable(
                "item", label, _("its <wp:post_id> “%s” is not a post number.") % raw_id, line
            )
        post_type = fields.get("wp:post_type", "").strip()
        if not post_type:
            return Unreadable("item", label, _("it has no <wp:post_type>."), line)
        return Item(
            wordpress_id=int(raw_id),
            post_type=post_type,
            status=fields.get("wp:status", "").strip(),
            title=title,
            link=fields.get("link", "").strip(),
            guid=fields.get("guid", "").strip(),
            creator=fields.get("creator", "").strip(),
            content=fields.get("content", ""),
            excerpt=fields.get("excerpt", ""),
            slug=fields.get("wp:post_name", "").strip(),
            date=self._date(
                fields.get("wp:post_date_gmt", ""),
                fields.get("wp:post_date", ""),
                fields.get("pubDate", ""),
            ),
            modified=self._date(
                fields.get("wp:post_modified_gmt", ""), fields.get("wp:post_modified", "")
            ),
            comment_status=fields.get("wp:comment_status", "").strip(),
            password=fields.get("wp:post_password", ""),
            is_sticky=fields.get("wp:is_sticky", "").strip() == "1",
            parent_id=_integer(fields.get("wp:post_parent", "0")),
            menu_order=_integer(fields.get("wp:menu_order", "0")),
            attachment_url=fields.get("wp:attachment_url", "").strip(),
            categories=tuple(categories),
            meta=meta,
            comments=tuple(comments),
            line=line,
        )

    @staticmethod
    def _set_field(fields: dict, conflicts: list, name: str, value: str) -> None:
        if name in fields and fields[name].strip() != value.strip():
            conflicts.append(f"<{name}>")
        fields.setdefault(name, value)

    @staticmethod
    def _read_meta(element, namespace: str, meta: dict) -> None:
        key = value = None
        for child in element:
            child_namespace, local = _split(child.tag)
            if child_namespace != namespace:
                continue
            if local == "meta_key":
                key = _text(child).strip()
            elif local == "meta_value":
                value = _text(child)
        if key in WANTED_META and value is not None:
            meta.setdefault(key, value.strip())

    def _comment(self, element, namespace: str) -> Comment | None:
        fields: dict[str, str] = {}
        for child in element:
            child_namespace, local = _split(child.tag)
            if child_namespace == namespace:
                fields.setdefault(local, _text(child))
        raw_id = fields.get("comment_id", "").strip()
        if not raw_id.isdigit():
            return None
        return Comment(
            wordpress_id=int(raw_id),
            parent_id=_integer(fields.get("comment_parent", "0")),
            author=fields.get("comment_author", "").strip(),
            author_email=fields.get("comment_author_email", "").strip(),
            author_url=fields.get("comment_author_url", "").strip(),
            author_ip=fields.get("comment_author_IP", "").strip(),
            date=self._date(fields.get("comment_date_gmt", ""), fields.get("comment_date", "")),
            content=fields.get("comment_content", ""),
            approved=fields.get("comment_approved", "").strip(),
            comment_type=fields.get("comment_type", "").strip(),
        )

    def _date(self, gmt: str, local: str, rss: str = "") -> datetime | None:
        """Return the GMT date, else the local date read in the local zone, else the RSS date."""
        for value, zone in ((gmt, UTC), (local, self.local_timezone)):
            value = value.strip()
            if value and value != ZERO_DATE:
                try:
                    return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=zone)
                except ValueError:
                    continue
        if rss.strip():
            try:
                return parsedate_to_datetime(rss.strip())
            except (TypeError, ValueError):
                return None
        return None


class _ChannelState:
    """What the reader has learnt of the channel so far."""

    def __init__(self):
        self.seen_channel = False
        self.namespace: str | None = None
        self.version = ""
        self.title = self.link = self.language = ""
        self.base_site_url = self.base_blog_url = ""
        self.channel_yielded = False

    def channel(self) -> Channel:
        self.channel_yielded = True
        return Channel(
            wxr_version=self.version,
            namespace=self.namespace or "",
            title=self.title,
            link=self.link,
            base_site_url=self.base_site_url,
            base_blog_url=self.base_blog_url,
            language=self.language,
        )
