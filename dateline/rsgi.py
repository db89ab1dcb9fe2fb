"""RSGI entry point used by `dateline serve`: baked files answered first, Django behind them."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings.dev")

django_application = get_wsgi_application()

from dateline.publish.front import build_front  # noqa: E402  (needs the settings set up above)

application = build_front(django_application)
