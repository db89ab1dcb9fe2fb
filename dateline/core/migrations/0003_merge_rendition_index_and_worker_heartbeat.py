# Joins two changes made side by side; nothing to do but order them.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_index_rendition_files'),
        ('core', '0002_worker_heartbeat_and_maintenance_runs'),
    ]

    operations = [
    ]
