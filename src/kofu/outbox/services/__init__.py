"""Writes of the outbox: queue a message, deliver what is due, retry a failed one, erase on purge.

``message_queue`` is called by other apps' services inside their transaction; ``messages_deliver``
by ``kofu outbox send`` and after each commit; ``message_retry`` by the outbox page.
"""

from kofu.outbox.services.delivery import Delivery, messages_deliver
from kofu.outbox.services.queue import (
    MessageRefused,
    message_queue,
    message_retry,
    messages_erase_personal_data,
)

__all__ = [
    "Delivery",
    "MessageRefused",
    "message_queue",
    "message_retry",
    "messages_deliver",
    "messages_erase_personal_data",
]
