from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "dateline.news"
    label = "news"
    verbose_name = _("News")

    def ready(self):
        from wagtail.signals import copy_for_translation_done, page_published

        from dateline.core.images import prepare_renditions_on_publish

        from .editions import connect_edition_signals, ensure_editions
        from .roles import ensure_newsroom_roles
        from .translations import remember_translation_source

        post_migrate.connect(ensure_editions, sender=self)
        connect_edition_signals()
        post_migrate.connect(ensure_newsroom_roles, sender=self)
        copy_for_translation_done.connect(remember_translation_source)
        page_published.connect(prepare_renditions_on_publish, sender=self.get_model("ArticlePage"))
