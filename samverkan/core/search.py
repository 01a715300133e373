"""Global search. Each app registers what can be found in its AppConfig.ready(); core never
imports the apps above it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import CharField, Q, TextField, Value
from django.db.models.functions import Concat

from . import permissions


@dataclass(frozen=True)
class Searchable:
    model: type
    fields: tuple[str, ...]
    label: str
    select_related: tuple[str, ...] = ()


_REGISTRY: list[Searchable] = []


def register(model, fields, label, select_related=()) -> None:
    """Make `model` findable by `fields`. A confidential value is never searchable: whether a
    hidden price matches a search would tell what the price is."""
    secret = set(fields) & permissions.confidential_fields(model)
    if secret:
        raise ValueError(f"{model.__name__}: confidential fields cannot be searched: {secret}")
    if not any(s.model is model for s in _REGISTRY):
        _REGISTRY.append(Searchable(model, tuple(fields), label, tuple(select_related)))


INLINE_IDS = 500


def few_or_subquery(queryset):
    """The primary keys of `queryset` as a list when there are few of them, which PostgreSQL can
    combine with other indexes (trigram on name and description); otherwise a subquery."""
    ids = list(queryset.values_list("pk", flat=True)[:INLINE_IDS + 1])
    return ids if len(ids) <= INLINE_IDS else queryset.values("pk")


def _contains(model, field: str, text: str) -> Q:
    """`field__icontains=text`, where a field across a foreign key (product__name) is matched in
    the related table first (product__in=…): an OR across a join makes the database join every
    row to test it."""
    relation, _, rest = field.partition("__")
    if rest:
        link = model._meta.get_field(relation)
        if link.many_to_one or (link.one_to_one and link.concrete):
            related = link.related_model._base_manager.filter(_contains(link.related_model, rest, text))
            return Q(**{f"{relation}__in": few_or_subquery(related)})
    return Q(**{f"{field}__icontains": text})


def sort_matches(queryset):
    """The queryset in its model's default order, with each text field in that order wrapped in
    an expression of the same value (text || ''): the database then sorts the matches of a search
    instead of reading a name index in order until the page is full. Names that match cluster in
    one stretch of the alphabet, so that read can cover nearly the whole index; a sort costs no
    more than counting the matches, which the page does anyway."""
    model, order = queryset.model, []
    for entry in model._meta.ordering or ["pk"]:
        name = entry.lstrip("-") if isinstance(entry, str) else ""
        field = next((f for f in model._meta.concrete_fields if f.name == name), None)
        if isinstance(field, (CharField, TextField)) and not field.null:
            same = Concat(name, Value(""), output_field=field)
            entry = same.desc() if entry.startswith("-") else same.asc()
        order.append(entry)
    return queryset.order_by(*order)


def search(user, text: str, per_kind: int = 10) -> list[tuple[str, list, int]]:
    """[(label, first hits, total hits)] per kind, only what the user may see."""
    text = text.strip()
    if len(text) < 2:
        return []
    results = []
    for item in _REGISTRY:
        condition = Q()
        for field in item.fields:
            condition |= _contains(item.model, field, text)
        queryset = permissions.restrict(item.model._default_manager.filter(condition), user)
        if hasattr(item.model, "archived_at"):
            queryset = queryset.filter(archived_at__isnull=True)
        if item.select_related:
            queryset = queryset.select_related(*item.select_related)
        queryset = sort_matches(queryset)
        hits = list(queryset[: per_kind + 1])
        if hits:
            total = len(hits) if len(hits) <= per_kind else queryset.count()
            results.append((item.label, hits[:per_kind], total))
    return results
