from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "dateline.comments"
    label = "comments"
    verbose_name = _("Reader comments")

    def ready(self):
        from dateline.news.archive import archive_articles_created

        from . import notices  # noqa: F401  (listens for new comments to tell the moderators)
        from .archive import write_archive_comments

        archive_articles_created.connect(write_archive_comments)
