"""Queue one reference-index update per object an imported item saved, not one per save.

Wagtail queues a reference-index task on every save of a tracked model, and importing one post
saves its page three times (created, revision, published) besides its comments: three to five
tasks where one does. Inside this context Wagtail's own switch turns the per-save queueing off,
the saved objects are noted, and each is queued once when the item's work has succeeded. A failed
item queues nothing: its rows were rolled back.
"""

from django.db.models.signals import post_save
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task


class ReferenceIndexBatch:
    def __enter__(self):
        self.saved: dict[tuple[str, str, str], None] = {}
        self.uid = f"wordpress-references-{id(self)}"
        self._disabled = disable_reference_index_auto_update()
        self._disabled.__enter__()
        post_save.connect(self._note, dispatch_uid=self.uid, weak=False)
        return self

    def _note(self, sender, instance, raw=False, **kwargs) -> None:
        if not raw and sender in ReferenceIndex.tracked_models:
            meta = instance._meta
            self.saved[(meta.app_label, meta.model_name, str(instance.pk))] = None

    def __exit__(self, exc_type, exc, traceback):
        post_save.disconnect(dispatch_uid=self.uid)
        self._disabled.__exit__(None, None, None)
        if exc_type is None:
            for app_label, model_name, pk in self.saved:
                update_reference_index_task.enqueue(app_label, model_name, pk)
        return False
