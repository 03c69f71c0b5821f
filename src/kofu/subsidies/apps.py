from django.apps import AppConfig


class SubsidiesConfig(AppConfig):
    name = "kofu.subsidies"
    verbose_name = "補助金・交付金（基準額、上限額、交付金の申請条件）"
