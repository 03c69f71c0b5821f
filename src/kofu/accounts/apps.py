from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kofu.accounts"
    verbose_name = "利用者・権限・監査"
