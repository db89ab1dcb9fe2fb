"""Signals other parts of Dateline listen to; senders are the comments app's own modules.

- `comment_posted(comment)`: a reader's comment was stored through the public form (not an import
  or a newsroom reply). The moderation notice listens to it.
- `comments_changed(article_ids)`: what readers see of these articles' discussions changed (a
  comment was approved, removed or edited). A page cache or the baker can listen to it to refresh
  the articles.
"""

from django.dispatch import Signal

comment_posted = Signal()
comments_changed = Signal()
