"""The one permission layer: every view, API endpoint, export, import, history and search asks it.

Policy (DESIGN.md, "Permissions"):
- signed-in users read everything that is not confidential;
- editors and administrators of the owning organisation change records; a record owned by a
  cooperation is changed by the cooperation's own editors;
- shared reference records (no owner: capabilities, suppliers, products) are changed by any
  editor of any organisation;
- administrators manage the organisation's users and roles (`MANAGE`);
- superusers may do everything.

A model tells the layer how to find its owner with `owner_field` (a lookup path to the owning
organisation's id, "" for the organisation itself, None for shared records), which actions are
for the installation's administrators (superusers) alone with `administered_actions`, which
values only they may set with `administered_fields` (`administered_changes`), and what is
confidential with `confidential`: a tuple of `Confidential` rules, each naming while what holds
(`when`) which organisations' users (`readers`) alone may read the whole record (no `fields`) or
some of its values (`fields`). The two questions every caller asks:

- `for_user(user, action)` / `restrict(queryset, user, action)` narrows a queryset, and
- `can(user, action, obj)` answers for one object,

where `VIEW` means "may see the record" and `VIEW_CONFIDENTIAL` "may see the record and every
confidential value in it". Anything derived from a hidden value (a sum, an order, a count, a
flag, a text) is computed only from what `VIEW_CONFIDENTIAL` lets through, or not shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext_lazy as _

VIEW = "view"
VIEW_CONFIDENTIAL = "view_confidential"
ADD = "add"
CHANGE = "change"
DELETE = "delete"
MANAGE = "manage"  # users and roles of an organisation
ACTIONS = (VIEW, VIEW_CONFIDENTIAL, ADD, CHANGE, DELETE, MANAGE)


class Role(models.IntegerChoices):
    READER = 1, _("Läsare")
    EDITOR = 2, _("Redaktör")
    ADMIN = 3, _("Administratör")


_REQUIRED_ROLE = {ADD: Role.EDITOR, CHANGE: Role.EDITOR, DELETE: Role.EDITOR, MANAGE: Role.ADMIN}


@dataclass(frozen=True)
class Confidential:
    """One rule of confidentiality, declared on the model it protects.

    While every `when` condition holds (lookup path → value, equality or `__isnull`; none:
    always), only users with any
    role in one of the `readers` organisations (lookup paths to an organisation; none: the
    owner), the users the `users` paths point at, and superusers may read `fields` – or, when
    `fields` is empty, the whole record. Field names may also name derived values that are not
    columns (a pool's "member_shares"), so that every surface asks the same question."""

    fields: tuple[str, ...] = ()
    when: tuple[tuple[str, object], ...] = ()
    readers: tuple[str, ...] = ()
    users: tuple[str, ...] = ()

    @property
    def whole_record(self) -> bool:
        return not self.fields


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


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def reads_for(user, organisation_id: int | None) -> bool:
    """Whether `user` reads what is confidential to this organisation (any role there)."""
    if not _active(user):
        return False
    return user.is_superuser or organisation_id in organisations_where(user, Role.READER)


def _owner_lookup(model) -> str | None:
    field = getattr(model, "owner_field", None)
    if field is None:
        return None
    return field or "pk"


def rules(model, *, whole_record: bool | None = None) -> tuple[Confidential, ...]:
    declared = getattr(model, "confidential", ()) or ()
    if whole_record is None:
        return tuple(declared)
    return tuple(rule for rule in declared if rule.whole_record == whole_record)


def confidential_fields(model) -> frozenset[str]:
    """Every value name some rule of `model` may hide."""
    return frozenset(name for rule in rules(model) for name in rule.fields)


def _readers(model, rule: Confidential) -> tuple[str, ...]:
    if rule.readers:
        return rule.readers
    owner = _owner_lookup(model)
    return (owner,) if owner else ()


def _hidden_q(model, rule: Confidential, members, user_pk=None) -> Q:
    """The rows that `rule` hides from users with a role in `members` (and from the user
    `user_pk`, where the rule names users)."""
    condition = Q(**dict(rule.when)) if rule.when else Q(pk__isnull=False)
    for path in _readers(model, rule):
        condition &= ~Q(**{f"{path}__in": members})
    for path in rule.users:
        if user_pk is not None:
            condition &= ~Q(**{path: user_pk})
    return condition


def hidden_q(model, user, *, whole_record: bool | None = False) -> Q | None:
    """The rows of `model` some of whose confidential values `user` may not see (None: no row);
    for ordering and masking in the database (`masked`)."""
    if not _active(user):
        return Q(pk__isnull=False)
    if user.is_superuser:
        return None
    found = rules(model, whole_record=whole_record)
    if not found:
        return None
    members = organisations_where(user, Role.READER)
    condition = Q()
    for rule in found:
        condition |= _hidden_q(model, rule, members, user.pk)
    return condition


def hidden_from_organisation_q(model, organisation_id: int) -> Q | None:
    """The rows of `model` whose confidential values the users of an organisation may not read
    by their role there: what an organisation's own figures (a cost pool's outcome) may not
    include, whoever looks at them."""
    found = rules(model, whole_record=False)
    if not found:
        return None
    condition = Q()
    for rule in found:
        condition |= _hidden_q(model, rule, {organisation_id})
    return condition


def masked(model, user, field: str, value=None):
    """An expression for `field` that is NULL (or `value`) in the rows where it is hidden from
    `user`: sort and aggregate by it, and hidden values influence nothing."""
    hidden = hidden_q(model, user)
    if hidden is None:
        return F(field)
    return Case(When(hidden, then=Value(value)), default=F(field))


def restrict(queryset: models.QuerySet, user, action: str = VIEW) -> models.QuerySet:
    """The queryset narrowed to what `user` may do `action` on."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if not _active(user):
        return queryset.none()
    if user.is_superuser:
        return queryset
    model = queryset.model
    owner = _owner_lookup(model)
    if action in getattr(model, "administered_actions", ()):
        return queryset.none()
    if action in (VIEW, VIEW_CONFIDENTIAL):
        found = rules(model, whole_record=None if action == VIEW_CONFIDENTIAL else True)
        members = organisations_where(user, Role.READER) if found else set()
        for rule in found:
            queryset = queryset.exclude(_hidden_q(model, rule, members, user.pk))
        return queryset
    if owner is None:
        return queryset if is_editor_anywhere(user) else queryset.none()
    allowed = organisations_where(user, _REQUIRED_ROLE[action])
    return queryset.filter(**{f"{owner}__in": allowed})


def _walk(obj, path: str):
    """The value at a lookup path on an instance ("contract__organisation" → the id)."""
    if path == "pk":
        return obj.pk
    parts = path.split("__")
    target = obj
    for part in parts[:-1]:
        target = getattr(target, part, None)
        if target is None:
            return None
    last = parts[-1]
    if last in ("id", "pk"):
        return target.pk
    field = next((f for f in target._meta.concrete_fields if f.name == last), None)
    if field is not None and field.is_relation:
        return getattr(target, field.attname)
    return getattr(target, last, None)


def owner_id(obj) -> int | None:
    """The id of the organisation that owns `obj` (walks `owner_field` on the instance)."""
    field = _owner_lookup(type(obj))
    return None if field is None else _walk(obj, field)


def _holds(obj, path: str, value) -> bool:
    if path.endswith("__isnull"):
        return (_walk(obj, path.removesuffix("__isnull")) is None) == value
    return _walk(obj, path) == value


def _hides(obj, rule: Confidential, user, model=None) -> bool:
    if not all(_holds(obj, path, value) for path, value in rule.when):
        return False
    members = organisations_where(user, Role.READER)
    if any(_walk(obj, path) in members for path in _readers(model or type(obj), rule)):
        return False
    return not any(_walk(obj, path) == user.pk for path in rule.users)


def hidden_fields(user, obj, model=None) -> frozenset[str]:
    """The confidential values of `obj` that `user` may not see. `model` names the model whose
    rules apply when `obj` is a stand-in for it (a historical version)."""
    model = model or type(obj)
    if not _active(user):
        return confidential_fields(model)
    if user.is_superuser:
        return frozenset()
    return frozenset(name for rule in rules(model, whole_record=False)
                     if _hides(obj, rule, user, model) for name in rule.fields)


def administered_changes(user, stored, obj) -> list[str]:
    """The values of `obj` only the installation's administrators may change that differ from
    `stored` (None: a new record), unless `user` is one."""
    if getattr(user, "is_superuser", False):
        return []
    names = getattr(type(obj), "administered_fields", ())
    if stored is None:
        return []
    return [name for name in names if getattr(stored, name) != getattr(obj, name)]


def can(user, action: str, obj) -> bool:
    """May `user` do `action` on this one object (saved or not yet saved)?"""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    model = type(obj)
    if action in getattr(model, "administered_actions", ()):
        return False
    if action in (VIEW, VIEW_CONFIDENTIAL):
        found = rules(model, whole_record=None if action == VIEW_CONFIDENTIAL else True)
        return not any(_hides(obj, rule, user) for rule in found)
    if _owner_lookup(model) is None:
        return is_editor_anywhere(user)
    return owner_id(obj) in organisations_where(user, _REQUIRED_ROLE[action])


def can_act_for(user, action: str, organisation_id: int | None) -> bool:
    """May `user` do `action` on records owned by this organisation (e.g. add one)?"""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    if organisation_id is None:
        return False
    if action in (VIEW, VIEW_CONFIDENTIAL):
        return action == VIEW or organisation_id in organisations_where(user, Role.READER)
    return organisation_id in organisations_where(user, _REQUIRED_ROLE[action])
