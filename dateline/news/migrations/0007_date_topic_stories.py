"""Copy each article's first publication onto its topic rows, and index a topic's stories by it.

Related stories and topic pages then read a topic's newest stories on the index and stop at the
few they show, instead of walking the edition's stories until enough share a topic.
"""

from django.db import migrations, models


def date_topics(apps, schema_editor):
    ArticleTag = apps.get_model("news", "ArticleTag")
    Page = apps.get_model("wagtailcore", "Page")
    first_published = Page.objects.filter(pk=models.OuterRef("content_object_id"))
    ArticleTag.objects.update(
        published=models.Subquery(first_published.values("first_published_at")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0006_number_credits_without_an_order"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.AddField(
            model_name="articletag",
            name="published",
            field=models.DateTimeField(editable=False, null=True, serialize=False),
        ),
        migrations.AddIndex(
            model_name="articletag",
            index=models.Index(
                fields=["tag", "published", "content_object"], name="news_topic_stories_by_date"
            ),
        ),
        migrations.RunPython(date_topics, migrations.RunPython.noop, elidable=True),
    ]
