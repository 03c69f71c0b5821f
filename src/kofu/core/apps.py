from django.apps import AppConfig
from django.db.models.signals import pre_save

from kofu.core import checks  # noqa: F401 (registers kofu's system checks)
from kofu.core.guard import refuse_my_number_on_save


class CoreConfig(AppConfig):
    name = "kofu.core"
    verbose_name = "共通"

    def ready(self) -> None:
        # The My Number guard on every model's save (kofu.core.guard).
        pre_save.connect(refuse_my_number_on_save, dispatch_uid="kofu.core.guard")
