from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kofu.core"
    verbose_name = "共通"
