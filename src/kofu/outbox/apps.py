from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "kofu.outbox"
    verbose_name = "送信箱（メール）"

    def ready(self) -> None:
        # The purge of a card's personal data also blanks the addresses and texts of its messages.
        from kofu.cards.services import purge
        from kofu.outbox.services.queue import erase_for_purge

        if erase_for_purge not in purge.ERASERS:
            purge.ERASERS.append(erase_for_purge)
