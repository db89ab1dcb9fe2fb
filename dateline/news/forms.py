"""The article's admin form: early drafts save as they are; submitting and publishing check them.

A reporter's first notes often have a credit row with the contributor or the role still to be
found. Wagtail already lets a plain "Save draft" skip the required fields; a credit row is made
optional in the model too, so such a draft saves, and the check moves here, to the moment the
article is submitted for review or published (or scheduled), with a message naming the row.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .slugs import ReadableSlugFormMixin
from .translation_desk import FOLLOWS_ORIGINAL, catch_up_with_original, follows_original_field


class ArticlePageForm(ReadableSlugFormMixin, WagtailAdminPageForm):
    # Shown on translations only, under the original's text (translation_desk.OriginalPanel).
    follows_original = follows_original_field()

    def save(self, commit=True):
        page = super().save(commit=commit)
        if self.cleaned_data.get(FOLLOWS_ORIGINAL):
            catch_up_with_original(page)
        return page

    def clean_title(self):
        # The headline box grows over several lines; a line break typed into it is not part of
        # the headline.
        return " ".join(self.cleaned_data["title"].split())

    def is_valid(self):
        # After the credit formset has cleaned its rows (ClusterForm cleans formsets after the
        # page's own fields, so `clean()` is too early to see them).
        valid = super().is_valid()
        if valid and not self.is_deferred_validation:
            valid = self._credits_are_complete()
        return valid

    def _credits_are_complete(self) -> bool:
        credits = self.formsets.get("credits")
        if credits is None:
            return True
        kept = [form for form in credits.forms if not self._is_deleted(credits, form)]
        for number, form in enumerate(kept, start=1):
            data = form.cleaned_data
            if not data.get("contributor") or not data.get("role"):
                form.add_error(
                    None,
                    _(
                        "Credit %(number)d needs both a contributor and a role before the article "
                        "is submitted for review or published. Complete it, or delete the row."
                    )
                    % {"number": number},
                )
                self.add_error(
                    None,
                    _("Complete or delete the unfinished credits before submitting or publishing."),
                )
                return False
        return True

    @staticmethod
    def _is_deleted(formset, form) -> bool:
        return formset.can_delete and formset._should_delete_form(form)
