"""Store why a comment was held as a code with parameters, read back from the old sentences."""

from django.db import migrations, models


def sentences_to_codes(apps, schema_editor):
    from dateline.comments.reasons import from_legacy_text

    Comment = apps.get_model("comments", "Comment")
    for pk, text in Comment.objects.exclude(moderation_reason="").values_list(
        "pk", "moderation_reason"
    ).iterator():
        code, params = from_legacy_text(text)
        Comment.objects.filter(pk=pk).update(held_code=code, held_params=params)


def codes_to_sentences(apps, schema_editor):
    from django.utils import translation

    from dateline.comments.reasons import Reason

    Comment = apps.get_model("comments", "Comment")
    with translation.override("en"):
        for pk, code, params in Comment.objects.exclude(held_code="").values_list(
            "pk", "held_code", "held_params"
        ).iterator():
            text = str(Reason(code, params))[:300]
            Comment.objects.filter(pk=pk).update(moderation_reason=text)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0002_moderation_reason"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="held_code",
            field=models.CharField(
                blank=True,
                help_text="The spam guard that held the comment for review or filed it as spam.",
                max_length=40,
                verbose_name="why it was held",
            ),
        ),
        migrations.AddField(
            model_name="comment",
            name="held_params",
            field=models.JSONField(
                blank=True, default=dict, verbose_name="details of why it was held"
            ),
        ),
        migrations.RunPython(sentences_to_codes, codes_to_sentences),
        migrations.RemoveField(
            model_name="comment",
            name="moderation_reason",
        ),
    ]
