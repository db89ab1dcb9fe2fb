"""The account an import gives of itself: what it made, changed, left alone, and skipped, and why."""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dateline.comments.models import CommentStatus

# The kinds of object counted, in the order the summary lists them, with their names there.
KINDS = {
    "section": gettext_lazy("sections"),
    "tag": gettext_lazy("tags"),
    "contributor": gettext_lazy("contributors"),
    "article": gettext_lazy("articles"),
    "page": gettext_lazy("pages"),
    "image": gettext_lazy("images"),
    "comment": gettext_lazy("comments"),
    "redirect": gettext_lazy("redirects"),
}
OUTCOMES = ("created", "updated", "unchanged")


@dataclass(frozen=True)
class Notice:
    """One thing the operator should know about: a skipped element or a change made on the way."""

    subject: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        if self.line:
            return _("line %(line)d: %(subject)s: %(reason)s") % {
                "line": self.line,
                "subject": self.subject,
                "reason": self.reason,
            }
        return f"{self.subject}: {self.reason}"


@dataclass
class ImportReport:
    dry_run: bool = False
    site_title: str = ""
    site_key: str = ""
    edition: str = ""
    counts: dict[str, Counter] = field(default_factory=lambda: {kind: Counter() for kind in KINDS})
    comments_by_status: Counter = field(default_factory=Counter)
    pings_skipped: int = 0
    skipped: list[Notice] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)
    _counted: set[tuple[str, str]] = field(default_factory=set, repr=False)
    _warned: set[Notice] = field(default_factory=set, repr=False)

    def count(self, kind: str, outcome: str) -> None:
        self.counts[kind][outcome] += 1

    def count_once(self, kind: str, key: str, outcome: str) -> None:
        """Count an object shared by many items (a section, an author) the first time only.

        A dry run rolls each batch back and makes such an object again when a later batch needs
        it; the operator is told of it once, as a real run would.
        """
        if (kind, key) not in self._counted:
            self._counted.add((kind, key))
            self.count(kind, outcome)

    def skip(self, subject: str, reason: str, line: int | None = None) -> None:
        self.skipped.append(Notice(subject, reason, line))

    def warn(self, subject: str, reason: str, line: int | None = None) -> None:
        notice = Notice(subject, reason, line)
        if notice not in self._warned:  # said again by a section a dry run makes again
            self._warned.add(notice)
            self.warnings.append(notice)

    @property
    def changed_anything(self) -> bool:
        return any(counts["created"] or counts["updated"] for counts in self.counts.values())

    def lines(self) -> list[str]:
        """Return the summary as the lines the command prints."""
        lines = []
        width = max(len(str(name)) for name in KINDS.values())
        for kind, name in KINDS.items():
            counts = self.counts[kind]
            line = _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged") % {
                outcome: counts[outcome] for outcome in OUTCOMES
            }
            if kind == "comment" and self.comments_by_status:
                by_status = ", ".join(
                    f"{str(CommentStatus(status).label).lower()} {number}"
                    for status, number in sorted(self.comments_by_status.items())
                )
                line += " " + _("(by status: %s)") % by_status
            lines.append(f"  {name!s:<{width}}  {line}")
        lines.append(
            _("Pingbacks and trackbacks skipped: %d") % self.pings_skipped,
        )
        lines.append(_("Skipped: %d") % len(self.skipped))
        lines.extend(f"  {notice}" for notice in self.skipped)
        lines.append(_("Warnings: %d") % len(self.warnings))
        lines.extend(f"  {notice}" for notice in self.warnings)
        return lines
