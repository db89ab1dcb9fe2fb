from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "dateline.comments"
    label = "comments"
    verbose_name = _("Reader comments")

    def ready(self):
        from django.db.models.signals import post_migrate

        from dateline.news.archive import archive_articles_created

        from . import notices  # noqa: F401  (listens for new comments to tell the moderators)
        from .archive import write_archive_comments
        from .roles import ensure_comment_roles

        archive_articles_created.connect(write_archive_comments)
        post_migrate.connect(ensure_comment_roles, sender=self)
