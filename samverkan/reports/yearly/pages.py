"""Where a user reaches the yearly follow-up: a form on the organisation's page and on the
reports page, choosing the year (and on the reports page the organisation), that opens the
generic document form of the reports app. Plain GET forms: they work without JavaScript."""

from __future__ import annotations

import datetime

from samverkan.core import permissions
from samverkan.core.formatting import swedish_sort_key
from samverkan.organisations.models import Organisation, related_organisation_ids

from .scope import may_follow_up

YEARS_BACK = 6


def years(today: datetime.date | None = None) -> list[int]:
    """The years offered, newest first: next year's plans back to six years ago."""
    year = (today or datetime.date.today()).year
    return list(range(year + 1, year - YEARS_BACK, -1))


def followed_up(organisation: Organisation) -> bool:
    """Municipalities and cooperations have a yearly follow-up (not regions or companies)."""
    return organisation.is_cooperation or organisation.kind == Organisation.Kind.MUNICIPALITY


def organisation_panel(organisation: Organisation, user) -> dict:
    """The "Årsuppföljning" form on the organisation's page, for those who may make it."""
    shown = followed_up(organisation) and may_follow_up(user, organisation)
    return {"yearly": shown, "yearly_years": years(),
            "yearly_year": datetime.date.today().year}


def choosable(user) -> list[Organisation]:
    """The municipalities and cooperations whose follow-up the user may make, by name."""
    found = Organisation.objects.for_user(user).filter(archived_at__isnull=True)
    if not user.is_superuser:
        ids = set()
        for pk in permissions.organisations_where(user, permissions.Role.READER):
            ids |= related_organisation_ids(pk)
        found = found.filter(pk__in=ids)
    return sorted((o for o in found if followed_up(o)), key=lambda o: swedish_sort_key(o.name))


def reports_page_context(user) -> dict:
    return {"yearly_organisations": choosable(user), "yearly_years": years(),
            "yearly_year": datetime.date.today().year}
