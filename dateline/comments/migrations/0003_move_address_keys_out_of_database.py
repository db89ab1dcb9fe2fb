"""Move the address-hashing secrets out of the database, then drop their table.

Secrets still in use (this period's and the previous one's) go to the keyring outside the database
(files under DATELINE_HOME, or Redis), so flood control keeps matching across the upgrade; older
ones are simply destroyed. SQLite runs with secure_delete (settings), so the freed pages are zeroed
and the secrets do not linger in the database file either.
"""

from django.db import migrations


def move_keys_out(apps, schema_editor):
    from dateline.comments.address_keys import keyring, period_seconds
    from django.utils import timezone

    AddressKey = apps.get_model("comments", "AddressKey")
    current = int(timezone.now().timestamp() // period_seconds())
    for key in AddressKey.objects.filter(period__gte=current - 1):
        keyring().adopt(key.period, bytes.fromhex(key.secret))
    AddressKey.objects.all().delete()


def put_nothing_back(apps, schema_editor):
    """Going back leaves the table empty: a secret once out of the database stays out."""


class Migration(migrations.Migration):

    dependencies = [
        ("comments", "0002_moderation_reason"),
    ]

    operations = [
        migrations.RunPython(move_keys_out, put_nothing_back),
        migrations.DeleteModel(name="AddressKey"),
    ]
