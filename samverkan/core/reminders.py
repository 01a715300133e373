"""Sending a reminder exactly once: the record that it was sent is written first, under a
unique constraint, and the e-mail inside the same transaction. Two runs at the same time
cannot both send it, and a failed send leaves no record, so the next run tries again."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.mail import send_mail
from django.db import IntegrityError, transaction

log = logging.getLogger(__name__)


def send_once(record: Callable[[], object], subject: str, body: str, to: str, *,
              what: str) -> bool:
    """`record()` writes the record(s) of the sending; True when the e-mail went out now.
    `what` names the reminder in the log when sending fails."""
    try:
        with transaction.atomic():
            record()
            send_mail(subject, body, None, [to])
    except IntegrityError:
        return False  # another run recorded (and sent) it first
    except OSError:
        log.exception("Påminnelsen (%s) kunde inte skickas", what)
        return False
    return True
