"""Which topic of one edition stands for a topic of another, so a translation keeps its topics.

Topics are taggit tags, one name each; an English article's "markets" is the Korean edition's
"장마당". The pairs are remembered here the first time an article is translated, and an editor
renames the new topic in the target edition's words once, for every later translation.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag


class TopicTranslation(models.Model):
    """Topic `topic` is called `translation` in the edition of `language_code` (both directions)."""

    topic = models.ForeignKey(
        Tag, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="+"
    )
    language_code = models.CharField(_("language"), max_length=20)
    translation = models.ForeignKey(
        Tag, verbose_name=_("translated topic"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("topic translation")
        verbose_name_plural = _("topic translations")
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "language_code"], name="one_translation_per_topic_and_language"
            )
        ]

    def __str__(self):
        return f"{self.topic} → {self.translation} ({self.language_code})"
