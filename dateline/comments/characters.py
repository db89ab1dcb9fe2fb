"""Which characters a commenter's name and text may carry: the one rule, for the form and imports.

A name or comment is drawn on the page under and beside other people's words, so what it may hold
is decided here once, for the reader's form and for names brought in by an importer alike:
- refused: broken bytes, control characters, and the direction overrides and isolates that let a
  name disguise itself or flip the text around it (the marks U+200E/U+200F, which real
  right-to-left writing needs, stay allowed);
- refused: a value with no visible character at all (zero-width spaces, a BOM, the Hangul filler
  U+3164...), which would show an empty name that looks like no one, or like someone else;
- removed: Unicode tag characters (U+E0000-U+E007F), invisible letters that smuggle hidden text;
- capped: combining marks, at `MAX_MARKS_PER_CHARACTER` on one base character; thousands of them
  draw over the comments above and below ("zalgo"), while real writing needs a few at most.
"""

import re
import unicodedata

from django.utils.translation import gettext_lazy as _

MAX_MARKS_PER_CHARACTER = 4

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ALLOWED_CONTROLS_IN_TEXT = frozenset("\n\t")
# Letters and symbols that draw nothing: Hangul fillers, the blank Braille pattern, Khmer's
# inherent vowels. Formats (Cf: zero-width space, BOM, joiners), separators and marks are
# recognised by their category.
INVISIBLE_GRAPHICS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5")
TAG_CHARACTERS = re.compile("[\U000e0000-\U000e007f]")
NOT_UTF8 = _("This contains bytes that are not valid text (UTF-8). Please type it again.")
NOTHING_VISIBLE = _("This has no visible character: please type it with letters or signs.")


def tidy(value: str) -> str:
    """Remove tag characters and keep at most `MAX_MARKS_PER_CHARACTER` marks on each character."""
    value = TAG_CHARACTERS.sub("", value)
    kept, marks = [], 0
    for char in value:
        if unicodedata.category(char) in ("Mn", "Me"):
            marks += 1
            if marks > MAX_MARKS_PER_CHARACTER:
                continue
        else:
            marks = 0
        kept.append(char)
    return "".join(kept)


def has_visible_character(value: str) -> bool:
    """Say whether anything of the value would be drawn on the page."""
    return any(
        unicodedata.category(char)[0] not in "CZM" and char not in INVISIBLE_GRAPHICS
        for char in value
    )


def problem_with_characters(value: str, *, multiline: bool) -> str | None:
    """Return what is wrong with the characters of a value, or None when nothing is."""
    if "\ufffd" in value:
        return NOT_UTF8
    for char in value:
        if char in BIDI_CONTROLS:
            return _("Remove the invisible characters that change the direction of the text.")
        category = unicodedata.category(char)
        if category == "Cs":
            return NOT_UTF8
        if category == "Cc" and not (multiline and char in ALLOWED_CONTROLS_IN_TEXT):
            return _("Remove the invisible control characters from this field.")
    if value and not has_visible_character(value):
        return NOTHING_VISIBLE
    return None


def imported_name(value: str) -> str:
    """Return a name from another system made to follow the rule, or "" when nothing is left.

    An import cannot ask the commenter to type their name again, so what the form would refuse is
    removed instead: direction controls, control characters and broken bytes.
    """
    value = "".join(
        char
        for char in tidy(value)
        if char not in BIDI_CONTROLS
        and char != "\ufffd"
        and unicodedata.category(char) != "Cc"
        and unicodedata.category(char) != "Cs"
    ).strip()
    return value if has_visible_character(value) else ""
