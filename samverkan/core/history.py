"""Change history as people read it: who, when, what changed from what to what.

Confidential values are those the model declares in `confidential` (core.permissions): a value
is shown as hidden when the permission layer hides it from the reader in the version before the
change, in the version after it, or in the record as it is now. A model may define
`history_children()` returning querysets of the historical rows of its parts (usage rows,
roles), so a record's page shows one combined history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import permissions
from .formatting import person_name

HIDDEN = "•••"
SKIP = {"version", "updated_at", "created_at", "id"}
TYPE_LABELS = {"+": gettext_lazy("Skapad"), "~": gettext_lazy("Ändrad"),
               "-": gettext_lazy("Borttagen")}
ARCHIVED, RESTORED = gettext_lazy("Arkiverad"), gettext_lazy("Återställd")


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime
    who: str
    what: str
    subject: str
    changes: list[Change] = field(default_factory=list)


def _display(record, name: str) -> str:
    value = getattr(record, name, None)
    if value is None or value == "":
        return "–"
    getter = getattr(record, f"get_{name}_display", None)
    if callable(getter):
        return str(getter())
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    return str(value)


def _with_relations(queryset):
    """Historical rows with the records their foreign keys point at, in the same query: the
    values and names shown must not cost a query per row."""
    names = [f.name for f in queryset.model.instance_type._meta.concrete_fields if f.many_to_one]
    return queryset.select_related("history_user", *names)


def _as_instance(record):
    """The record as it was, with the related records already loaded for the historical row."""
    instance = record.instance
    for field_ in type(instance)._meta.concrete_fields:
        if field_.many_to_one and field_.name in record._state.fields_cache:
            instance._state.fields_cache[field_.name] = record._state.fields_cache[field_.name]
    return instance


def _hidden_in(model, user, *versions) -> frozenset[str]:
    hidden: frozenset[str] = frozenset()
    for version in versions:
        if version is not None:
            hidden |= permissions.hidden_fields(user, version, model=model)
    return hidden


def _entries_for(records, user, hidden_now: frozenset[str], subject: str,
                 prefix: str = "") -> list[Entry]:
    """`records` newest first; each is compared with the next older one. A part's entries are
    named `prefix: <the part as it was then>`."""
    records = list(records)
    entries = []
    for index, record in enumerate(records):
        older = records[index + 1] if index + 1 < len(records) else None
        changes = []
        what = TYPE_LABELS.get(record.history_type, record.history_type)
        if older is not None and record.history_type == "~":
            # archived_at is not editable, so the library's diff leaves it out
            was, now = getattr(older, "archived_at", None), getattr(record, "archived_at", None)
            if was is None and now is not None:
                what = ARCHIVED
            elif was is not None and now is None:
                what = RESTORED
            hidden = hidden_now | _hidden_in(record.instance_type, user, record, older)
            delta = record.diff_against(older, foreign_keys_are_objs=False)
            for change in delta.changes:
                if change.field in SKIP:
                    continue
                label = str(record.instance_type._meta.get_field(change.field).verbose_name)
                if change.field in hidden:
                    changes.append(Change(label, HIDDEN, HIDDEN))
                else:
                    changes.append(Change(label, _display(older, change.field),
                                          _display(record, change.field)))
        user_obj = record.history_user
        entries.append(Entry(
            when=record.history_date,
            who=person_name(user_obj) if user_obj else _("systemet"),
            what=str(what),
            subject=f"{prefix}: {_as_instance(record)}" if prefix
            else subject or str(_as_instance(record)),
            changes=changes,
        ))
    return entries


def history_for(obj, user, limit: int = 50) -> list[Entry]:
    hidden_now = permissions.hidden_fields(user, obj)
    own = _with_relations(obj.history.all()).order_by("-history_date", "-history_id")
    entries = _entries_for(own[: limit + 1], user, hidden_now, "")
    entries = entries[:limit]
    children = getattr(obj, "history_children", None)
    if callable(children):
        for queryset in children():
            child_model = queryset.model.instance_type
            grouped: dict[int, list] = {}
            for record in _with_relations(queryset).order_by(
                "-history_date", "-history_id"
            )[: limit * 4]:
                grouped.setdefault(record.id, []).append(record)
            for records in grouped.values():
                entries.extend(_entries_for(records, user, frozenset(), "",
                                            prefix=str(child_model._meta.verbose_name)))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]
