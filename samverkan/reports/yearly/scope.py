"""What a yearly follow-up is about: a municipality (member) or a cooperation and a year, who
may make it, and which records concern it – the plans, the members it is compared with."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from samverkan.core import permissions
from samverkan.core.formatting import swedish_sort_key
from samverkan.organisations.models import Membership, Organisation, related_organisation_ids
from samverkan.planning.models import Plan

FIRST_YEAR, LAST_YEAR = 1990, 2100


@dataclass(frozen=True)
class YearlySubject:
    """The organisation and year a follow-up is made for; `threshold` is the lowest risk
    priority shown (None: the red band's, `planning.followup.risk_thresholds`)."""

    organisation: Organisation
    year: int
    threshold: int | None = None

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)

    def get_absolute_url(self) -> str:
        """The organisation's page, where the follow-up is made from."""
        return self.organisation.get_absolute_url()

    def __str__(self) -> str:
        return _("Årsuppföljning %(year)s – %(organisation)s") % {
            "year": self.year, "organisation": self.organisation}


def may_follow_up(user, organisation: Organisation) -> bool:
    """A user with a role in the organisation, in a cooperation it is a member of, or (for a
    cooperation) in one of its members; superusers for every organisation."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    mine = permissions.organisations_where(user, permissions.Role.READER)
    return bool(mine & related_organisation_ids(organisation.pk))


def _number(params: dict, name: str, required: bool = True) -> int | None:
    value = str(params.get(name) or "").strip()
    if not value:
        if required:
            raise ValidationError({name: _("Ange %(name)s.") % {"name": name}})
        return None
    if not value.isdigit():
        raise ValidationError({name: _("%(name)s ska vara ett heltal.") % {"name": name}})
    return int(value)


def resolve(user, params: dict) -> YearlySubject | None:
    """The subject named by ?organisation=ID&year=YYYY[&threshold=N] if the user may make its
    follow-up; None otherwise (the caller answers 404, so nothing tells that it exists)."""
    organisation_id = _number(params, "organisation")
    year = _number(params, "year")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError({"year": _("Året ska vara mellan %(first)s och %(last)s.") % {
            "first": FIRST_YEAR, "last": LAST_YEAR}})
    threshold = _number(params, "threshold", required=False)
    organisation = Organisation.objects.for_user(user).filter(pk=organisation_id).first()
    if organisation is None or not may_follow_up(user, organisation):
        return None
    return YearlySubject(organisation, year, threshold or None)


def _in_year(year: int) -> Q:
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=last)) & \
        (Q(valid_to__isnull=True) | Q(valid_to__gte=first))


def cooperations_of(organisation: Organisation, year: int) -> list[Organisation]:
    """The cooperations the organisation was a member of at some time in the year."""
    ids = Membership.objects.filter(_in_year(year), member=organisation).values("cooperation")
    return sorted(Organisation.objects.filter(pk__in=ids), key=lambda o: swedish_sort_key(o.name))


def members_of(cooperation: Organisation, year: int) -> list[Organisation]:
    ids = Membership.objects.filter(_in_year(year), cooperation=cooperation).values("member")
    return sorted(Organisation.objects.filter(pk__in=ids), key=lambda o: swedish_sort_key(o.name))


def compared(subject: YearlySubject) -> list[Organisation]:
    """The municipalities a cost is compared across: a cooperation's members, or a member and
    the other members of its cooperations, in name order."""
    organisation = subject.organisation
    if organisation.is_cooperation:
        return members_of(organisation, subject.year)
    found = {organisation.pk: organisation}
    for cooperation in cooperations_of(organisation, subject.year):
        found.update({m.pk: m for m in members_of(cooperation, subject.year)})
    return sorted(found.values(), key=lambda o: swedish_sort_key(o.name))


def owners(subject: YearlySubject) -> list[Organisation]:
    """Whose plans concern the organisation: its own, and a member's cooperations'."""
    organisation = subject.organisation
    if organisation.is_cooperation:
        return [organisation]
    return [organisation, *cooperations_of(organisation, subject.year)]


def plans_of(user, subject: YearlySubject):
    """The plans of the year (by year, or a project plan's period overlapping it) that concern
    the organisation and the user may see; replaced versions are left out."""
    first, last = subject.first_day, subject.last_day
    in_year = Q(year=subject.year) | Q(year__isnull=True, starts_on__lte=last) & (
        Q(ends_on__isnull=True) | Q(ends_on__gte=first))
    return (Plan.objects.for_user(user)
            .filter(in_year, organisation__in=[o.pk for o in owners(subject)],
                    archived_at__isnull=True)
            .exclude(state=Plan.State.REVISED)
            .select_related("organisation", "management_object")
            .order_by("organisation__name", "name", "pk"))
