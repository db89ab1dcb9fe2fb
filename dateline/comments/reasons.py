"""Why a guard held a comment or filed it as spam: a code and its parameters, worded on display.

The reason is stored as `(code, parameters)` rather than as a sentence, because a sentence is
written once, in the language of the reader who posted, while it is read later by a moderator
who may use another: "보류 사유: It has 3 links." mixed both. `Reason` renders itself in the
language active when it is shown (the moderator's in the admin, the reader's on a refusal).
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext, pgettext

# Each code's sentence; the parameters are filled in by name. `gettext` runs at display time.
MESSAGES = {
    "links": lambda p: gettext("It has %(count)d links.") % p,
    "disallowed_word": lambda p: gettext("It contains the disallowed word “%(word)s”.") % p,
    "moderation_word": lambda p: gettext("It contains the word “%(word)s”, held for review.") % p,
    "akismet": lambda p: gettext("Akismet says it is spam."),
    # A reason stored as text before codes existed, kept word for word.
    "text": lambda p: p.get("text", ""),
}


@dataclass(frozen=True)
class Reason:
    """A guard's reason: `code` names the sentence, `params` fill it in."""

    code: str
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:
        render = MESSAGES.get(self.code)
        if render is None:
            return pgettext("reason a comment was held", "unknown reason (%(code)s)") % {
                "code": self.code
            }
        return render(self.params)


def stored(reason) -> tuple[str, dict]:
    """Return the (code, parameters) to store for a guard's reason; ("", {}) for none."""
    if isinstance(reason, Reason):
        return reason.code, dict(reason.params)
    return ("text", {"text": str(reason)}) if reason else ("", {})


# The sentences the guards used to store, in English and Korean, read back into codes.
_LEGACY_PATTERNS = [
    ("links", re.compile(r"^It has (?P<count>\d+) links\.$"), int),
    ("links", re.compile(r"^링크가 (?P<count>\d+)개 있습니다\.$"), int),
    ("disallowed_word", re.compile(r"^It contains the disallowed word “(?P<word>.*)”\.$"), str),
    (
        "moderation_word",
        re.compile(r"^It contains the word “(?P<word>.*)”, held for review\.$"),
        str,
    ),
    ("akismet", re.compile(r"^Akismet says it is spam\.$"), str),
    ("disallowed_word", re.compile(r"^허용되지 않는 단어가 들어 있습니다: “(?P<word>.*)”\.$"), str),
    (
        "moderation_word",
        re.compile(r"^검토 대상 단어가 들어 있어 보류했습니다: “(?P<word>.*)”\.$"),
        str,
    ),
    ("akismet", re.compile(r"^Akismet이 스팸으로 판정했습니다\.$"), str),
]


def from_legacy_text(text: str) -> tuple[str, dict]:
    """Turn a reason stored as a sentence into (code, parameters); keep unknown sentences as text."""
    text = (text or "").strip()
    if not text:
        return "", {}
    for code, pattern, convert in _LEGACY_PATTERNS:
        match = pattern.match(text)
        if match:
            return code, {name: convert(value) for name, value in match.groupdict().items()}
    return "text", {"text": text}
