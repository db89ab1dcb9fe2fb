"""WordPress shortcodes: find them as WordPress does, and turn the ones we know into plain HTML.

WordPress only treats the shortcodes registered by its plugins as shortcodes; anything else in
square brackets is text. An export does not say which plugins the site ran, so a bracketed name
counts as a shortcode when it is one Dateline knows, or when it looks like one beyond doubt: it has
attributes (`name=`), a closing tag, a self-closing slash, or a `_` or `-` in its name. Plain
bracketed words a reporter may write, such as "[sic]" or "[1]", stay text.

Known shortcodes become HTML the body converter understands: `[caption]` a <figure> with its
<figcaption>, `[gallery]` one figure per image. Embeds and players (`[embed]`, `[video]`,
`[audio]`, `[youtube]`...) become a plain link, because a Dateline page loads nothing from another
host. Any other shortcode is reported; its tags are dropped and the text it encloses is kept.
"""

import html
import re
from dataclasses import dataclass, field

CAPTION_SHORTCODES = frozenset({"caption", "wp_caption"})
GALLERY_SHORTCODES = frozenset({"gallery"})
# Players and embeds, and the attribute that holds the address of what they play.
MEDIA_SHORTCODES = {
    "embed": None,
    "video": "src",
    "audio": "src",
    "playlist": None,
    "youtube": None,
    "vimeo": None,
    "soundcloud": "url",
    "tweet": None,
    "instagram": "url",
}
KNOWN_SHORTCODES = CAPTION_SHORTCODES | GALLERY_SHORTCODES | frozenset(MEDIA_SHORTCODES)
MEDIA_EXTENSIONS = ("mp4", "m4v", "webm", "ogv", "flv", "mp3", "m4a", "ogg", "wav", "wma")

_CANDIDATE = re.compile(r"\[\[?([A-Za-z][\w-]*)(?![\w-])([^\[\]]*?)(/?)\]")


def shortcode_regex(names) -> re.Pattern:
    """Return WordPress's get_shortcode_regex() for these names (same groups, 1 to 6)."""
    tagregexp = "|".join(re.escape(name) for name in names)
    return re.compile(
        r"\["  # Opening bracket.
        r"(\[?)"  # 1: Optional second opening bracket for escaping shortcodes: [[tag]].
        r"(" + tagregexp + r")"  # 2: Shortcode name.
        r"(?![\w-])"  # Not followed by word character or hyphen.
        r"("  # 3: Unroll the loop: Inside the opening shortcode tag.
        r"[^\]/]*"  # Not a closing bracket or forward slash.
        r"(?:"
        r"/(?!\])"  # A forward slash not followed by a closing bracket.
        r"[^\]/]*"  # Not a closing bracket or forward slash.
        r")*?"
        r")"
        r"(?:"
        r"(/)"  # 4: Self closing tag...
        r"\]"  # ...and closing bracket.
        r"|"
        r"\]"  # Closing bracket.
        r"(?:"
        r"("  # 5: Unroll the loop: Optionally, anything between the opening and closing tags.
        r"[^\[]*+"  # Not an opening bracket.
        r"(?:"
        r"\[(?!/\2\])"  # An opening bracket not followed by the closing shortcode tag.
        r"[^\[]*+"  # Not an opening bracket.
        r")*+"
        r")"
        r"\[/\2\]"  # Closing shortcode tag.
        r")?"
        r")"
        r"(\]?)"  # 6: Optional second closing bracket for escaping shortcodes: [[tag]].
    )


_ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)"""
    r"""|'([^']*)'(?:\s|$)"""
    r"""|(\S+)(?:\s|$)"""
)


