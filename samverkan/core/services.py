"""One path for every change: permission, validation, lost-update check, save and history, in
one transaction. Views, the API and imports all call these functions."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from . import permissions


class StaleVersionError(Exception):
    """The record changed after the user started editing it."""

    def __init__(self, current_version: int | None = None):
        self.current_version = current_version
        super().__init__(
            _(
                "Posten har ändrats av någon annan sedan du öppnade den. "
                "Ladda om sidan, se vad som ändrats och gör om din ändring."
            )
        )


def _deny(message: str):
    raise PermissionDenied(message)


def check_can(user, action: str, obj) -> None:
    if not permissions.can(user, action, obj):
        _deny(_("Du har inte behörighet att göra detta för den här organisationen."))


def _refuse_if_archived(stored: models.Model) -> None:
    if getattr(stored, "archived_at", None) is not None:
        raise ValidationError(_("Posten är arkiverad. Återställ den innan du ändrar den."))


def _bump_version(obj: models.Model, expected_version: int | None) -> None:
    """Compare-and-set on `version`; the UPDATE also locks the row until the transaction ends."""
    model = type(obj)
    rows = model._default_manager.filter(pk=obj.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if rows.update(version=F("version") + 1) != 1:
        current = model._default_manager.filter(pk=obj.pk).values_list("version", flat=True)
        raise StaleVersionError(next(iter(current), None))
    obj.version = model._default_manager.filter(pk=obj.pk).values_list("version", flat=True)[0]


@transaction.atomic
def save_record(user, obj: models.Model, *, expected_version: int | None = None,
                validate: bool = True, exclude: list[str] | None = None) -> models.Model:
    """Create or change a governed record on behalf of `user`.

    For a change, both the stored record (where it was) and the new state (where it goes) must
    be within the user's scope, so nobody can move a record out of an organisation they cannot
    edit, nor into one.
    """
    creating = obj._state.adding
    if creating:
        check_can(user, permissions.ADD, obj)
    else:
        stored = type(obj)._default_manager.get(pk=obj.pk)
        check_can(user, permissions.CHANGE, stored)
        check_can(user, permissions.CHANGE, obj)
        _refuse_if_archived(stored)
        _refuse_administered_changes(user, stored, obj)
    if validate:
        obj.full_clean(exclude=exclude)
    if not creating and hasattr(obj, "version"):
        _bump_version(obj, expected_version)
    obj._history_user = user
    obj.save()
    return obj


@transaction.atomic
def archive_record(user, obj: models.Model, *, expected_version: int | None = None):
    """Archive instead of delete: public records law keeps the record and its history. Archiving
    an archived record is refused: the date it was archived stays what it was."""
    check_can(user, permissions.DELETE, obj)
    if type(obj)._default_manager.filter(pk=obj.pk, archived_at__isnull=False).exists():
        raise ValidationError(_("Posten är redan arkiverad."))
    if hasattr(obj, "version"):
        _bump_version(obj, expected_version)
    obj.archived_at = timezone.now()
    obj._history_user = user
    obj.save(update_fields=["archived_at", "updated_at", "version"])
    return obj


@transaction.atomic
def restore_record(user, obj: models.Model):
    check_can(user, permissions.DELETE, obj)
    obj.archived_at = None
    obj.clean()  # e.g. its name may have been taken by an active record meanwhile
    obj.validate_constraints()
    _bump_version(obj, None)
    obj._history_user = user
    obj.save(update_fields=["archived_at", "updated_at", "version"])
    return obj


def _refuse_administered_changes(user, stored, obj) -> None:
    changed = permissions.administered_changes(user, stored, obj)
    if changed:
        names = ", ".join(str(type(obj)._meta.get_field(name).verbose_name) for name in changed)
        raise PermissionDenied(_("Bara installationens administratörer får ändra %(fields)s.")
                               % {"fields": names})


def check_part(user, child: models.Model, action: str) -> None:
    """A part whose changes are for the installation's administrators alone (a membership)
    asks for itself; any other part is changed by whoever may change its record."""
    if action in getattr(type(child), "administered_actions", ()) \
            and not permissions.can(user, action, child):
        raise PermissionDenied(_("Bara installationens administratörer får göra den här "
                                 "ändringen."))


@transaction.atomic
def save_child(user, child: models.Model, parent: models.Model, *,
               expected_version: int | None = None) -> models.Model:
    """Add or change a part of `parent` (usage row, role, document): editing the parent. A
    change names the part's version it started from, as a governed record's does."""
    check_can(user, permissions.CHANGE, parent)
    check_part(user, child, permissions.ADD if child._state.adding else permissions.CHANGE)
    _refuse_if_archived(parent)
    child.full_clean()
    if not child._state.adding and hasattr(child, "version"):
        _bump_version(child, expected_version)
    child._history_user = user
    child.save()
    return child


@transaction.atomic
def delete_child(user, child: models.Model, parent: models.Model, *,
                 expected_version: int | None = None) -> None:
    """Parts of a record (a usage row, a role) may be removed; the history keeps them."""
    check_can(user, permissions.CHANGE, parent)
    check_part(user, child, permissions.DELETE)
    _refuse_if_archived(parent)
    if hasattr(child, "version"):
        _bump_version(child, expected_version)
    child._history_user = user
    child.delete()
