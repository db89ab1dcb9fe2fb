"""WSGI entry point used by `dateline serve` and by any WSGI server an operator prefers."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings.dev")

application = get_wsgi_application()
