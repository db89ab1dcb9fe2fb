"""Copy onto each topic and credit row the edition an article is published in, and index them by
it: a topic's or a contributor's stories in an edition are then counted on an index alone."""

from django.db import migrations, models
from django.db.models.functions import Substr

EDITION_PATH_LENGTH = 8  # an edition's home: the root's step of the tree path, then its own


def file_rows_under_editions(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    listed_under = models.Case(
        models.When(live=True, then=Substr("path", 1, EDITION_PATH_LENGTH)),
        default=None,
        output_field=models.CharField(),
    )
    for model, article in (("ArticleTag", "content_object_id"), ("ArticleCredit", "article_id")):
        page = Page.objects.filter(pk=models.OuterRef(article))
        apps.get_model("news", model).objects.update(
            edition_path=models.Subquery(page.values(edition=listed_under)[:1])
        )


class Migration(migrations.Migration):
    dependencies = [("news", "0007_date_topic_stories")]

    operations = [
        migrations.AddField(
            model_name="articletag",
            name="edition_path",
            field=models.CharField(editable=False, max_length=255, null=True, serialize=False),
        ),
        migrations.AddField(
            model_name="articlecredit",
            name="edition_path",
            field=models.CharField(editable=False, max_length=255, null=True, serialize=False),
        ),
        migrations.RunPython(file_rows_under_editions, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="articletag",
            index=models.Index(
                fields=["tag", "edition_path"], name="news_topic_stories_by_edition"
            ),
        ),
        migrations.AddIndex(
            model_name="articlecredit",
            index=models.Index(
                fields=["contributor", "edition_path", "article"],
                name="news_credited_by_edition",
            ),
        ),
    ]
