from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "dateline.news"
    label = "news"
    verbose_name = _("News")

    def ready(self):
        from wagtail.signals import (
            copy_for_translation_done,
            page_published,
            page_unpublished,
            post_page_move,
        )

        from dateline.core.images import prepare_renditions_on_publish

        from .editions import connect_edition_signals, ensure_editions
        from .listing_index import ensure_listing_indexes
        from .models.article import refresh_moved_listing_rows, refresh_unpublished_listing_rows
        from .roles import ensure_newsroom_roles
        from .translations import remember_translation_source
        from .workflow_names import translate_workflow_names

        post_migrate.connect(ensure_editions, sender=self)
        connect_edition_signals()
        post_migrate.connect(ensure_newsroom_roles, sender=self)
        post_migrate.connect(ensure_listing_indexes, sender=self)
        copy_for_translation_done.connect(remember_translation_source)
        post_page_move.connect(refresh_moved_listing_rows, dispatch_uid="news-listing-rows")
        page_unpublished.connect(
            refresh_unpublished_listing_rows, dispatch_uid="news-listing-rows-unpublished"
        )
        _send_one_email_per_submission()
        translate_workflow_names()
        page_published.connect(prepare_renditions_on_publish, sender=self.get_model("ArticlePage"))


def _send_one_email_per_submission() -> None:
    """Leave the review task's notice as the only email a submission sends.

    Wagtail mails administrators twice for one submission: once for the workflow ("submitted to
    Editorial review") and once for its task ("submitted for Editors' review"), which already
    goes to the task's group and the administrators. Our workflow has exactly one task, so the
    workflow's notice only repeats it.
    """
    from wagtail.models import WorkflowState
    from wagtail.signals import workflow_submitted

    workflow_submitted.disconnect(
        sender=WorkflowState, dispatch_uid="workflow_state_submitted_email_notification"
    )
