"""The document kinds the reports app itself makes, and what every kind shares: reading a
subject's id from the query parameters. Other kinds register beside these in apps.py."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samverkan.core import permissions
from samverkan.core import services as core
from samverkan.planning.models import Meeting

from .registry import STEERING_PACK, DocumentKind, register_kind


def id_param(params: dict, name: str, message: str) -> int:
    """The whole number in `params[name]`, or a ValidationError saying `message` under `name`."""
    value = str(params.get(name, "") or "").strip()
    if not value.isdigit():
        raise ValidationError({name: [message]})
    return int(value)


def visible(queryset, user, pk: int):
    """The record `pk` if `user` may see it, else None (never "exists but not yours")."""
    return queryset.for_user(user).filter(pk=pk).first()


def resolve_meeting(user, params: dict):
    meeting = visible(Meeting.objects.select_related("organisation"), user,
                      id_param(params, "meeting", _("Ange mötets id.")))
    if meeting is not None:
        core.check_can(user, permissions.VIEW, meeting)
    return meeting


def register_steering_pack() -> None:
    register_kind(DocumentKind(
        key=STEERING_PACK, label=lambda: _("Styrgruppspaket"), params=("meeting",),
        resolve=resolve_meeting,
        title=lambda meeting: _("Styrgruppspaket %(meeting)s") % {"meeting": meeting},
        filename=lambda meeting: f"styrgruppspaket-{meeting.held_on:%Y-%m-%d}-{meeting.pk}",
        organisation=lambda meeting: meeting.organisation,
        meeting=lambda meeting: meeting,
        query=lambda meeting: {"meeting": str(meeting.pk)}))
