from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class RegistryConfig(AppConfig):
    name = "kofu.registry"
    verbose_name = "団体台帳（都道府県・市区町村）"

    def ready(self) -> None:
        # Every saved or deleted row renews the registry's token (kofu.registry.changes).
        from kofu.registry.changes import on_registry_write
        from kofu.registry.models import Municipality, MunicipalityCategory, Prefecture

        for model in (Prefecture, Municipality, MunicipalityCategory):
            uid = f"registry-version-{model._meta.model_name}"
            post_save.connect(on_registry_write, sender=model, dispatch_uid=uid + "-save")
            post_delete.connect(on_registry_write, sender=model, dispatch_uid=uid + "-delete")
