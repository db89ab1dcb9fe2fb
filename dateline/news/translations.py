"""Remember which article a translation was made from, so each can link to the other."""

from .models import ArticlePage


def remember_translation_source(sender, source_obj, target_obj, **kwargs) -> None:
    """Point a new translation at the original article, not at another translation of it.

    Wagtail copies the page and saves a first revision before this signal; the editor's form loads
    from that revision, so the link is written into it as well as into the page row.
    """
    if not isinstance(source_obj, ArticlePage):
        return
    original = source_obj.translated_from or source_obj
    if original.pk == target_obj.pk:
        return
    target_obj.translated_from = original
    target_obj.save(update_fields=["translated_from"])
    revision = target_obj.latest_revision
    if revision is not None:
        revision.content["translated_from"] = original.pk
        revision.save(update_fields=["content"])
