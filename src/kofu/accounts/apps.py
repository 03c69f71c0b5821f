from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kofu.accounts"
    verbose_name = "利用者・権限・監査"

    def ready(self) -> None:
        from kofu.accounts import audit  # noqa: F401  (registers the audit log's hash chain)
