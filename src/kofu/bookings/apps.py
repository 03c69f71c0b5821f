from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "kofu.bookings"
    verbose_name = "来庁予約"
