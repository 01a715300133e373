"""Licence comparison: contracted against invoiced per system (or product), municipality and
year, and the invoiced amount per inhabitant of that year.

The difference follows the seed's convention: contracted − invoiced (negative = invoiced more
than contracted). Where no contracted amount is known ("inget avtalsvärde") the difference is
undefined: the row's invoiced amount is in the municipality's invoiced total but not in the
like-for-like difference, and the total says how many rows it leaves out. (The seed's own table
put such an invoiced amount in the difference with the wrong sign.)

Confidential prices: an entry whose contracted amount the user may not see arrives here with
`contracted_hidden`; its contracted amount is not known to this function at all, so it cannot
influence a total, a difference or an order. The total counts such rows as hidden, as the
reconciliation does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from .common import exact


@dataclass(frozen=True)
class Entry:
    label: str
    organisation_id: int
    organisation_name: str
    contracted_ore: int | None
    invoiced_ore: int | None
    contracted_hidden: bool = False

    def __post_init__(self):
        if self.contracted_hidden and self.contracted_ore is not None:
            raise ValueError("a hidden contracted amount must not be passed on")


@dataclass(frozen=True)
class Population:
    inhabitants: int
    source: str = ""


@dataclass
class Cell:
    entry: Entry
    inhabitants: int | None

    @property
    def difference_ore(self) -> int | None:
        if self.entry.contracted_ore is None or self.entry.invoiced_ore is None:
            return None
        return self.entry.contracted_ore - self.entry.invoiced_ore

    @property
    def no_contract_value(self) -> bool:
        return self.entry.contracted_ore is None and not self.entry.contracted_hidden

    @property
    def per_inhabitant(self) -> Fraction | None:
        """Invoiced kronor per inhabitant, exactly."""
        return per_inhabitant(self.entry.invoiced_ore, self.inhabitants)


@dataclass
class Column:
    organisation_id: int
    organisation_name: str
    population: Population | None
    cells: dict[str, Cell] = field(default_factory=dict)

    @property
    def contracted_ore(self) -> int:
        return sum(c.entry.contracted_ore or 0 for c in self.cells.values())

    @property
    def invoiced_ore(self) -> int:
        return sum(c.entry.invoiced_ore or 0 for c in self.cells.values())

    @property
    def invoiced_like_for_like_ore(self) -> int:
        return sum(c.entry.invoiced_ore or 0 for c in self.cells.values()
                   if c.difference_ore is not None)

    @property
    def difference_ore(self) -> int:
        """Contracted − invoiced over the rows where both are known."""
        return sum(c.difference_ore for c in self.cells.values() if c.difference_ore is not None)

    @property
    def without_contract_value(self) -> int:
        return sum(1 for c in self.cells.values() if c.no_contract_value)

    @property
    def hidden(self) -> int:
        return sum(1 for c in self.cells.values() if c.entry.contracted_hidden)

    @property
    def per_inhabitant(self) -> Fraction | None:
        return per_inhabitant(self.invoiced_ore, self.population and self.population.inhabitants)


@dataclass
class Comparison:
    labels: list[str]
    columns: list[Column]

    @property
    def contracted_ore(self) -> int:
        return sum(c.contracted_ore for c in self.columns)

    @property
    def invoiced_ore(self) -> int:
        return sum(c.invoiced_ore for c in self.columns)

    @property
    def difference_ore(self) -> int:
        return sum(c.difference_ore for c in self.columns)


def per_inhabitant(invoiced_ore: int | None, inhabitants: int | None) -> Fraction | None:
    if invoiced_ore is None or not inhabitants:
        return None
    return exact(invoiced_ore) / 100 / inhabitants


def compare(entries: Iterable[Entry], populations: Mapping[int, Population]) -> Comparison:
    """One column per organisation (in the order first met), one row per label; the same label
    twice for one organisation is added together (e.g. two contracts for one product)."""
    columns: dict[int, Column] = {}
    labels: list[str] = []
    for entry in entries:
        column = columns.get(entry.organisation_id)
        if column is None:
            column = columns[entry.organisation_id] = Column(
                entry.organisation_id, entry.organisation_name,
                populations.get(entry.organisation_id))
        if entry.label not in labels:
            labels.append(entry.label)
        previous = column.cells.get(entry.label)
        if previous is not None:
            entry = _combined(previous.entry, entry)
        column.cells[entry.label] = Cell(entry, column.population and
                                         column.population.inhabitants)
    return Comparison(labels, list(columns.values()))


def _combined(first: Entry, second: Entry) -> Entry:
    hidden = first.contracted_hidden or second.contracted_hidden
    contracted = None
    if not hidden and first.contracted_ore is not None and second.contracted_ore is not None:
        contracted = first.contracted_ore + second.contracted_ore
    invoiced = None
    if first.invoiced_ore is not None or second.invoiced_ore is not None:
        invoiced = (first.invoiced_ore or 0) + (second.invoiced_ore or 0)
    return Entry(first.label, first.organisation_id, first.organisation_name, contracted,
                 invoiced, hidden)