def parse_attributes(text: str) -> dict[str, str]:
    """Port of shortcode_parse_atts(): named attributes by lower-cased name, positional by index."""
    attributes: dict[str, str] = {}
    text = re.sub(r"[\u00a0\u200b]+", " ", text)
    position = 0
    for match in _ATTRIBUTE.finditer(text):
        groups = match.groups()
        if groups[0]:
            attributes[groups[0].lower()] = groups[1]
        elif groups[2]:
            attributes[groups[2].lower()] = groups[3]
        elif groups[4]:
            attributes[groups[4].lower()] = groups[5]
        else:
            value = next((group for group in groups[6:] if group is not None), "")
            attributes[str(position)] = value
            position += 1
    return {name: html.unescape(value) for name, value in attributes.items()}


def shortcode_names(text: str) -> list[str]:
    """Return the names in the text that are shortcodes (see the module's rule), known first."""
    names: set[str] = set()
    for match in _CANDIDATE.finditer(text):
        name, attributes, self_closing = match.group(1), match.group(2), match.group(3)
        known = name in KNOWN_SHORTCODES
        unmistakable = "=" in attributes or self_closing or "_" in name or "-" in name
        if known or unmistakable or f"[/{name}]" in text:
            names.add(name)
    return sorted(names, key=lambda name: (name not in KNOWN_SHORTCODES, name))


@dataclass
class ShortcodeResult:
    html: str
    unknown: set[str] = field(default_factory=set)
    replaced_media: int = 0


def expand_shortcodes(text: str, names: list[str] | None = None) -> ShortcodeResult:
    """Replace the shortcodes in WordPress HTML with plain HTML, as do_shortcode() would."""
    names = shortcode_names(text) if names is None else names
    result = ShortcodeResult(html=text)
    if not names:
        return result
    pattern = shortcode_regex(names)

    def replace(match: re.Match) -> str:
        if match.group(1) == "[" and match.group(6) == "]":
            # An escaped shortcode, [[tag]]: WordPress shows it as written, minus one bracket.
            return match.group(0)[1:-1]
        name = match.group(2)
        attributes = parse_attributes(match.group(3))
        content = match.group(5) or ""
        if name in CAPTION_SHORTCODES:
            return _caption(attributes, expand(content))
        if name in GALLERY_SHORTCODES:
            return _gallery(attributes)
        if name in MEDIA_SHORTCODES:
            result.replaced_media += 1
            return _media_link(attributes, content, MEDIA_SHORTCODES[name])
        result.unknown.add(name)
        return expand(content)

    def expand(fragment: str) -> str:
        return pattern.sub(replace, fragment) if "[" in fragment else fragment

    result.html = expand(text)
    return result


def _caption(attributes: dict[str, str], content: str) -> str:
    """Port img_caption_shortcode(): the caption is the text after the image, or the attribute."""
    match = re.match(r"\s*((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)", content, re.DOTALL)
    if match:
        image, caption = match.group(1), match.group(2).strip()
    else:
        image, caption = content, ""
    caption = caption or attributes.get("caption", "")
    attachment = re.fullmatch(r"attachment_(\d+)", attributes.get("id", "").strip())
    data = f' data-attachment-id="{attachment.group(1)}"' if attachment else ""
    return f"<figure{data}>{image}<figcaption>{caption}</figcaption></figure>"


def _gallery(attributes: dict[str, str]) -> str:
    ids = re.findall(r"\d+", attributes.get("ids", "") or attributes.get("include", ""))
    if not ids:
        # A gallery without ids shows the post's attached images; the export cannot say which.
        return '<figure data-gallery-without-ids="1"></figure>'
    return "".join(f'<figure data-attachment-id="{number}"></figure>' for number in ids)


def _media_link(attributes: dict[str, str], content: str, attribute: str | None) -> str:
    candidates = [content.strip(), attributes.get(attribute or "", ""), attributes.get("0", "")]
    candidates += [attributes.get(extension, "") for extension in MEDIA_EXTENSIONS]
    url = next((value.strip() for value in candidates if value.strip().startswith("http")), "")
    if not url:
        return ""
    escaped = html.escape(url, quote=True)
    return f'<p data-replaced-embed="1"><a href="{escaped}">{escaped}</a></p>'
