from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "dateline.core"
    label = "core"
    verbose_name = _("Dateline core")

    def ready(self):
        from .postgresql import configure_session

        connection_created.connect(configure_session, dispatch_uid="dateline-postgresql-session")
