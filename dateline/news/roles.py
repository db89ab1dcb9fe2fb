"""The newsroom's roles as Wagtail groups, and the review workflow that connects them.

Reporters write and submit; Editors review, publish and unpublish; Administrators are superusers.
The comments app adds its own Moderators group and the comment permissions (`comments/roles.py`).
Applied after every `dateline migrate`, so a new install and an upgraded one agree.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext_noop
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

REPORTERS = "Reporters"
EDITORS = "Editors"
REVIEW_WORKFLOW = gettext_noop("Editorial review")
REVIEW_TASK = gettext_noop("Editors' review")

PAGE_PERMISSIONS = {
    # "add" lets a reporter create pages and edit the ones they own, but not publish them.
    REPORTERS: ["wagtailcore.add_page"],
    EDITORS: [
        "wagtailcore.add_page",
        "wagtailcore.change_page",
        "wagtailcore.publish_page",
        "wagtailcore.lock_page",
        "wagtailcore.unlock_page",
    ],
}
COLLECTION_PERMISSIONS = {
    REPORTERS: [
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
    ],
    EDITORS: [
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtailimages.delete_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ],
}
MODEL_PERMISSIONS = {
    REPORTERS: [
        "wagtailadmin.access_admin",
        "news.add_contributor",
        "news.change_contributor",
    ],
    EDITORS: [
        "wagtailadmin.access_admin",
        "news.add_contributor",
        "news.change_contributor",
        "news.delete_contributor",
        "news.add_topictranslation",
        "news.change_topictranslation",
        "news.delete_topictranslation",
        "simple_translation.submit_translation",
    ],
}


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def ensure_newsroom_roles(**kwargs) -> None:
    """Create or complete the newsroom's groups and route submissions to Editors."""
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    if root_page is None or root_collection is None:
        return
    groups = {}
    for name in (REPORTERS, EDITORS):
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        for codename in PAGE_PERMISSIONS[name]:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=_permission(codename)
            )
        for codename in COLLECTION_PERMISSIONS[name]:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=_permission(codename),
            )
        group.permissions.add(*(_permission(dotted) for dotted in MODEL_PERMISSIONS[name]))

    task, _ = GroupApprovalTask.objects.get_or_create(name=REVIEW_TASK)
    task.groups.set([groups[EDITORS]])
    workflow, _ = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})
    Workflow.objects.exclude(pk=workflow.pk).filter(workflow_pages__isnull=True).update(
        active=False
    )
