from django.apps import AppConfig


class ForecastConfig(AppConfig):
    name = "kofu.forecast"
    verbose_name = "交付・更新の見通し"
