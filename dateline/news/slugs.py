"""Readable page addresses for headlines not written in Latin letters.

The admin fills a page's slug from its title, so a Korean headline becomes a Korean slug, which
browsers, feeds and shared links show as a long run of percent-encoded bytes
(`%ED%98%9C%EC%82%B0…`). The newsroom chooses what such a slug becomes, in the setting
`DATELINE_SLUG_STYLE`: `romanised` (the default: Korean in the Revised Romanization, Uyghur in
its Latin script, `hyesan-ssalgap-dubae`), `numeric` (the date and a number, `20261202-1`), or
`as-written` (kept as typed). A slug typed in Latin letters is always kept.
"""

import unicodedata

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

ROMANISED, AS_WRITTEN = "romanised", "as-written"
MAX_SLUG_LENGTH = 80

_HANGUL_BASE, _HANGUL_LAST = 0xAC00, 0xD7A3
# Initial consonants, vowels and final consonants in Unicode's order of Hangul syllables.
_INITIALS = "g kk n d tt r m b pp s ss - j jj ch k t p h".split()  # noqa: SIM905
_VOWELS = "a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i".split()  # noqa: SIM905
# A final consonant as it sounds at the end of a syllable, and as it sounds carried over to a
# following syllable that begins with a vowel (한국어: han-gu-geo).
_FINALS = "- k k k n n n t l k m l l l p l m p p t t ng t t k t p t".split()  # noqa: SIM905
_FINALS_LINKED = (
    "- g kk gs n nj nh d r lg lm lb ls lt lp lh m b bs s ss ng j ch k t p h".split()  # noqa: SIM905
)
_SILENT_INITIAL = 11  # ㅇ
_RIEUL_FINAL, _RIEUL_INITIAL = 8, 5  # ㄹ, whose pair ㄹ+ㄹ is written "ll"

# Uyghur's Arabic script and its Latin script (Uyghur Latin Yéziqi), letter for letter; the
# hamza that starts a vowel is not written in Latin.
_UYGHUR_PAIRS = "ا=a ە=e ب=b پ=p ت=t ج=j چ=ch خ=x د=d ر=r ز=z ژ=zh س=s ش=sh غ=gh ف=f ق=q ك=k گ=g ڭ=ng ل=l م=m ن=n ھ=h و=o ۇ=u ۆ=o ۈ=u ۋ=w ې=e ى=i ي=y ئ= ،=, ؟=? ؛=;"  # noqa: RUF001
_UYGHUR_LATIN = str.maketrans(dict(pair.split("=") for pair in _UYGHUR_PAIRS.split()))


def _hangul_parts(character: str) -> tuple[int, int, int] | None:
    code = ord(character)
    if not _HANGUL_BASE <= code <= _HANGUL_LAST:
        return None
    offset = code - _HANGUL_BASE
    return offset // 588, (offset % 588) // 28, offset % 28


def romanise(text: str) -> str:
    """Return the text with Hangul in the Revised Romanization and Uyghur in Latin letters.

    Letter by letter, with the one sound change a reader notices most (a final consonant moving
    to a following vowel); the full rules of assimilation are for dictionaries, not addresses.
    """
    out = []
    characters = list(text.translate(_UYGHUR_LATIN))
    for index, character in enumerate(characters):
        parts = _hangul_parts(character)
        if parts is None:
            out.append(character)
            continue
        initial, vowel, final = parts
        following = _hangul_parts(characters[index + 1]) if index + 1 < len(characters) else None
        if final and following and following[0] == _SILENT_INITIAL:
            ending = _FINALS_LINKED[final]
        elif final == _RIEUL_FINAL and following and following[0] == _RIEUL_INITIAL:
            ending = "l"  # ㄹ+ㄹ: 올라 is "olla"; the next syllable's own r becomes the second l
        else:
            ending = _FINALS[final]
        start = _INITIALS[initial]
        previous = _hangul_parts(characters[index - 1]) if index else None
        if previous and previous[2] == _RIEUL_FINAL and initial == _RIEUL_INITIAL:
            start = "l"
        out.append(start.strip("-") + _VOWELS[vowel] + ending.strip("-"))
    return "".join(out)


def _ascii_slug(text: str) -> str:
    latin = unicodedata.normalize("NFKD", romanise(text)).encode("ascii", "ignore").decode()
    slug = slugify(latin)
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[:MAX_SLUG_LENGTH].rsplit("-", 1)[0]
    return slug


def _numeric_slug(taken) -> str:
    stem = f"{timezone.localdate():%Y%m%d}"
    number = 1
    while f"{stem}-{number}" in taken:
        number += 1
    return f"{stem}-{number}"


def readable_slug(slug: str, title: str, taken=frozenset(), style: str | None = None) -> str:
    """Return the slug the page should have: `slug` itself unless it has non-Latin letters.

    `taken` holds the slugs of the page's siblings, so a numeric slug is free; a romanised one
    that clashes is left for the form to refuse, as a typed slug would be.
    """
    style = style or settings.DATELINE_SLUG_STYLE
    if not slug or slug.isascii() or style == AS_WRITTEN:
        return slug
    if style == ROMANISED:
        readable = _ascii_slug(slug) or _ascii_slug(title)
        if readable:
            return readable
    return _numeric_slug(taken)


class ReadableSlugFormMixin:
    """For page forms: turn a slug the admin filled from a non-Latin title into a readable one."""

    def clean_slug(self):
        slug = self.cleaned_data.get("slug", "")
        if not slug or slug.isascii():
            return slug
        parent = getattr(self, "parent_page", None)
        taken = set()
        if parent is not None:
            siblings = parent.get_children()
            if self.instance.pk:
                siblings = siblings.exclude(pk=self.instance.pk)
            taken = set(siblings.values_list("slug", flat=True))
        return readable_slug(slug, self.data.get("title", ""), taken)
