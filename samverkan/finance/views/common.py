"""What the financing pages share: the year, the organisations a pool may belong to, export
formats."""

import datetime

from samverkan.core import permissions
from samverkan.organisations.models import Organisation

from ..models import (
    CostPool,
)


def this_year() -> int:
    return datetime.date.today().year


def pool_organisations():
    running = CostPool.objects.filter(archived_at__isnull=True).values("organisation")
    return Organisation.objects.filter(pk__in=running).order_by("name")


def single_organisation(user) -> dict:
    """Preselect the owner when the user edits for exactly one organisation."""
    editable = permissions.organisations_where(user, permissions.Role.EDITOR)
    if user.is_superuser or len(editable) != 1:
        return {}
    return {"organisation": Organisation.objects.filter(pk__in=editable).first()}


class OwnerInitialMixin:
    def initial(self) -> dict:
        return single_organisation(self.request.user)


def export_format(request) -> str | None:
    fmt = request.GET.get("export")
    return fmt if fmt in ("xlsx", "csv") else None
