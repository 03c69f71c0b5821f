from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "kofu.bookings"
    verbose_name = "来庁予約"

    def ready(self) -> None:
        from kofu.bookings.retention import bookings_erase_personal_data
        from kofu.cards.services import purge

        if bookings_erase_personal_data not in purge.ERASERS:
            purge.ERASERS.append(bookings_erase_personal_data)
        from kofu.bookings.pacing import notice_pacing
        from kofu.cards import pacing

        if notice_pacing not in pacing.PACERS:
            pacing.PACERS.append(notice_pacing)
        from django.db.models.signals import post_save

        from kofu.bookings.availability import slots_changed
        from kofu.bookings.models import Slot

        post_save.connect(slots_changed, sender=Slot, dispatch_uid="kofu.bookings.slots_changed")
