"""Turn a WordPress post's HTML into the blocks of a Dateline body, and comments into plain text.

The path a post takes is WordPress's own display path: block comments are dropped, classic-editor
posts go through `wpautop()` (block-editor posts never did), shortcodes are expanded, and the
resulting HTML is cut into paragraph, heading, quote and image blocks. Rich text keeps only what
Dateline's paragraphs offer (bold, italic, links, lists, superscript, subscript), and every piece
passes through nh3 last, so scripts, event handlers and `javascript:` links cannot reach a page
whatever the parsing before it missed. Text is copied exactly: entities become the characters
they name, and curly quotes, dashes and non-Latin scripts are never "corrected".
"""

import html
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

import nh3
from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import CData, Comment, Declaration, Doctype, ProcessingInstruction
from django.utils.translation import gettext as _

from .autop import shortcode_unautop, wpautop
from .shortcodes import expand_shortcodes, shortcode_names

RICH_TEXT_TAGS = {"p", "b", "i", "a", "ul", "ol", "li", "br", "sup", "sub"}
RICH_TEXT_ATTRIBUTES = {"a": {"href"}}
LINK_SCHEMES = {"http", "https", "mailto"}
# Elements whose content never becomes text: code, styling, forms, and players that would load
# from another host. Players with an address become a plain link instead.
DROPPED = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "object",
        "embed",
        "form",
        "input",
        "button",
        "select",
        "textarea",
        "svg",
        "math",
        "canvas",
        "map",
        "head",
        "title",
        "meta",
        "link",
        "param",
        "source",
        "track",
    }
)
PLAYERS = frozenset({"iframe", "video", "audio"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
INLINE_RENAMES = {"b": "b", "strong": "b", "i": "i", "em": "i", "sup": "sup", "sub": "sub"}
SKIPPED_NODES = (Comment, CData, Declaration, Doctype, ProcessingInstruction)
BLOCK_DELIMITER = re.compile(r"<!--\s*/?wp:[^>]*?-->")
HTML_WHITESPACE = re.compile(r"[ \t\r\n\f]+")
WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d+)\b")
BARE_URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class ImageRef:
    """An imported image as the body may use it: its id and the alt text WordPress kept for it."""

    image_id: int
    alt: str
    caption: str = ""


# Look an image up by its attachment id (when the HTML names it) or its address.
ImageResolver = Callable[[int | None, str], ImageRef | None]


@dataclass
class ConvertedBody:
    blocks: list[dict] = field(default_factory=list)
    warnings: Counter = field(default_factory=Counter)
    first_paragraph: str = ""


def plain_text(fragment: str) -> str:
    """Return HTML as one line of text: tags dropped, entities decoded, blanks collapsed."""
    if "<" not in fragment and "&" not in fragment:
        return HTML_WHITESPACE.sub(" ", fragment).strip()
    soup = BeautifulSoup(fragment, "html.parser")
    for element in soup.find_all(DROPPED | PLAYERS):
        element.decompose()
    return HTML_WHITESPACE.sub(" ", soup.get_text()).strip()


# A tag as nh3 writes it, attribute values in double quotes (a ">" in one would not end it).
CLEAN_TAG = re.compile(r'<(?:[^>"]|"[^"]*")*>')


def clean_text(cleaned: str) -> str:
    """Return `plain_text` of a fragment nh3 has cleaned, without parsing it again.

    nh3's output holds only the rich-text tags, never a script or a player, with every "<" and
    "&" of its text escaped: dropping its tags and decoding its entities gives the text a parser
    would. Parsing each paragraph again was a tenth of an import's time.
    """
    return HTML_WHITESPACE.sub(" ", html.unescape(CLEAN_TAG.sub("", cleaned))).strip()


def comment_text(fragment: str) -> str:
    """Return a comment's HTML as plain text, keeping its paragraphs and line breaks.

    Dateline shows comments as plain text and escapes all markup, so a link keeps its address in
    the text ("label (address)") and scripts lose their content entirely.
    """
    soup = BeautifulSoup(fragment.replace("\r\n", "\n"), "html.parser")
    for element in soup.find_all(DROPPED | PLAYERS):
        element.decompose()
    for link in soup.find_all("a"):
        label, href = link.get_text(), (link.get("href") or "").strip()
        if href.lower().startswith(("http://", "https://")) and href not in label:
            link.replace_with(f"{label} ({href})")
    for line_break in soup.find_all("br"):
        line_break.replace_with("\n")
    for paragraph in soup.find_all(["p", "div", "blockquote", "li"]):
        paragraph.insert_after("\n\n")
    text = _without_controls(soup.get_text())
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _without_controls(text: str) -> str:
    """Drop NUL and other control characters (PostgreSQL refuses NUL), keeping tabs and lines."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)


@dataclass(frozen=True)
class ShortcodeWarnings:
    unknown: list[str]
    replaced_media: int


def prepare_html(content: str) -> tuple[str, ShortcodeWarnings]:
    """Return a post's content as WordPress would display it (paragraphs, shortcodes expanded)."""
    content = _without_controls(content)
    has_blocks = "<!-- wp:" in content
    content = BLOCK_DELIMITER.sub("", content)
    names = shortcode_names(content)
    if not has_blocks:
        # WordPress skips wpautop() for block-editor posts: their blocks carry their own <p>.
        content = shortcode_unautop(wpautop(content), names)
    expanded = expand_shortcodes(content, names)
    return expanded.html, ShortcodeWarnings(sorted(expanded.unknown), expanded.replaced_media)


class BodyConverter:
    """Cut prepared HTML into Dateline body blocks; one converter per post."""

    def __init__(self, resolve_image: ImageResolver, site_url: str = ""):
        self.resolve_image = resolve_image
        site = urlsplit(site_url)
        self.site_host = (site.hostname or "").lower()
        self.result = ConvertedBody()
        self._inline: list[str] = []
        self._deferred_images: list[dict] = []

    def convert(self, content: str) -> ConvertedBody:
        prepared, shortcodes = prepare_html(content)
        for name in shortcodes.unknown:
            self._warn(_("unknown shortcode [%s] removed, its text kept") % name)
        if shortcodes.replaced_media:
            self._warn(_("embedded media replaced by a link"), shortcodes.replaced_media)
        soup = BeautifulSoup(prepared, "html.parser")
        self._walk(soup)
        self._flush()
        return self.result

    def _warn(self, message: str, count: int = 1) -> None:
        self.result.warnings[message] += count

    # Block level ---------------------------------------------------------------------------

    def _walk(self, node) -> None:
        """Walk block-level content: text and inline tags gather into the pending paragraph."""
        for child in list(node.children):
            if isinstance(child, SKIPPED_NODES):
                continue
            if isinstance(child, NavigableString):
                self._inline_text(str(child), self._inline)
                continue
            name = child.name
            if name == "p":
                self._flush()
                self._inline_children(child, self._inline)
                self._flush()
            elif name in HEADINGS:
                self._flush()
                text = plain_text(child.decode_contents())
                if text:
                    self.result.blocks.append({"type": "heading", "value": text})
                self._images_inside(child)
            elif name in ("ul", "ol"):
                self._flush()
                self._inline.append(self._element(child))
                self._flush()
            elif name == "blockquote":
                self._flush()
                self._quote(child)
            elif name == "figure":
                self._flush()
                self._figure(child)
            elif name == "table":
                self._flush()
                self._table(child)
            elif name == "pre":
                self._flush()
                lines = child.get_text().strip("\n").split("\n")
                self._inline.append("<br/>".join(html.escape(line, quote=False) for line in lines))
                self._flush()
            elif name == "hr":
                self._flush()
            elif name == "img":
                self._image_in_flow(child)
            elif name in DROPPED:
                self._dropped(child)
            elif name in PLAYERS:
                self._flush()
                self._player(child)
            elif name in ("div", "section", "article", "aside", "header", "footer", "main", "nav"):
                self._flush()
                self._walk(child)
                self._flush()
            else:
                self._inline.append(self._element(child))

    def _flush(self) -> None:
        """Close the pending paragraph (if it has any text) and place the images it held."""
        fragment = "".join(self._inline).strip()
        self._inline = []
        fragment = re.sub(r"^(?:\s*<br/>)+|(?:<br/>\s*)+$", "", fragment).strip()
        # Whitespace the HTML only had for layout: after a line break, between list items.
        fragment = re.sub(r"<br/> +", "<br/>", fragment)
        fragment = re.sub(r"> +<(/?(?:ul|ol|li)\b)", r"><\1", fragment)
        fragment = re.sub(r"  +", " ", fragment)
        if fragment:
            if not fragment.startswith(("<ul", "<ol")):
                fragment = f"<p>{fragment}</p>"
            cleaned = self._clean(fragment)
            text = clean_text(cleaned)
            if text:
                if BARE_URL.fullmatch(text) and "<a " not in cleaned:
                    # WordPress turned a lone address into an embed; here it becomes a link.
                    escaped = html.escape(text, quote=True)
                    cleaned = f'<p><a href="{escaped}">{escaped}</a></p>'
                    self._warn(_("embedded media replaced by a link"))
                self.result.blocks.append({"type": "paragraph", "value": cleaned})
                if not self.result.first_paragraph and not fragment.startswith(("<ul", "<ol")):
                    self.result.first_paragraph = text
        self.result.blocks.extend(self._deferred_images)
        self._deferred_images = []

    @staticmethod
    def _clean(fragment: str) -> str:
        return nh3.clean(
            fragment,
            tags=RICH_TEXT_TAGS,
            attributes=RICH_TEXT_ATTRIBUTES,
            url_schemes=LINK_SCHEMES,
            link_rel=None,
            strip_comments=True,
        )

    def _quote(self, element: Tag) -> None:
        attribution = ""
        for cite in element.find_all(["cite", "footer"]):
            attribution = attribution or plain_text(cite.decode_contents())
            cite.extract()
        self._images_inside(element)
        text = _block_text(element)
        if text:
            self.result.blocks.append(
                {"type": "quote", "value": {"quote": text, "attribution": attribution}}
            )

    def _figure(self, figure: Tag) -> None:
        if figure.get("data-gallery-without-ids"):
            self._warn(_("gallery without image ids left out"))
            return
        if figure.find("blockquote"):
            self._quote(figure.find("blockquote"))
            return
        if figure.find("table"):
            self._table(figure.find("table"))
            return
        caption_element = figure.find("figcaption")
        caption = plain_text(caption_element.decode_contents()) if caption_element else ""
        attachment_id = figure.get("data-attachment-id")
        image = figure.find("img")
        if image is not None or attachment_id:
            self._image_block(image, attachment_id, caption, deferred=False)
            return
        if figure.find(PLAYERS):
            self._player(figure.find(PLAYERS))
            return
        # A block-editor embed: the address is the figure's text.
        text = plain_text(figure.decode_contents())
        if BARE_URL.fullmatch(text):
            self._inline.append(text)
        else:
            self._walk(figure)
        self._flush()

    def _table(self, table: Tag) -> None:
        rows = table.find_all("tr")
        for row in rows:
            cells = [plain_text(cell.decode_contents()) for cell in row.find_all(["th", "td"])]
            line = " | ".join(cell for cell in cells if cell)
            if line:
                self.result.blocks.append(
                    {"type": "paragraph", "value": f"<p>{html.escape(line, quote=False)}</p>"}
                )
        if rows:
            self._warn(_("table turned into one paragraph per row"))

    def _player(self, element: Tag) -> None:
        source = element.get("src") or (element.find("source") or {}).get("src", "")
        href = self._href(source or "")
        if href and href.startswith(("http://", "https://")):
            escaped = html.escape(href, quote=True)
            self.result.blocks.append(
                {"type": "paragraph", "value": f'<p><a href="{escaped}">{escaped}</a></p>'}
            )
            self._warn(_("embedded media replaced by a link"))
        else:
            self._warn(_("embedded media without an address removed"))

    def _dropped(self, element: Tag) -> None:
        if element.name in ("script", "style", "object", "embed", "form"):
            self._warn(_("<%s> element removed") % element.name)

    def _images_inside(self, element: Tag) -> None:
        """Place the images held by an element that becomes plain text (a heading, a quote)."""
        for image in element.find_all("img"):
            self._image_block(image, None, "", deferred=False)
            image.extract()

    # Images -----------------------------------------------------------------------------------

    def _image_in_flow(self, image: Tag) -> None:
        """Place an image met among text: before the paragraph if no text precedes it, else after."""
        has_text = bool(plain_text("".join(self._inline)))
        self._image_block(image, None, "", deferred=has_text)

    def _image_block(self, image: Tag | None, attachment_id, caption: str, deferred: bool) -> None:
        number = int(attachment_id) if attachment_id and str(attachment_id).isdigit() else None
        source = (image.get("src") or "").strip() if image is not None else ""
        if number is None and image is not None:
            match = WP_IMAGE_CLASS.search(" ".join(image.get("class") or []))
            number = int(match.group(1)) if match else None
        reference = self.resolve_image(number, source)
        if reference is None:
            if source and not self._is_own(source):
                self._warn(_("image from another site left out"))
            else:
                self._warn(_("image not among the imported images left out"))
            return
        alt = (image.get("alt") or "").strip() if image is not None else ""
        alt = alt or reference.alt
        if not alt:
            self._warn(_("image without alt text marked decorative; describe it"))
        block = {
            "type": "image",
            "value": {
                "image": {"image": reference.image_id, "decorative": not alt, "alt_text": alt},
                "caption": caption[:255],
            },
        }
        # An image before any text of its paragraph goes before it; one after text, after it.
        if deferred:
            self._deferred_images.append(block)
        else:
            self.result.blocks.append(block)

    # Inline -----------------------------------------------------------------------------------

    def _inline_children(self, node: Tag, out: list[str]) -> None:
        for child in list(node.children):
            if isinstance(child, SKIPPED_NODES):
                continue
            if isinstance(child, NavigableString):
                self._inline_text(str(child), out)
            else:
                self._inline_element(child, out)

    @staticmethod
    def _inline_text(text: str, out: list[str]) -> None:
        out.append(html.escape(HTML_WHITESPACE.sub(" ", text), quote=False))

    def _element(self, element: Tag) -> str:
        out: list[str] = []
        self._inline_element(element, out)
        return "".join(out)

    def _inline_element(self, element: Tag, out: list[str]) -> None:
        name = element.name
        if name in DROPPED:
            self._dropped(element)
        elif name in PLAYERS:
            self._player(element)
        elif name == "img":
            self._image_in_flow(element)
        elif name == "br":
            out.append("<br/>")
        elif name in INLINE_RENAMES:
            tag = INLINE_RENAMES[name]
            out.append(f"<{tag}>")
            self._inline_children(element, out)
            out.append(f"</{tag}>")
        elif name == "a":
            href = self._href(element.get("href") or "")
            if href:
                out.append(f'<a href="{html.escape(href, quote=True)}">')
                self._inline_children(element, out)
                out.append("</a>")
            else:
                self._inline_children(element, out)
        elif name in ("ul", "ol", "li"):
            out.append(f"<{name}>")
            self._inline_children(element, out)
            out.append(f"</{name}>")
        elif name in ("p", "div", "blockquote") or name in HEADINGS:
            # Block content inside a list item: keep its text on lines of its own.
            out.append("<br/>")
            self._inline_children(element, out)
            out.append("<br/>")
        else:
            self._inline_children(element, out)

    def _href(self, href: str) -> str:
        """Return a safe link target; the old site's own links become paths that redirect."""
        href = href.strip()
        if not href:
            return ""
        parts = urlsplit(href)
        scheme = parts.scheme.lower()
        if scheme and scheme not in LINK_SCHEMES:
            return ""
        if scheme in ("http", "https") and self._is_own(href):
            return urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))
        return href

    def _is_own(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        return not host or (bool(self.site_host) and host == self.site_host)


def _block_text(element: Tag) -> str:
    """Return an element's text with its paragraphs apart and its line breaks kept."""
    for line_break in element.find_all("br"):
        line_break.replace_with("\n")
    for block in element.find_all(["p", "div", "li"]):
        block.insert_after("\n\n")
    for dropped in element.find_all(DROPPED | PLAYERS):
        dropped.decompose()
    lines = [HTML_WHITESPACE.sub(" ", line).strip() for line in element.get_text().split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
