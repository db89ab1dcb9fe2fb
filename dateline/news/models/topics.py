"""Which topic of one edition stands for a topic of another, so a translation keeps its topics.

Topics are taggit tags, one name each; an English article's "markets" is the Korean edition's
"장마당". The pairs are remembered here the first time an article is translated, and an editor
renames the new topic in the target edition's words once, for every later translation. Editors
list and correct the pairs in the admin (Topic translations), naming topics as they tag articles.
"""

from django import forms
from django.conf import settings
from django.db import models, transaction
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel


def _edition_languages() -> list[tuple[str, str]]:
    return [
        (code, get_language_info(code)["name_local"])
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
    ]


class TopicTranslationForm(WagtailAdminModelForm):
    """A pair named as topics are written on articles: a new name makes the topic on saving."""

    topic_name = forms.CharField(label=_("Topic"), max_length=100)
    language_code = forms.ChoiceField(
        label=_("Edition"),
        choices=_edition_languages,
        help_text=_("The language edition that uses the translated topic."),
    )
    translation_name = forms.CharField(
        label=_("Translated topic"),
        max_length=100,
        help_text=_("The topic's name in that edition, as its articles are tagged."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["topic_name"].initial = self.instance.topic.name
            self.fields["translation_name"].initial = self.instance.translation.name

    def clean(self):
        cleaned = super().clean()
        topic, translation = cleaned.get("topic_name"), cleaned.get("translation_name")
        if topic and translation and topic.casefold() == translation.casefold():
            self.add_error("translation_name", _("A topic cannot be its own translation."))
        language = cleaned.get("language_code")
        taken = TopicTranslation.objects.filter(topic__name__iexact=topic, language_code=language)
        if topic and language and taken.exclude(pk=self.instance.pk).exists():
            self.add_error(
                "language_code",
                _("“%(topic)s” already has a translation in this edition; correct that one.")
                % {"topic": topic},
            )
        return cleaned

    @transaction.atomic
    def save(self, commit=True):
        """Save the pair with its topics, making a topic that no article carries yet."""
        self.instance.topic = _topic_named(self.cleaned_data["topic_name"])
        self.instance.translation = _topic_named(self.cleaned_data["translation_name"])
        return super().save(commit=commit)


def _topic_named(name: str) -> Tag:
    """Return the topic of that name as taggit matches names (ignoring case), or a new one."""
    return Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)


class TopicTranslation(models.Model):
    """Topic `topic` is called `translation` in the edition of `language_code` (both directions)."""

    topic = models.ForeignKey(
        Tag, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="+"
    )
    language_code = models.CharField(_("language"), max_length=20)
    translation = models.ForeignKey(
        Tag, verbose_name=_("translated topic"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("topic_name"), FieldPanel("language_code"), FieldPanel("translation_name")]
    base_form_class = TopicTranslationForm

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

    @property
    def edition_name(self) -> str:
        """Return the edition's language by its own name ("한국어"), as the language switch does."""
        try:
            return get_language_info(self.language_code)["name_local"]
        except KeyError:
            return self.language_code
