"""Spam and abuse guards: a chain of small policies, each returning (ok, reason).

Each guard reads only its own settings and says what happens when it fails: the comment is
refused (the reader gets their text back with the reason), held for a moderator, or filed as spam
(the reader is told it awaits moderation, as with any held comment, so a spammer learns nothing).
Nothing here calls another service; an operator who wants one can add a guard to the chain.
"""

import enum
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dateline.core.compiled import CompiledQuery

from . import akismet
from .forms import count_links
from .models import Comment, CommentStatus
from .reasons import Reason


class Action(enum.StrEnum):
    REFUSE = "refuse"
    SPAM = "spam"
    HOLD = "hold"


@dataclass(frozen=True)
class Submission:
    """A comment as the guards see it, before anything is stored."""

    article_id: int
    text: str
    author_name: str
    author_email: str
    author_url: str
    address_hashes: tuple[str, ...]
    issued_at: float  # when the form was rendered (from its signed token), seconds since epoch
    received_at: datetime
    honeypot: str = ""
    # Held in memory for the one optional service that asks for them (Akismet); never stored.
    client_address: str = ""
    user_agent: str = ""


@dataclass(frozen=True)
class Verdict:
    """The chain's decision: `action` is None when every guard passed."""

    action: Action | None = None
    # A refusal's sentence for the reader, or a `Reason` (code and parameters) to store.
    reason: "Reason | str" = ""
    guard: str = ""

    def then(self, later: "Verdict") -> "Verdict":
        """Return the stronger of this verdict and a later one (refuse, then spam, then hold)."""
        strength = {Action.REFUSE: 3, Action.SPAM: 2, Action.HOLD: 1, None: 0}
        return later if strength[later.action] > strength[self.action] else self


class Guard:
    """One policy. Subclasses set `on_failure` and implement `check`."""

    name = "guard"
    on_failure = Action.REFUSE

    def check(self, submission: Submission) -> "tuple[bool, str | Reason]":
        raise NotImplementedError


class HoneypotGuard(Guard):
    name = "honeypot"

    def check(self, submission):
        if submission.honeypot:
            return False, _("Your comment looked automated and was not accepted.")
        return True, ""


class FillTimeGuard(Guard):
    """Refuse a form sent faster than a person could fill it (DATELINE_COMMENTS_MIN_FILL_SECONDS).

    The clock starts when the page was rendered; a cached copy only makes the form look older,
    so the guard can let a robot through on an old copy but never refuses a person for caching.
    """

    name = "fill_time"

    def check(self, submission):
        elapsed = submission.received_at.timestamp() - submission.issued_at
        if elapsed < settings.DATELINE_COMMENTS_MIN_FILL_SECONDS:
            return False, _(
                "That was sent a moment too quickly after the page opened. Please check your "
                "comment and send it again."
            )
        return True, ""


class FormAgeGuard(Guard):
    """Refuse a form older than DATELINE_COMMENTS_FORM_MAX_AGE_HOURS; the reader gets a fresh one."""

    name = "form_age"

    def check(self, submission):
        age = submission.received_at.timestamp() - submission.issued_at
        if age > settings.DATELINE_COMMENTS_FORM_MAX_AGE_HOURS * 3600:
            return False, _(
                "This comment form had been open too long, so it has been renewed. Your text is "
                "kept below: please send it again."
            )
        if age < -300:  # a token from the future: the clock of whoever signed it is wrong
            return False, _("This comment form was altered or did not come from this site.")
        return True, ""


class LinkCountGuard(Guard):
    """Hold comments with more than DATELINE_COMMENTS_MAX_LINKS links (the website counts)."""

    name = "links"
    on_failure = Action.HOLD

    def check(self, submission):
        links = count_links(submission.text, submission.author_url)
        if links > settings.DATELINE_COMMENTS_MAX_LINKS:
            return False, Reason("links", {"count": links})
        return True, ""


def _matched_word(words, submission: Submission) -> str | None:
    """Return the first listed word found in any of the comment's fields (letter case ignored)."""
    haystack = "\n".join(
        (submission.author_name, submission.author_email, submission.author_url, submission.text)
    ).casefold()
    return next((word for word in words if word.casefold() in haystack), None)


class DisallowedWordsGuard(Guard):
    """File as spam a comment containing a word from DATELINE_COMMENTS_DISALLOWED_WORDS."""

    name = "disallowed_words"
    on_failure = Action.SPAM

    def check(self, submission):
        word = _matched_word(settings.DATELINE_COMMENTS_DISALLOWED_WORDS, submission)
        if word:
            return False, Reason("disallowed_word", {"word": word})
        return True, ""


class ModerationWordsGuard(Guard):
    """Hold for a moderator a comment containing a word from DATELINE_COMMENTS_MODERATION_WORDS."""

    name = "moderation_words"
    on_failure = Action.HOLD

    def check(self, submission):
        word = _matched_word(settings.DATELINE_COMMENTS_MODERATION_WORDS, submission)
        if word:
            return False, Reason("moderation_word", {"word": word})
        return True, ""


