"""Global search. Each app registers what can be found in its AppConfig.ready(); core never
imports the apps above it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from . import permissions


@dataclass(frozen=True)
class Searchable:
    model: type
    fields: tuple[str, ...]
    label: str
    select_related: tuple[str, ...] = ()


_REGISTRY: list[Searchable] = []


def register(model, fields, label, select_related=()) -> None:
    if not any(s.model is model for s in _REGISTRY):
        _REGISTRY.append(Searchable(model, tuple(fields), label, tuple(select_related)))


def search(user, text: str, per_kind: int = 10) -> list[tuple[str, list, int]]:
    """[(label, first hits, total hits)] per kind, only what the user may see."""
    text = text.strip()
    if len(text) < 2:
        return []
    results = []
    for item in _REGISTRY:
        condition = Q()
        for field in item.fields:
            condition |= Q(**{f"{field}__icontains": text})
        queryset = permissions.restrict(item.model._default_manager.filter(condition), user)
        if hasattr(item.model, "archived_at"):
            queryset = queryset.filter(archived_at__isnull=True)
        queryset = queryset.select_related(*item.select_related).order_by(*item.model._meta.ordering or ["pk"])
        hits = list(queryset[: per_kind + 1])
        if hits:
            total = len(hits) if len(hits) <= per_kind else queryset.count()
            results.append((item.label, hits[:per_kind], total))
    return results
