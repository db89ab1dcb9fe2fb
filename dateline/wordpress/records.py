"""The typed records a WXR export is read into: what the importer needs, and nothing private.

The reader drops what Dateline must not keep: authors' email addresses never leave the file. A
commenter's email and IP address are carried, because the comments app stores the first for
moderation and turns the second into a keyed hash; neither is ever stored raw by this app.
"""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Channel:
    """The exported site: its WXR version and the base URL its items are keyed by."""

    wxr_version: str
    namespace: str
    title: str
    link: str
    base_site_url: str
    base_blog_url: str
    language: str

    @property
    def site_url(self) -> str:
        """Return the blog's own URL (a multisite network's blog, not the network's)."""
        return self.base_blog_url or self.base_site_url or self.link


@dataclass(frozen=True, slots=True)
class Author:
    login: str
    display_name: str
    first_name: str
    last_name: str
    line: int

    @property
    def public_name(self) -> str:
        """Return the name WordPress showed readers: the display name, else first and last name."""
        full_name = f"{self.first_name} {self.last_name}".strip()
        return self.display_name.strip() or full_name or self.login


@dataclass(frozen=True, slots=True)
class Category:
    slug: str
    name: str
    parent_slug: str
    description: str
    line: int


@dataclass(frozen=True, slots=True)
class Tag:
    slug: str
    name: str
    line: int


@dataclass(frozen=True, slots=True)
class Term:
    """A term of a taxonomy Dateline has no place for (menus, post formats, custom ones)."""

    taxonomy: str
    slug: str
    name: str
    line: int


@dataclass(frozen=True, slots=True)
class ItemCategory:
    """A category or tag an item is filed under, as the item names it."""

    domain: str  # "category", or "post_tag" ("tag" in WXR 1.0)
    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class Comment:
    wordpress_id: int
    parent_id: int
    author: str
    author_email: str
    author_url: str
    author_ip: str
    date: datetime | None
    content: str
    approved: str  # "1", "0", "spam", "trash" (and "post-trashed" in some exports)
    comment_type: str  # "" or "comment" for comments; "pingback", "trackback", others


@dataclass(frozen=True, slots=True)
class Item:
    """One post, page, attachment or other post type, with its comments."""

    wordpress_id: int
    post_type: str
    status: str
    title: str
    link: str
    guid: str
    creator: str
    content: str
    excerpt: str
    slug: str
    date: datetime | None
    modified: datetime | None
    comment_status: str
    password: str
    is_sticky: bool
    parent_id: int
    menu_order: int
    attachment_url: str
    categories: tuple[ItemCategory, ...]
    meta: dict[str, str]
    comments: tuple[Comment, ...]
    line: int

    @property
    def label(self) -> str:
        """Name the item in a report the way an editor would recognise it."""
        title = self.title.strip() or "(no title)"
        return f"{self.post_type} {self.wordpress_id} “{title}”"


@dataclass(frozen=True, slots=True)
class Unreadable:
    """An element of a well-formed file that cannot be imported; the importer reports it."""

    kind: str
    label: str
    reason: str
    line: int


@dataclass(slots=True)
class Survey:
    """What a first, read-only pass over the file found: enough to plan and show progress."""

    channel: Channel | None = None
    authors: int = 0
    categories: int = 0
    tags: int = 0
    terms: int = 0
    unreadable: int = 0
    post_types: dict[str, int] = field(default_factory=dict)

    @property
    def items(self) -> int:
        return sum(self.post_types.values())
