"""Ask Akismet whether a comment is spam: optional, off unless DATELINE_AKISMET_KEY is set.

Nothing in Dateline needs it. Turning it on sends each comment with its author's name, email,
website, IP address and browser to Automattic's servers in the United States: say so in the site's
privacy notice before doing it. When Akismet cannot be reached, the comment goes on as if it had
not been asked.
"""

import logging
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.utils.translation import get_language

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 5


def is_spam(submission) -> bool | None:
    """Return Akismet's answer for the submission, or None when it is off or gave none."""
    if not settings.DATELINE_AKISMET_KEY:
        return None
    fields = {
        "api_key": settings.DATELINE_AKISMET_KEY,
        "blog": settings.DATELINE_BASE_URL,
        "blog_lang": get_language() or settings.LANGUAGE_CODE,
        "blog_charset": "UTF-8",
        "user_ip": submission.client_address,
        "user_agent": submission.user_agent,
        "comment_type": "comment",
        "comment_author": submission.author_name,
        "comment_author_email": submission.author_email,
        "comment_author_url": submission.author_url,
        "comment_content": submission.text,
    }
    request = urllib.request.Request(
        settings.DATELINE_AKISMET_URL, data=urllib.parse.urlencode(fields).encode()
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            answer = response.read(100).decode("ascii", "replace").strip()
    except (OSError, urllib.error.URLError) as error:
        logger.warning("Akismet could not be asked (%s); the comment goes on without it.", error)
        return None
    if answer not in ("true", "false"):
        logger.warning("Akismet answered %r instead of true or false; check the key.", answer)
        return None
    return answer == "true"
