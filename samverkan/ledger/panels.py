"""The money on a system's and a management object's page: their contracts and what was
invoiced against them, from the reconciliation (as the user may see it), with a link to the
whole reconciliation for the record."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from samverkan.contracts.models import Contract

from . import reconciliation
from .models import Reconciliation
from .summaries import linked_contracts


def _latest_year(contracts) -> int | None:
    return Reconciliation.objects.filter(contract_id__in=contracts.values("pk")).order_by(
        "-year").values_list("year", flat=True).first()


def _shown(user, contracts):
    return Contract.objects.for_user(user).filter(
        pk__in=contracts.values("pk"), archived_at__isnull=True).select_related(
        "supplier").order_by("title")


def system_panel(system, user) -> dict:
    """The system's contracts and, for the latest year with a ledger, the totals that count
    under this system (each organisation's row once, as the reconciliation's per-system view)."""
    contracts = _shown(user, Contract.objects.filter(systems=system))
    year = _latest_year(contracts)
    totals = reconciliation.system_totals(user, system, year) if year is not None else None
    return {"contracts": contracts, "year": year, "totals": totals,
            "reconciliation_url": reverse("ledger:reconciliation") + "?" + urlencode(
                {"system": system.pk, **({"year": year} if year else {}), "view": "system"})}


def object_panel(management_object, user) -> dict:
    """The object's contracts (directly or through its systems) and the latest year's
    reconciliation totals over them."""
    contracts = _shown(user, linked_contracts(management_object))
    year = _latest_year(contracts)
    report = reconciliation.report(user, year=year, management_object=management_object,
                                   view="organisation", page_size=None) if year else None
    return {"contracts": contracts, "year": year, "totals": report.totals if report else None,
            "per_organisation": report.rollups if report else [],
            "reconciliation_url": reverse("ledger:reconciliation") + "?" + urlencode(
                {"management_object": management_object.pk, **({"year": year} if year else {}),
                 "view": "organisation"})}
