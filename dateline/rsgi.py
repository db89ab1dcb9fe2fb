"""RSGI entry point used by `dateline serve`: baked files answered first, Django behind them."""

from dateline.wsgi import application as django_application

# isort: split
from dateline.publish.front import build_front  # needs the apps that dateline.wsgi set up

application = build_front(django_application)
