"""Index a topic's stories by edition, then date: they are counted and read newest first in an
edition on one index (0008's index of editions and 0007's of dates become this one)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("news", "0009_read_credits_by_date")]

    operations = [
        migrations.RemoveIndex(model_name="articletag", name="news_topic_stories_by_date"),
        migrations.RemoveIndex(model_name="articletag", name="news_topic_stories_by_edition"),
        migrations.AddIndex(
            model_name="articletag",
            index=models.Index(
                fields=["tag", "edition_path", "published", "content_object"],
                name="news_topic_stories_by_edition",
            ),
        ),
    ]
