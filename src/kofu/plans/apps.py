from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "kofu.plans"
    verbose_name = "交付円滑化計画"
