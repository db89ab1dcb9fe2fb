"""Copy onto each credit the first publication of its article, and index a contributor's credits
by edition and date: their stories are then read newest first on the index alone, as a topic's
are (0007)."""

from django.db import migrations, models


def date_credits(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    page = Page.objects.filter(pk=models.OuterRef("article_id"))
    apps.get_model("news", "ArticleCredit").objects.update(
        published=models.Subquery(page.values("first_published_at")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("news", "0008_count_listings_by_edition")]

    operations = [
        migrations.RemoveIndex(model_name="articlecredit", name="news_credited_by_edition"),
        migrations.AddField(
            model_name="articlecredit",
            name="published",
            field=models.DateTimeField(editable=False, null=True, serialize=False),
        ),
        migrations.RunPython(date_credits, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="articlecredit",
            index=models.Index(
                fields=["contributor", "edition_path", "published", "article"],
                name="news_credited_by_edition",
            ),
        ),
    ]