class AkismetGuard(Guard):
    """File as spam what Akismet calls spam, when DATELINE_AKISMET_KEY switches it on."""

    name = "akismet"
    on_failure = Action.SPAM

    def check(self, submission):
        if akismet.is_spam(submission):
            return False, Reason("akismet")
        return True, ""


def _same_person(email: str, hashes: list[str]) -> Q:
    same = Q(email_lower=email)
    if hashes:
        same |= Q(address_hash__in=hashes)
    return same


def _person(submission: Submission) -> dict:
    """The values `_same_person` reads, as the compiled queries below take them."""
    return {
        "email": submission.author_email.strip().lower(),
        "hashes": list(submission.address_hashes),
    }


# Both history guards run on every post, inside its write transaction: their statements are
# built once (core/compiled.py), with stand-ins unlike the queries' other values.
_STAND_INS = {"email": "stand-in email", "hashes": ["stand-in hash"]}

# Found by person (their email's and address's indexes), the article picked out in Python: a filter
# on the article in SQL lets SQLite read every comment of a long discussion.
_EARLIER_BY_PERSON = CompiledQuery(
    lambda email, hashes: (
        Comment.objects.with_lower_email()
        .filter(_same_person(email, hashes))
        .exclude(status=CommentStatus.TRASH)
        .values_list("article_id", "text")
    ),
    **_STAND_INS,
)

_RECENT_BY_PERSON = CompiledQuery(
    lambda since, email, hashes: (
        Comment.objects.with_lower_email()
        .filter(created_at__gte=since)
        .filter(_same_person(email, hashes))
        .order_by()
        .values_list("pk")[:1]
    ),
    since=datetime(1900, 1, 1, tzinfo=UTC),
    **_STAND_INS,
)


def _normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


class DuplicateGuard(Guard):
    """Refuse a comment the same person already left on the same article (a double submit)."""

    name = "duplicate"

    def check(self, submission):
        earlier = _EARLIER_BY_PERSON.rows(**_person(submission))
        text = _normalised(submission.text)
        if any(
            article_id == submission.article_id and _normalised(earlier_text) == text
            for article_id, earlier_text in earlier
        ):
            return False, _("You have already said that: this comment is a duplicate.")
        return True, ""


class FloodGuard(Guard):
    """Allow one comment per DATELINE_COMMENTS_FLOOD_SECONDS per address and per email.

    Counted in the database by default, so it works on SQLite with no cache server; in the cache
    (an atomic add) when Redis is configured. Runs last, so a comment refused for another reason
    does not use up the reader's turn.
    """

    name = "flood"

    def check(self, submission):
        seconds = settings.DATELINE_COMMENTS_FLOOD_SECONDS
        if seconds <= 0:
            return True, ""
        if settings.REDIS_URL:
            flooded = self._flooded_in_cache(submission, seconds)
        else:
            since = submission.received_at - timedelta(seconds=seconds)
            flooded = bool(_RECENT_BY_PERSON.rows(since=since, **_person(submission)))
        if flooded:
            return False, _(
                "You are posting comments too quickly. Please wait %(seconds)d seconds and send "
                "it again."
            ) % {"seconds": seconds}
        return True, ""

    @staticmethod
    def _flooded_in_cache(submission: Submission, seconds: int) -> bool:
        keys = [f"comments:flood:email:{submission.author_email.strip().lower()}"]
        keys += [f"comments:flood:address:{digest}" for digest in submission.address_hashes[:1]]
        # add() is atomic and fails when the key is there: every key must be new to pass.
        return not all([cache.add(key, 1, timeout=seconds) for key in keys])


# Guards that read nothing stored run before the write transaction; the two that compare with
# earlier comments run inside it, so that on SQLite the write lock is held only for them.
STATELESS_GUARDS: tuple[Guard, ...] = (
    HoneypotGuard(),
    FormAgeGuard(),
    FillTimeGuard(),
    LinkCountGuard(),
    DisallowedWordsGuard(),
    ModerationWordsGuard(),
    AkismetGuard(),
)
HISTORY_GUARDS: tuple[Guard, ...] = (DuplicateGuard(), FloodGuard())


def run_guards(submission: Submission, guards) -> Verdict:
    """Run the chain; stop at the first refusal or spam, remember the first hold."""
    held = Verdict()
    for guard in guards:
        ok, reason = guard.check(submission)
        if ok:
            continue
        if guard.on_failure in (Action.REFUSE, Action.SPAM):
            return Verdict(action=guard.on_failure, reason=reason, guard=guard.name)
        if held.action is None:
            held = Verdict(action=Action.HOLD, reason=reason, guard=guard.name)
    return held


def approval_status(submission: Submission) -> str:
    """Return the status of a comment every guard let through, per DATELINE_COMMENTS_APPROVAL."""
    policy = settings.DATELINE_COMMENTS_APPROVAL
    if policy == "all":
        return CommentStatus.APPROVED
    if policy == "known":
        # As WordPress: the same name and email already have an approved comment.
        known = (
            Comment.objects.with_lower_email()
            .filter(
                status=CommentStatus.APPROVED,
                by_newsroom=False,
                author_name=submission.author_name,
                email_lower=submission.author_email.strip().lower(),
            )
            .exists()
        )
        if known:
            return CommentStatus.APPROVED
    return CommentStatus.PENDING
