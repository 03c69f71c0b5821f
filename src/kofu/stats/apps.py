from django.apps import AppConfig
from django.db.models.signals import post_save


class StatsConfig(AppConfig):
    name = "kofu.stats"
    verbose_name = "交付状況統計"

    def ready(self) -> None:
        from kofu.stats.models import IssuanceSnapshot
        from kofu.stats.signals import renew_cache_token

        post_save.connect(renew_cache_token, sender=IssuanceSnapshot, dispatch_uid="stats-cache-token")
