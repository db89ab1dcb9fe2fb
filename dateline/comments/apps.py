from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "dateline.comments"
    label = "comments"
    verbose_name = _("Reader comments")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import notices  # noqa: F401  (listens for new comments to tell the moderators)
        from .roles import ensure_comment_roles

        post_migrate.connect(ensure_comment_roles, sender=self)
