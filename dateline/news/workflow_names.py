"""Workflow and task names in the admin user's language, while the database keeps one name.

Wagtail stores a workflow's name, and a task's, as plain text and prints it as stored, so the
review workflow `roles.py` creates in English read "Editorial review에 제출" in the Korean admin.
Each workflow and task loaded from the database gets its name as a `TranslatedName`: text equal to
the stored name, so lookups, saving and JSON keep the English original, which reads in the active
language wherever Wagtail prints it (templates, "%s" messages, f-strings). A name an editor typed
has no translation and reads as typed.
"""

from django.db.models.signals import post_init, pre_save
from django.utils.translation import gettext
from wagtail.models import Task, Workflow
from wagtail.workflows import get_task_types


class TranslatedName(str):
    """A stored name that prints as its translation into the active language."""

    def __str__(self) -> str:
        return gettext(str.__str__(self))

    def __format__(self, format_spec: str) -> str:
        return format(str(self), format_spec)


def _translate_loaded_name(sender, instance, **kwargs) -> None:
    name = instance.__dict__.get("name")  # absent when the query deferred it
    if isinstance(name, str) and not isinstance(name, TranslatedName):
        instance.name = TranslatedName(name)


def _keep_stored_name(sender, instance, **kwargs) -> None:
    """Store the original again when a form sends back the translation it showed.

    The edit form shows the name in the editor's language; saving it unchanged from the Korean
    admin must not rename the workflow "편집 검토" for everyone (and out of `roles.py`'s reach).
    """
    if instance.pk is None or isinstance(instance.name, TranslatedName):
        return  # new, or its name untouched since it was loaded
    stored = type(instance).objects.filter(pk=instance.pk).values_list("name", flat=True).first()
    if stored and instance.name != stored and instance.name == gettext(stored):
        instance.name = TranslatedName(stored)


def translate_workflow_names() -> None:
    """Connect the signals for workflows and every kind of task (an app's `ready`)."""
    for model in (Workflow, Task, *get_task_types()):
        post_init.connect(_translate_loaded_name, sender=model, weak=False)
        pre_save.connect(_keep_stored_name, sender=model, weak=False)
