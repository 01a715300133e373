"""A meeting's agenda as typed items: the template that creates them, saving and removing them
(never once the minutes are approved), and what a status item shows from the plan."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from samverkan.core import permissions
from samverkan.core import services as core

from .models import AgendaItem, Meeting

Kind, Content = AgendaItem.Kind, AgendaItem.Content


def template() -> list[tuple[str, str, str]]:
    """The standing items of the seed deck's agenda (M2): (title, kind, content)."""
    return [
        (_("Projektstatus"), Kind.INFORMATION, Content.STATUS),
        (_("Ärenden för beslut"), Kind.DECISION, Content.NONE),
        (_("Diskussion"), Kind.INFORMATION, Content.NONE),
        (_("Åtgärder från tidigare möten"), Kind.ACTION, Content.ACTIONS),
        (_("Övriga frågor"), Kind.INFORMATION, Content.NONE),
    ]


def _refuse_if_locked(meeting: Meeting) -> None:
    if meeting.is_locked:
        raise ValidationError(_("Protokollet är justerat; dagordningen ändras inte."))


def next_order(meeting: Meeting) -> int:
    highest = meeting.agenda_items.aggregate(n=Max("order"))["n"]
    return (highest or 0) + 1


@transaction.atomic
def create_from_template(user, meeting: Meeting, items=None) -> list[AgendaItem]:
    """Add the template's items after those the meeting already has."""
    core.check_can(user, permissions.CHANGE, meeting)
    _refuse_if_locked(meeting)
    start = next_order(meeting)
    created = []
    for offset, (title, kind, content) in enumerate(items or template()):
        item = AgendaItem(meeting=meeting, order=start + offset, title=title, kind=kind,
                          content=content)
        created.append(core.save_child(user, item, meeting))
    return created


def save_item(user, item: AgendaItem, *, expected_version: int | None = None) -> AgendaItem:
    _refuse_if_locked(item.meeting)
    if not item.order:
        item.order = next_order(item.meeting)
    return core.save_child(user, item, item.meeting, expected_version=expected_version)


def delete_item(user, item: AgendaItem, *, expected_version: int | None = None) -> None:
    _refuse_if_locked(item.meeting)
    core.delete_child(user, item, item.meeting, expected_version=expected_version)


def agenda_text(items) -> str:
    """The agenda as plain text (exports, the minutes' heading)."""
    return "\n".join(f"{i.order}. {i.title} ({i.get_kind_display().lower()})" for i in items)


def agenda_rows(meeting: Meeting) -> tuple[list[str], list[list]]:
    """The agenda for export: one row per item, with the decisions (§) recorded against it."""
    header = [_("Punkt"), _("Rubrik"), _("Typ"), _("Föredragande"), _("Handlingar"),
              _("Innehåll från planen"), _("Beslut"), _("Anteckning")]
    items = meeting.agenda_items.select_related("presenter").prefetch_related("decisions")
    rows = [[i.order, i.title, i.get_kind_display(), str(i.presenter or ""),
             "; ".join(i.document_lines), i.get_content_display() if i.content else "",
             "; ".join(f"{d.reference} {d.title}" for d in i.decisions.all()), i.note]
            for i in items]
    return header, rows
