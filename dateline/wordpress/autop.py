"""WordPress's paragraph formatting, ported line by line from `wp-includes/formatting.php`.

Posts written in WordPress's classic editor are stored without <p> tags: WordPress adds them when
it displays a post, with `wpautop()`, turning blank lines into paragraphs and single line breaks
into <br />. The importer must see the paragraphs the readers saw, so this is a faithful port of
`wpautop()`, `shortcode_unautop()` and the helpers they call (WordPress 6.x, GPL-2.0-or-later,
which Dateline's AGPL-3.0-or-later licence can carry). Each step keeps WordPress's comment; the
regular expressions are the same, rewritten for Python's `re` where PHP's syntax differs.
"""

import re

ALL_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|"
    r"map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|"
    r"hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)
# wp_spaces_regexp(): the spaces shortcode_unautop() may find around a lone shortcode.
SPACES = r"[\r\n\t ]|\xa0|&nbsp;"

# get_html_split_regex(): an HTML comment, a CDATA section or an element, whole. PHP's
# conditional subpattern `(?(?=!-)comment|cdata)` becomes two guarded alternatives.
_COMMENT = r"!(?:-(?!->)[^\-]*+)*+(?:-->)?"
_CDATA = r"!\[CDATA\[[^\]]*+(?:](?!]>)[^\]]*+)*+(?:]]>)?"
HTML_SPLIT = re.compile(r"(<(?:(?=!--)" + _COMMENT + r"|(?=!\[CDATA\[)" + _CDATA + r"|[^>]*>?))")


def wp_html_split(text: str) -> list[str]:
    """Split text into text and elements; elements are at the odd indices."""
    return HTML_SPLIT.split(text)


def wp_replace_in_html_tags(text: str, needle: str, replacement: str) -> str:
    """Replace a string inside HTML elements (tags, comments) only, never in the text between."""
    parts = wp_html_split(text)
    changed = False
    for index in range(1, len(parts), 2):
        if needle in parts[index]:
            parts[index] = parts[index].replace(needle, replacement)
            changed = True
    return "".join(parts) if changed else text


