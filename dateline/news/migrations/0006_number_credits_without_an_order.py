"""Number the credits that have no order (made by a script or an earlier import).

Ties are broken by when a credit was added (0005), but an article that mixes numbered credits
with empty ones still sorted them differently on the two databases: PostgreSQL puts an empty
order last, SQLite and the revisions an editor opens put it first. Each such article's credits
are numbered here in the order its editors see them: empty ones first, then by number, each in
the order added.
"""

from django.db import migrations
from django.db.models import F

BATCH = 500  # articles at a time, well under SQLite's limit of bound variables


def number_credits(apps, schema_editor):
    Credit = apps.get_model("news", "ArticleCredit")
    articles = list(
        Credit.objects.filter(sort_order__isnull=True)
        .order_by("article_id")
        .values_list("article_id", flat=True)
        .distinct()
    )
    for start in range(0, len(articles), BATCH):
        credits = Credit.objects.filter(article_id__in=articles[start : start + BATCH]).order_by(
            "article_id", F("sort_order").asc(nulls_first=True), "pk"
        )
        numbered, article, order = [], None, 0
        for credit in credits.only("pk", "article_id", "sort_order"):
            order = order + 1 if credit.article_id == article else 0
            article, credit.sort_order = credit.article_id, order
            numbered.append(credit)
        Credit.objects.bulk_update(numbered, ["sort_order"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0005_credits_in_the_order_added"),
    ]

    operations = [
        migrations.RunPython(number_credits, migrations.RunPython.noop),
    ]
