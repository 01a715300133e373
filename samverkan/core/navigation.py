"""Main-menu entries. Apps register theirs in AppConfig.ready(), so core never imports them.

Entries may be gathered under a group (a dropdown in the menu). Every group also has a page of
its own, `/meny/<slug>/`, that the group's menu item links to: without JavaScript the dropdown
cannot open, and the link still leads to the same entries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Entry:
    label: object
    url_name: str
    order: int = 100
    group: str | None = None

    @property
    def url(self) -> str:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return ""


@dataclass
class Group:
    slug: str
    label: object
    order: int = 100
    entries: list[Entry] = field(default_factory=list)

    @property
    def url(self) -> str:
        return reverse("core:menu", args=[self.slug])


_ENTRIES: list[Entry] = []
_GROUPS: dict[str, Group] = {}


def register_group(slug: str, label, order: int = 100) -> None:
    _GROUPS.setdefault(slug, Group(slug, label, order))


def register(label, url_name: str, order: int = 100, group: str | None = None) -> None:
    if group is not None and group not in _GROUPS:
        raise ValueError(f"register the menu group {group!r} first")
    if not any(e.url_name == url_name for e in _ENTRIES):
        _ENTRIES.append(Entry(label, url_name, order, group))
        _ENTRIES.sort(key=lambda e: e.order)


def entries() -> list[Entry]:
    return list(_ENTRIES)


def group(slug: str) -> Group | None:
    found = _GROUPS.get(slug)
    if found is None:
        return None
    return Group(found.slug, found.label, found.order,
                 [e for e in _ENTRIES if e.group == slug and e.url])


def menu() -> list[Entry | Group]:
    """The top level in order: entries without a group, and each group that has entries."""
    items: list[Entry | Group] = [e for e in _ENTRIES if e.group is None and e.url]
    for slug in _GROUPS:
        filled = group(slug)
        if filled.entries:
            items.append(filled)
    return sorted(items, key=lambda item: item.order)
