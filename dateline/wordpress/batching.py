"""Queue one reference-index task and one search-index task per batch, not one per save.

Wagtail queues a reference-index task on every save of a tracked model, and modelsearch a
search-index task on every save of an indexed one: importing one post saved its page three times
(created, revision, published) besides its comments and redirects, five to eight task rows per
item. Inside a batch Wagtail's own switch turns the per-save reference-index queueing off, the
saved objects are noted item by item, and when the batch's items are done one task updates the
reference index of them all. Pages the batch wrote in bulk (`new_pages`) send no save signal, so
they are added to both tasks by hand. An item that fails notes nothing: its rows were rolled back.
"""

from collections import defaultdict
from contextlib import contextmanager

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_save
from django_tasks import task
from modelsearch.backends import get_search_backends
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

ObjectKey = tuple[str, str, str]  # app label, model name, primary key


def _key(instance) -> ObjectKey:
    return (instance._meta.app_label, instance._meta.model_name, str(instance.pk))


class BatchIndexes:
    """The objects a batch saved, to index once the batch's items are done."""

    def __enter__(self):
        self.references: dict[ObjectKey, None] = {}
        self.searched: dict[ObjectKey, None] = {}
        self._item: dict[ObjectKey, None] | None = None
        self.uid = f"wordpress-references-{id(self)}"
        self._disabled = disable_reference_index_auto_update()
        self._disabled.__enter__()
        post_save.connect(self._note, dispatch_uid=self.uid, weak=False)
        return self

    def _note(self, sender, instance, raw=False, **kwargs) -> None:
        if not raw and self._item is not None and sender in ReferenceIndex.tracked_models:
            self._item[_key(instance)] = None

    @contextmanager
    def item(self):
        """Note what one item saves; keep it only if the item's work succeeds."""
        self._item = {}
        try:
            yield
        except BaseException:
            self._item = None
            raise
        self.references.update(self._item)
        self._item = None

    def add_written_in_bulk(self, instances) -> None:
        """Note objects written without a save signal, for both indexes."""
        self.add_references_written_in_bulk(instances)
        self.searched.update((_key(instance), None) for instance in instances)

    def add_references_written_in_bulk(self, instances) -> None:
        """Note objects written without a save signal whose model no search index holds."""
        self.references.update((_key(instance), None) for instance in instances)

    def __exit__(self, exc_type, exc, traceback):
        post_save.disconnect(dispatch_uid=self.uid)
        self._disabled.__exit__(None, None, None)
        if exc_type is None:
            if self.references:
                update_references.enqueue([list(key) for key in self.references])
            if self.searched:
                update_search_index.enqueue([list(key) for key in self.searched])
        return False


@task()
def update_references(keys: list[list[str]]) -> int:
    """Bring the reference index of these objects up to date; return how many were found.

    Each object goes through Wagtail's own per-object update, so the rows are what a save makes.
    """
    done = 0
    for app_label, model_name, pk in keys:
        model = apps.get_model(app_label, model_name)
        if model.objects.filter(pk=pk).exists():
            update_reference_index_task.call(app_label, model_name, pk)
            done += 1
    return done


@task()
def update_search_index(keys: list[list[str]]) -> int:
    """Index these objects, each model's in one bulk write; return how many were indexed."""
    by_model = defaultdict(list)
    for app_label, model_name, pk in keys:
        by_model[apps.get_model(app_label, model_name)].append(pk)
    done = 0
    for model, pks in by_model.items():
        objects = list(model.get_indexed_objects().filter(pk__in=pks).order_by("pk"))
        with transaction.atomic():
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(model, objects)
        done += len(objects)
    return done
