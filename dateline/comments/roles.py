"""The comment side of the newsroom's roles: the Moderators group and who may do what to comments.

Moderators handle readers' comments and nothing else: no page, image or document permissions.
Editors moderate comments too; Reporters see, read-only, the comments on their own articles.
Only those who moderate (Moderators, Editors, administrators) see a commenter's personal data.
Applied after every `dateline migrate`, so a new install and an upgraded one agree: an install
made before this app owned the group keeps its "Moderators" group and its members.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupApprovalTask, GroupCollectionPermission, GroupPagePermission

from dateline.news.roles import EDITORS, REPORTERS

MODERATORS = "Moderators"
VIEW = "comments.view_comment"
MODERATE = ["comments.view_comment", "comments.change_comment", "comments.delete_comment"]
GROUP_PERMISSIONS = {
    REPORTERS: [VIEW],
    EDITORS: MODERATE,
    MODERATORS: ["wagtailadmin.access_admin", *MODERATE],
}


def can_moderate(user) -> bool:
    """Say whether the user acts on comments (and so may see commenters' personal data)."""
    return user.has_perm("comments.change_comment")


def can_handle_data_requests(user) -> bool:
    return user.has_perm("comments.delete_comment")


def moderates_only(user) -> bool:
    """Say whether comments are all the user does in the admin (no page permission at all)."""
    return (
        not user.is_superuser
        and can_moderate(user)
        and not GroupPagePermission.objects.filter(group__user=user).exists()
    )


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def ensure_comment_roles(**kwargs) -> None:
    """Create or complete the Moderators group and give each newsroom group its comment rights."""
    for name, permissions in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*(_permission(dotted) for dotted in permissions))
    # Wagtail's own install makes a "Moderators" group that may publish; in a newsroom that power
    # belongs to Editors alone, so the comment Moderators keep exactly their own permissions and
    # leave Wagtail's approval task, which then has no group and is switched off.
    moderators = Group.objects.get(name=MODERATORS)
    GroupPagePermission.objects.filter(group=moderators).delete()
    GroupCollectionPermission.objects.filter(group=moderators).delete()
    moderators.permissions.set(_permission(dotted) for dotted in GROUP_PERMISSIONS[MODERATORS])
    for approval_task in GroupApprovalTask.objects.filter(groups=moderators):
        approval_task.groups.remove(moderators)
    GroupApprovalTask.objects.filter(groups__isnull=True).update(active=False)
