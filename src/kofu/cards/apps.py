from django.apps import AppConfig


class CardsConfig(AppConfig):
    name = "kofu.cards"
    verbose_name = "カードの交付事務（申請・納品・交付通知・交付・滞留）"

    def ready(self) -> None:
        from kofu.cards import access_log

        access_log.register()
