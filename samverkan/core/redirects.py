"""Where a user may be sent back to: only paths on this site, never another host or a
javascript: URL smuggled in through ?next= or a cancel link."""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme


def safe_url(request, url: str | None, default: str = "/") -> str:
    """`url` when it stays on this site, else `default`."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


def safe_next(request, default: str = "/") -> str:
    """The ?next= (or posted next) target when it stays on this site, else `default`."""
    return safe_url(request, request.POST.get("next") or request.GET.get("next"), default)
