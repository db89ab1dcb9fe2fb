"""`GET /health/`: whether this site can do its work now, for a monitor or a load balancer.

It answers 200 when the database answers, a background worker has been seen within
DATELINE_HEALTH_WORKER_MINUTES and the disk holding DATELINE_HOME and the media has at least
DATELINE_HEALTH_MIN_FREE_MB free; 503 otherwise. The body names each check and says "ok" or
"failing", nothing more: no version, path or error text that would help an attacker. It is a
plain view, not a page, so no cache or bake keeps a copy of an old answer.
"""

import shutil
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .models import WorkerHeartbeat

WORKER = "worker"


def record_heartbeat(name: str = WORKER, now=None) -> None:
    """Note that a worker is alive; the background worker calls this every minute."""
    WorkerHeartbeat.objects.update_or_create(name=name, defaults={"beat_at": now or timezone.now()})


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def worker_is_alive(now=None) -> bool:
    """Say whether a worker wrote its heartbeat within DATELINE_HEALTH_WORKER_MINUTES."""
    since = (now or timezone.now()) - timedelta(minutes=settings.DATELINE_HEALTH_WORKER_MINUTES)
    try:
        return WorkerHeartbeat.objects.filter(beat_at__gte=since).exists()
    except DatabaseError:
        return False


def disk_has_room() -> bool:
    """Say whether every disk Dateline writes to has DATELINE_HEALTH_MIN_FREE_MB free."""
    needed = settings.DATELINE_HEALTH_MIN_FREE_MB * 1024 * 1024
    folders = {Path(settings.DATELINE_HOME), Path(settings.MEDIA_ROOT)}
    return all(shutil.disk_usage(folder).free >= needed for folder in folders if folder.exists())


@never_cache
@require_GET
def health(request):
    checks = {
        "database": database_answers(),
        "worker": worker_is_alive(),
        "disk": disk_has_room(),
    }
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "failing"}
    body.update({name: "ok" if passed else "failing" for name, passed in checks.items()})
    return JsonResponse(body, status=200 if healthy else 503)
