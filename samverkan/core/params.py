"""Query parameters of pages that choose what they show (`?samverkan=`, `?ar=`)."""

from django.http import Http404


def optional_int(value):
    """A parameter as a number; None when absent or empty; a page that does not exist (404)
    when it is not a number, as for a path with a bad id."""
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None
