from django.apps import AppConfig


class PublishConfig(AppConfig):
    name = "dateline.publish"
    label = "publish"
    verbose_name = "Publishing"

    def ready(self):
        from . import changes, render

        render.connect_recorder()
        changes.connect_signals()
