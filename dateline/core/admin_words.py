"""Korean for the Wagtail admin words a newsroom reads on its daily path, which Wagtail's own
Korean catalogue lacks (it covers about a third of the admin) or gets wrong ("Awaiting your review"
as a product review).

Our catalogue comes first in LOCALE_PATHS, so its entries stand in for Wagtail's. They are listed
here, marked and never translated at import, so that `make messages` extracts them and keeps them
in `dateline/locale/ko/LC_MESSAGES/django.po` instead of dropping them as obsolete. Each msgid is
Wagtail's own, character for character. Covered: the dashboard's review panels, the page
editor's status panel and schedule dialog, the review actions and their history, page statuses.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

# ruff: noqa: RUF001  (the en dashes are in Wagtail's msgids, which must match exactly)

WAGTAIL_REVIEW_WORDS = (
    # Dashboard
    gettext_noop("Awaiting your review"),
    gettext_noop("Your pages and snippets in a workflow"),
    gettext_noop("Privacy and access"),
    # The page editor's status panel
    gettext_noop("Status: "),
    gettext_noop("Locale: "),
    gettext_noop("Locking: "),
    gettext_noop("Sent to %(task_name)s %(started_at)s"),
    gettext_noop("Changes requested %(finished_at)s"),
    gettext_noop("No publishing schedule set"),
    gettext_noop("Once scheduled:"),
    gettext_noop("Set schedule"),
    gettext_noop("Edit schedule"),
    gettext_noop("Anyone can edit this %(model_name)s – lock it to prevent others from editing"),
    gettext_noop(
        "Reviewers can edit this %(model_name)s – lock it to prevent other reviewers from editing"
    ),
    ngettext_lazy("Referenced %(count)s time", "Referenced %(count)s times", "count"),
    gettext_noop("Side panel width"),
    gettext_noop("Preview is out of date"),
    # The schedule dialog
    gettext_noop("Set publishing schedule"),
    gettext_noop("Choose when this page should go live and/or expire"),
    gettext_noop(
        'This publishing schedule will only take effect after you select the "Schedule to '
        'publish" option'
    ),
    gettext_noop("Save schedule"),
    gettext_noop("Schedule to publish"),
    # Review actions, statuses and history
    gettext_noop("Request changes"),
    gettext_noop("Approve with comment"),
    gettext_noop("%(label)s and Publish"),
    gettext_noop("in moderation"),
    gettext_noop("live + in moderation"),
    gettext_noop("In progress"),
    gettext_noop("Workflow state"),
    gettext_noop("By task"),
    gettext_noop("'%(workflow)s' started. Next step '%(task)s'"),
    gettext_noop("Rejected at '%(task)s'. Changes requested"),
)
