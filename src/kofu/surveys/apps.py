from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "kofu.surveys"
    verbose_name = "調査（取組調査・職員取得状況・出張申請受付）"