def wpautop(text: str, br: bool = True) -> str:
    """Replace double line breaks with paragraph elements, as WordPress does before display."""
    pre_tags: dict[str, str] = {}

    if text.strip() == "":
        return ""

    # Just to make things a little easier, pad the end.
    text = text + "\n"

    # Pre tags shouldn't be touched by autop. Replace pre tags with placeholders and bring them
    # back after autop.
    if "<pre" in text:
        text_parts = text.split("</pre>")
        last_part = text_parts.pop()
        text = ""
        for index, text_part in enumerate(text_parts):
            start = text_part.find("<pre")
            # Malformed HTML?
            if start == -1:
                text += text_part
                continue
            name = f"<pre wp-pre-tag-{index}></pre>"
            pre_tags[name] = text_part[start:] + "</pre>"
            text += text_part[:start] + name
        text += last_part

    # Change multiple <br>'s into two line breaks, which will turn into paragraphs.
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)

    # Add a double line break above block-level opening tags.
    text = re.sub(r"(<" + ALL_BLOCKS + r"[\s/>])", "\n\n\\1", text)

    # Add a double line break below block-level closing tags.
    text = re.sub(r"(</" + ALL_BLOCKS + r">)", "\\1\n\n", text)

    # Add a double line break after hr tags, which are self closing.
    text = re.sub(r"(<hr\s*?/?>)", "\\1\n\n", text)

    # Standardize newline characters to "\n".
    text = text.replace("\r\n", "\n").replace("\r", "\n")

    # Find newlines in all elements and add placeholders.
    text = wp_replace_in_html_tags(text, "\n", " <!-- wpnl --> ")

    # Collapse line breaks before and after <option> elements so they don't get autop'd.
    if "<option" in text:
        text = re.sub(r"\s*<option", "<option", text)
        text = re.sub(r"</option>\s*", "</option>", text)

    # Collapse line breaks inside <object> elements, before <param> and <embed> elements so they
    # don't get autop'd.
    if "</object>" in text:
        text = re.sub(r"(<object[^>]*>)\s*", "\\1", text)
        text = re.sub(r"\s*</object>", "</object>", text)
        text = re.sub(r"\s*(</?(?:param|embed)[^>]*>)\s*", "\\1", text)

    # Collapse line breaks inside <audio> and <video> elements, before and after <source> and
    # <track> elements.
    if "<source" in text or "<track" in text:
        text = re.sub(r"([<\[](?:audio|video)[^>\]]*[>\]])\s*", "\\1", text)
        text = re.sub(r"\s*([<\[]/(?:audio|video)[>\]])", "\\1", text)
        text = re.sub(r"\s*(<(?:source|track)[^>]*>)\s*", "\\1", text)

    # Collapse line breaks before and after <figcaption> elements.
    if "<figcaption" in text:
        text = re.sub(r"\s*(<figcaption[^>]*>)", "\\1", text)
        text = re.sub(r"</figcaption>\s*", "</figcaption>", text)

    # Remove more than two contiguous line breaks.
    text = re.sub(r"\n\n+", "\n\n", text)

    # Split up the contents into an array of strings, separated by double line breaks.
    paragraphs = [part for part in re.split(r"\n\s*\n", text) if part]

    # Rebuild the content as a string, wrapping every bit with a <p>.
    text = "".join("<p>" + paragraph.strip("\n") + "</p>\n" for paragraph in paragraphs)

    # Under certain strange conditions it could create a P of entirely whitespace.
    text = re.sub(r"<p>\s*</p>", "", text)

    # Add a closing <p> inside <div>, <address>, or <form> tag if missing.
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", "<p>\\1</p></\\2>", text)

    # If an opening or closing block element tag is wrapped in a <p>, unwrap it.
    text = re.sub(r"<p>\s*(</?" + ALL_BLOCKS + r"[^>]*>)\s*</p>", "\\1", text)

    # In some cases <li> may get wrapped in <p>, fix them.
    text = re.sub(r"<p>(<li.+?)</p>", "\\1", text)

    # If a <blockquote> is wrapped with a <p>, move it inside the <blockquote>.
    text = re.sub(r"<p><blockquote([^>]*)>", "<blockquote\\1><p>", text, flags=re.IGNORECASE)
    text = text.replace("</blockquote></p>", "</p></blockquote>")

    # If an opening or closing block element tag is preceded by an opening <p> tag, remove it.
    text = re.sub(r"<p>\s*(</?" + ALL_BLOCKS + r"[^>]*>)", "\\1", text)

    # If an opening or closing block element tag is followed by a closing <p> tag, remove it.
    text = re.sub(r"(</?" + ALL_BLOCKS + r"[^>]*>)\s*</p>", "\\1", text)

    # Optionally insert line breaks.
    if br:
        # Replace newlines that shouldn't be touched with a placeholder.
        text = re.sub(
            r"<(script|style|svg).*?</\1>",
            lambda match: match.group(0).replace("\n", "<WPPreserveNewline />"),
            text,
            flags=re.DOTALL,
        )

        # Normalize <br>
        text = text.replace("<br>", "<br />").replace("<br/>", "<br />")

        # Replace any new line characters that aren't preceded by a <br /> with a <br />.
        text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)

        # Replace newline placeholders with newlines.
        text = text.replace("<WPPreserveNewline />", "\n")

    # If a <br /> tag is after an opening or closing block tag, remove it.
    text = re.sub(r"(</?" + ALL_BLOCKS + r"[^>]*>)\s*<br />", "\\1", text)

    # If a <br /> tag is before a subset of opening or closing block tags, remove it.
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", "\\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)

    # Replace placeholder <pre> tags with their original content.
    for name, original in pre_tags.items():
        text = text.replace(name, original)

    # Restore newlines in all elements.
    if "<!-- wpnl -->" in text:
        text = text.replace(" <!-- wpnl --> ", "\n").replace("<!-- wpnl -->", "\n")

    return text


def shortcode_unautop(text: str, shortcode_names: list[str]) -> str:
    """Don't auto-p wrap shortcodes that stand alone."""
    if not shortcode_names:
        return text
    tagregexp = "|".join(re.escape(name) for name in shortcode_names)
    pattern = (
        r"<p>"  # Opening paragraph.
        r"(?:" + SPACES + r")*+"  # Optional leading whitespace.
        r"("  # 1: The shortcode.
        r"\["  # Opening bracket.
        r"(" + tagregexp + r")"  # 2: Shortcode name.
        r"(?![\w-])"  # Not followed by word character or hyphen.
        # Unroll the loop: Inside the opening shortcode tag.
        r"[^\]/]*"  # Not a closing bracket or forward slash.
        r"(?:"
        r"/(?!\])"  # A forward slash not followed by a closing bracket.
        r"[^\]/]*"  # Not a closing bracket or forward slash.
        r")*?"
        r"(?:"
        r"/\]"  # Self closing tag and closing bracket.
        r"|"
        r"\]"  # Closing bracket.
        r"(?:"  # Unroll the loop: Optionally, anything between the opening and closing tags.
        r"[^\[]*+"  # Not an opening bracket.
        r"(?:"
        r"\[(?!/\2\])"  # An opening bracket not followed by the closing shortcode tag.
        r"[^\[]*+"  # Not an opening bracket.
        r")*+"
        r"\[/\2\]"  # Closing shortcode tag.
        r")?"
        r")"
        r")"
        r"(?:" + SPACES + r")*+"  # Optional trailing whitespace.
        r"</p>"  # Closing paragraph.
    )
    return re.sub(pattern, "\\1", text)
