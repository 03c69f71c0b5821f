from django.apps import AppConfig


class WalkinsConfig(AppConfig):
    name = "kofu.walkins"
    verbose_name = "窓口の発券"
