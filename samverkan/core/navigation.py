"""Main-menu entries. Apps register theirs in AppConfig.ready(), so core never imports them."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Entry:
    label: object
    url_name: str
    order: int = 100

    @property
    def url(self) -> str:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return ""


_ENTRIES: list[Entry] = []


def register(label, url_name: str, order: int = 100) -> None:
    if not any(e.url_name == url_name for e in _ENTRIES):
        _ENTRIES.append(Entry(label, url_name, order))
        _ENTRIES.sort(key=lambda e: e.order)


def entries() -> list[Entry]:
    return list(_ENTRIES)
