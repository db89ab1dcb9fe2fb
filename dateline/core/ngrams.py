"""Make Korean (and Chinese and Japanese) text findable by any word inside it.

PostgreSQL's text search parser and SQLite FTS5's `unicode61` tokenizer, which Wagtail's database
search backend uses, both cut text into words at spaces and punctuation only. Korean writes
particles and endings onto its words ("장마당에서" is "장마당" + "에서"), so the index holds
"장마당에서" and a reader who types "장마당" finds nothing; Chinese and Japanese put no spaces
between words at all.

The remedy search engines use for these scripts (Lucene's CJK analyzer) is to index overlapping
two-character pieces, "장마당에서" → "장마 마당 당에 에서", and to look a word up as the phrase of
its pieces, "장마당" → "장마 마당", which matches wherever the word stands inside a longer one. A
one-character word ("쌀", rice) is looked up among the article's distinct characters, indexed after
the pieces. Both databases then match Korean the same way, with their own full-text indexes.
"""

import re

from django.utils.encoding import force_str
from wagtail.search import index

# Hangul jamo and syllables, kana, CJK ideographs: scripts whose words are not set off by spaces.
UNSPACED_SCRIPT = (
    "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
)
UNSPACED_RUN = re.compile(f"[{UNSPACED_SCRIPT}]+")
WORD = re.compile(r"\w+")


def script_pieces(word: str) -> list[tuple[bool, str]]:
    """Split a word into runs of unspaced script and the rest: "2024년에" → 2024, 년에."""
    pieces, position = [], 0
    for run in UNSPACED_RUN.finditer(word):
        if run.start() > position:
            pieces.append((False, word[position : run.start()]))
        pieces.append((True, run.group()))
        position = run.end()
    if position < len(word):
        pieces.append((False, word[position:]))
    return pieces


def bigrams(run: str) -> list[str]:
    """Return a run's overlapping two-character pieces (none for a one-character run)."""
    return [run[i : i + 2] for i in range(len(run) - 1)]


def ngram_text(text: str) -> str:
    """Return what the index needs to find every word inside the unspaced-script text of `text`.

    The pieces of each run come in order (so a phrase of pieces matches only where they stand
    side by side), then the run's neighbours in its word ("2024" of "2024년에", which the
    tokenizers otherwise only know as part of one long word), then each distinct character once.
    Text without Korean, Chinese or Japanese gives an empty string and costs the index nothing.
    """
    if not UNSPACED_RUN.search(text):
        return ""
    pieces, others, characters = [], [], {}
    for word in WORD.findall(text):
        split = script_pieces(word)
        if not any(unspaced for unspaced, _piece in split):
            continue
        for unspaced, piece in split:
            if unspaced:
                pieces.extend(bigrams(piece))
                characters.update(dict.fromkeys(piece))
            else:
                others.append(piece)
    return " ".join([*pieces, *others, *characters])


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return " ".join(_as_text(item) for item in value)
    if isinstance(value, dict):
        return " ".join(_as_text(item) for item in value.values())
    return force_str(value)


class NgramSearchField(index.SearchField):
    """Index the n-grams of a field's Korean, Chinese or Japanese text beside the field itself.

    Declared with the name of the field it reads, next to that field's own SearchField: the
    backends index it like the field (a title's pieces count as title), and Wagtail keeps both
    because they are of different classes.
    """

    def get_value(self, obj):
        return ngram_text(_as_text(super().get_value(obj)))
