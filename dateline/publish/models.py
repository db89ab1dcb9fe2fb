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

    A re-bake claims rows by setting `claimed_at` (dateline/publish/claims.py), so two workers,
    on one machine or several, never take the same change; it deletes them when done. Rows of a
    re-bake that was killed are claimed again once their claim is older than the lease.
    """

    key = models.CharField(max_length=1010)  # an object's key, or `url:` and a baked URL
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True, db_index=True)

    def __str__(self):
        return self.key


class BakeCounter(models.Model):
    """The one row counting generations: each claim of changes, and each full bake, takes the next.

    A render is as fresh as the moment its generation was taken (it renders after taking it), so
    of two renders of a URL the one with the higher generation is never the older.
    """

    value = models.BigIntegerField(default=0)

    def __str__(self):
        return str(self.value)


class WrittenGeneration(models.Model):
    """The generation of the newest render written (or removed) for a URL, so no older one lands.

    Kept when the URL's file is removed (an unpublished article), so a slower worker's render
    from before the removal cannot bring the file back.
    """

    url = models.CharField(max_length=1000, unique=True)
    generation = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.url} @ {self.generation}"
