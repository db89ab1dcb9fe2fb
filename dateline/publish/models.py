"""What the bake remembers: which file each baked URL is, what it showed, and changes to apply.

`BakedPage` rows and their `ShownObject` keys are the table URL → object keys, filled as each URL
renders; a change looks its keys up here to find the URLs to render again. `PendingChange` rows
are changes waiting for the background re-bake: a burst of them is handled by one task.
"""

from django.db import models


class BakedPage(models.Model):
    """One baked URL: the address rendered and the file, relative to a build, it was written to."""

    url = models.CharField(max_length=1000, unique=True)
    file = models.CharField(max_length=1000)
    baked_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.url


class ShownObject(models.Model):
    """A key of something a baked URL showed: `page:12`, `news.contributor:3`, `comments:12`…"""

    page = models.ForeignKey(BakedPage, on_delete=models.CASCADE, related_name="shown")
    key = models.CharField(max_length=200, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "key"], name="publish_shown_once_per_page")
        ]

    def __str__(self):
        return self.key


class PendingChange(models.Model):
    """A change readers could see, waiting for the background re-bake to render what shows it.

    `claimed` rows are being handled by a re-bake; one that was killed leaves them claimed, and
    the next re-bake (holding the bake lock, so the killed one is surely gone) takes them again.
    """

    key = models.CharField(max_length=1010)  # an object's key, or `url:` and a baked URL
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    claimed = models.BooleanField(default=False)

    def __str__(self):
        return self.key
