"""Show readers where their words are: an escaped snippet with the query terms marked.

Page text is the newsroom's, but a query is anyone's: every character of both is escaped, and the
only markup in a snippet is the <mark> elements added here.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from dateline.core.ngrams import script_pieces

from .query import query_words

SNIPPET_LENGTH = 240
ELLIPSIS = "…"


def terms_pattern(text: str) -> re.Pattern | None:
    """Return a pattern matching the query's terms where they occur in page text.

    Latin-script terms match at the start of a word ("price" marks "prices"); Korean, Chinese
    and Japanese terms match anywhere, since particles are written onto the word ("장마당" marks
    the start of "장마당에서").
    """
    alternatives = set()
    for word in query_words(text):
        for unspaced, piece in script_pieces(word):
            alternatives.add(re.escape(piece) if unspaced else rf"(?<!\w){re.escape(piece)}")
    if not alternatives:
        return None
    # Longest first, so "market" is marked whole rather than as "mark" when both are asked for.
    ordered = sorted(alternatives, key=len, reverse=True)
    return re.compile("|".join(ordered), re.IGNORECASE)


def mark_terms(text: str, pattern: re.Pattern | None) -> SafeString:
    """Return `text` escaped, with each match of `pattern` wrapped in <mark>."""
    if pattern is None:
        return mark_safe(escape(text))
    parts, position = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))


def snippet(text: str, pattern: re.Pattern | None, length: int = SNIPPET_LENGTH) -> SafeString:
    """Return about `length` characters of `text` around its first match, terms marked.

    Without a match (the words were in the headline or a topic), the snippet is the text's start.
    """
    text = " ".join(text.split())
    first = pattern.search(text) if pattern is not None else None
    start = 0
    if first is not None and first.end() > length:
        # Show some words before the match, beginning at a word boundary where there is one.
        start = max(0, first.start() - length // 3)
        space = text.find(" ", start, first.start())
        start = space + 1 if space != -1 else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + length // 2 else end
    marked = mark_terms(text[start:end], pattern)
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(text) else ""
    return mark_safe(f"{prefix}{marked}{suffix}")
