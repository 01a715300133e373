"""The one permission layer: every view, API endpoint, export and import asks it.

Policy (DESIGN.md, "Permissions"):
- signed-in users read everything that is not confidential;
- confidential records are read only by members (any role) of the owning organisation;
- editors and administrators of the owning organisation change records; a record owned by a
  cooperation is changed by the cooperation's own editors;
- shared reference records (no owner: capabilities, suppliers, products) are changed by any
  editor of any organisation;
- superusers may do everything.

A model tells the layer how to find its owner with `owner_field` (a lookup path to the owning
organisation's id, "" for the organisation itself, None for shared records) and, if it can be
confidential, `confidential_field`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

VIEW = "view"
ADD = "add"
CHANGE = "change"
DELETE = "delete"
MANAGE = "manage"  # users and roles of an organisation
ACTIONS = (VIEW, ADD, CHANGE, DELETE, MANAGE)


class Role(models.IntegerChoices):
    READER = 1, _("Läsare")
    EDITOR = 2, _("Redaktör")
    ADMIN = 3, _("Administratör")


_REQUIRED_ROLE = {ADD: Role.EDITOR, CHANGE: Role.EDITOR, DELETE: Role.EDITOR, MANAGE: Role.ADMIN}


def roles_for(user) -> dict[int, int]:
    """organisation id → role level, loaded once per user object (i.e. once per request)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, "_samverkan_roles", None)
    if cached is None:
        cached = dict(user.organisation_roles.values_list("organisation_id", "role"))
        user._samverkan_roles = cached
    return cached


def forget_roles(user) -> None:
    """Drop the cached roles after they change within the same request or test."""
    user.__dict__.pop("_samverkan_roles", None)


def organisations_where(user, minimum: int) -> set[int]:
    return {org for org, role in roles_for(user).items() if role >= minimum}


def is_editor_anywhere(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or bool(
        organisations_where(user, Role.EDITOR)
    )


def _owner_lookup(model) -> str | None:
    field = getattr(model, "owner_field", None)
    if field is None:
        return None
    return field or "pk"


def restrict(queryset: models.QuerySet, user, action: str = VIEW) -> models.QuerySet:
    """The queryset narrowed to what `user` may do `action` on."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return queryset.none()
    if user.is_superuser:
        return queryset
    model = queryset.model
    owner = _owner_lookup(model)
    if action == VIEW:
        confidential = getattr(model, "confidential_field", None)
        if confidential and owner:
            members = organisations_where(user, Role.READER)
            return queryset.filter(Q(**{confidential: False}) | Q(**{f"{owner}__in": members}))
        return queryset
    if owner is None:
        return queryset if is_editor_anywhere(user) else queryset.none()
    allowed = organisations_where(user, _REQUIRED_ROLE[action])
    return queryset.filter(**{f"{owner}__in": allowed})


def owner_id(obj) -> int | None:
    """The id of the organisation that owns `obj` (walks `owner_field` on the instance)."""
    field = _owner_lookup(type(obj))
    if field is None:
        return None
    if field == "pk":
        return obj.pk
    target = obj
    parts = field.split("__")
    for part in parts[:-1]:
        target = getattr(target, part, None)
        if target is None:
            return None
    last = parts[-1]
    if last in ("id", "pk"):
        return target.pk
    return getattr(target, f"{last}_id", None)


def can(user, action: str, obj) -> bool:
    """May `user` do `action` on this one object (saved or not yet saved)?"""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    if user.is_superuser:
        return True
    model = type(obj)
    owner = _owner_lookup(model)
    if action == VIEW:
        confidential = getattr(model, "confidential_field", None)
        if confidential and owner and getattr(obj, confidential, False):
            return owner_id(obj) in organisations_where(user, Role.READER)
        return True
    if owner is None:
        return is_editor_anywhere(user)
    return owner_id(obj) in organisations_where(user, _REQUIRED_ROLE[action])


def can_act_for(user, action: str, organisation_id: int | None) -> bool:
    """May `user` do `action` on records owned by this organisation (e.g. add one)?"""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    if organisation_id is None:
        return False
    if action == VIEW:
        return True
    return organisation_id in organisations_where(user, _REQUIRED_ROLE[action])


def can_see_confidential(user, obj) -> bool:
    """Confidential values (e.g. prices under commercial secrecy) are for the owner's members."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return owner_id(obj) in organisations_where(user, Role.READER)
