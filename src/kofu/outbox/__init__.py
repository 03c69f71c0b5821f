"""The outbox (送信箱): every e-mail kofu sends is a row here first.

A service queues a message in its own transaction (:func:`kofu.outbox.services.message_queue`), so
the message exists exactly when the business change does; delivery is attempted after the commit
and retried by ``kofu outbox send`` (cron or a systemd timer). Failures are recorded on the row and
shown to the municipality's administrators (``/outbox/``), never dropped.
"""
