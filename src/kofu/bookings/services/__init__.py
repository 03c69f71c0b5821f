"""The ONE booking service: every change of a booking or of a slot's seats goes through here.

``core``: book (web, phone, walk-in; holds; households), confirm, change, cancel. ``outcomes``:
check-in (seen), no-show, excused, cancelled by the office.
``slots``: capacity and quota edits, closing a slot. ``seats``: the conditional UPDATE that takes a
seat (and gives it back). ``windows``: a window closing for a day moves the bookings it can no
longer serve. See ``core`` for how the database enforces the capacity.
"""

from kofu.bookings.services.core import (
    Channel,
    SlotFull,
    Status,
    booking_cancel,
    booking_change,
    bookings_confirm,
    bookings_create,
    release_expired_holds,
)
from kofu.bookings.services.outcomes import (
    booking_check_in,
    booking_excuse,
    booking_no_show,
    booking_office_cancel,
)
from kofu.bookings.services.records import BookingError
from kofu.bookings.services.slots import slot_close, slot_set_capacity
from kofu.bookings.services.windows import window_close_day

__all__ = [
    "BookingError",
    "Channel",
    "SlotFull",
    "Status",
    "booking_cancel",
    "booking_change",
    "booking_check_in",
    "booking_excuse",
    "booking_no_show",
    "booking_office_cancel",
    "bookings_confirm",
    "bookings_create",
    "release_expired_holds",
    "slot_close",
    "slot_set_capacity",
    "window_close_day",
]
