"""The outcome of posting, carried in the address of the redirect that follows it.

After a post the reader is sent (303) back to the article with `?comment-posted=…`. For a comment
that waits for moderation the value is the comment's id, signed, so that the article can show the
reader their own words marked "awaiting moderation" while nobody else can see anyone's pending
comment by guessing ids. Not a session nor a cookie: the page stays the same for everyone who
opens the same address, a URL with a query string is always rendered live rather than served
from a baked file, and it works with JavaScript off.
"""

from django.core import signing

POSTED_PARAMETER = "comment-posted"
PENDING = "pending"  # the bare notice, for addresses made before comments were signed
_SALT = "dateline.comments.posted"
MAX_AGE = 7 * 24 * 3600  # after a week the address shows the notice alone


def waiting_value(comment_id: int) -> str:
    """Return the parameter's value for a comment that awaits moderation."""
    return signing.dumps(comment_id, salt=_SALT)


def waiting_comment_id(value: str) -> int | None:
    """Return the id signed into the parameter's value, or None when it is not a valid one."""
    try:
        comment_id = signing.loads(value, salt=_SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    return comment_id if isinstance(comment_id, int) else None
