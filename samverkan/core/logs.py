"""Logging filters used by the LOGGING setting."""

import logging


class WithoutTraceback(logging.Filter):
    """Keeps the message, drops the traceback: for expected errors that fill logs otherwise."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True
