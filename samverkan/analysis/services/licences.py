"""The licence comparison from the ledger reconciliation: one row per contract (its title names
the system or product) per municipality, for one year, with the population of that year and its
source.

The reconciliation report already applies the permission layer: a contracted amount the user
may not see arrives as hidden (never as a number), and an invoiced amount outside the user's
organisations without price rights arrives as None. Only what arrives is compared.
"""

from __future__ import annotations

from samverkan.ledger import reconciliation
from samverkan.organisations import population

from ..calculators import licences


def reconciled_rows(user, year: int, organisation_ids=None) -> list:
    """The reconciliation's rows the comparison is made of, as `user` may see them."""
    wanted = None if organisation_ids is None else {int(pk) for pk in organisation_ids}
    rows = reconciliation.report(user, year=year, page_size=None, organisations=wanted).rows
    rows = [r for r in rows if r.invoiced_ore is not None or r.contracted_ore is not None]
    rows.sort(key=lambda r: (r.organisation.name, r.contract.title, r.contract_id))
    return rows


def comparison(user, year: int, organisation_ids=None, rows=None) -> licences.Comparison:
    """The comparison of `year`; `rows` are `reconciled_rows` when the caller has them."""
    if rows is None:
        rows = reconciled_rows(user, year, organisation_ids)
    entries = [
        licences.Entry(
            label=row.contract.title, organisation_id=row.organisation.pk,
            organisation_name=row.organisation.name,
            contracted_ore=row.contracted_ore if row.prices_visible else None,
            invoiced_ore=row.invoiced_ore, contracted_hidden=not row.prices_visible)
        for row in rows
    ]
    figures = population.figures(year, {e.organisation_id for e in entries})
    populations = {
        pk: licences.Population(f.inhabitants, _source(f)) for pk, f in figures.items()
    }
    return licences.compare(entries, populations)


def _source(figure) -> str:
    note = f" ({figure.note})" if figure.note else ""
    return f"{figure.source}{note}"
