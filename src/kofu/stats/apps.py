from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "kofu.stats"
    verbose_name = "交付状況統計"
