from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "kofu.registry"
    verbose_name = "団体台帳（都道府県・市区町村）"
