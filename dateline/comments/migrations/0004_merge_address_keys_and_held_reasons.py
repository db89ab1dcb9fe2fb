# Joins two changes made side by side; nothing to do but order them.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('comments', '0003_move_address_keys_out_of_database'),
        ('comments', '0003_store_held_reason_as_code'),
    ]

    operations = [
    ]
