from django.apps import AppConfig


class PublishConfig(AppConfig):
    name = "dateline.publish"
    label = "publish"
    verbose_name = "Publishing"
