"""The TIME chart: business value (y) × technical fit (x), colour = criticality. Up to
`MARKERS_UP_TO` results one bubble per result (size = yearly cost); above that the results are
summarised on a grid of 0,5 × 0,5 with one bubble per cell and criticality (size = the cell's
summed yearly cost), since a chart of tens of thousands of markers can neither be drawn nor
read. The grid's lines fall on the threshold 3,0, so every cell lies within one TIME quadrant.
The cells are returned too, so the page can give the chart its data table."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from samverkan.core.formatting import format_number
from samverkan.portfolio.models import System

from ..models import Disposition
from .overview import Point, tkr

MARKERS_UP_TO = 1000
STEP = 50  # hundredths: a cell is 0,5 wide on each axis
TOP = 500  # 5,0 lies in the last cell, not in a cell of its own
THRESHOLD = 300

CRITICALITY_COLOURS = {"kritisk": "#c8553d", "hog": "#f2a541", "medel": "#2a7ab0",
                       "lag": "#6fb1d8", "": "#888888"}
CRITICALITY_ORDER = ("kritisk", "hog", "medel", "lag", "")


def criticality_label(criticality: str) -> str:
    if criticality in System.Criticality.values:
        return str(System.Criticality(criticality).label)
    return _("Ej angiven")


@dataclass
class Cell:
    business_from: int  # hundredths
    technical_from: int
    criticality: str
    count: int = 0
    cost_ore: int = 0

    @property
    def business_range(self) -> tuple[Decimal, Decimal]:
        return Decimal(self.business_from) / 100, Decimal(self.business_from + STEP) / 100

    @property
    def technical_range(self) -> tuple[Decimal, Decimal]:
        return Decimal(self.technical_from) / 100, Decimal(self.technical_from + STEP) / 100

    @property
    def cost_tkr(self) -> Decimal:
        return tkr(self.cost_ore)

    @property
    def criticality_label(self) -> str:
        return criticality_label(self.criticality)

    @property
    def quadrant(self) -> str:
        """The TIME class of every score in the cell (the grid's lines fall on 3,0)."""
        high_value, high_fit = self.business_from >= THRESHOLD, self.technical_from >= THRESHOLD
        if high_value:
            return Disposition.INVEST if high_fit else Disposition.MIGRATE
        return Disposition.TOLERATE if high_fit else Disposition.ELIMINATE

    @property
    def quadrant_label(self) -> str:
        return str(Disposition(self.quadrant).label)


@dataclass
class ClassTotal:
    label: str
    count: int = 0
    cost_ore: int = 0

    @property
    def cost_tkr(self) -> Decimal:
        return tkr(self.cost_ore)


@dataclass
class TimeChart:
    spec: dict
    summarised: bool
    results: int  # results in scope
    unscored: int  # results without both scores, not in the chart
    cells: list[Cell] = field(default_factory=list)
    classes: list[ClassTotal] = field(default_factory=list)

    def table_rows(self) -> list[tuple[str, str, str, str, str, str]]:
        """The cells as the rows of the chart's data table, formatted here once per distinct
        edge and label: a country's 320 cells through template filters cost several times
        more."""
        spans, labels = _Spans(), {}
        rows = []
        for c in self.cells:
            key = (c.quadrant, c.criticality)
            if key not in labels:
                labels[key] = (c.quadrant_label, c.criticality_label)
            rows.append((spans[c.business_from], spans[c.technical_from], *labels[key],
                         format_number(c.count), format_number(c.cost_tkr, 2)))
        return rows


class _Spans(dict):
    """A cell's range on one axis as text ("2,5–3,0") by its lower edge in hundredths."""

    def __missing__(self, start: int) -> str:
        text = self[start] = (f"{format_number(Decimal(start) / 100, 1)}–"
                              f"{format_number(Decimal(start + STEP) / 100, 1)}")
        return text


def _layout() -> dict:
    line = {"type": "line", "line": {"dash": "dot", "color": "#555"}}
    return {
        "title": {"text": _("TIME: verksamhetsvärde × teknik och leverantör"),
                  "font": {"size": 14}},
        "height": 480, "separators": ", ", "legend": {"orientation": "h"},
        "xaxis": {"title": {"text": _("Teknik och leverantör (1–5)")}, "range": [0.8, 5.2]},
        "yaxis": {"title": {"text": _("Verksamhetsvärde (1–5)")}, "range": [0.8, 5.2]},
        "shapes": [dict(line, x0=3, x1=3, y0=1, y1=5), dict(line, x0=1, x1=5, y0=3, y1=3)],
    }


def _size(cost_ore: int | None, largest: int) -> float:
    return 12 + 40 * (cost_ore or 0) / (largest or 1)


def _markers(scored: list[Point]) -> list[dict]:
    by_criticality: dict[str, list[Point]] = defaultdict(list)
    for point in scored:
        by_criticality[point.criticality or ""].append(point)
    largest = max((p.cost_ore or 0 for p in scored), default=0)
    return [{
        "type": "scatter", "mode": "markers+text", "name": criticality_label(criticality),
        "x": [p.technical / 100 for p in group], "y": [p.business / 100 for p in group],
        "text": [f"{p.system_name} ({p.organisation_name})" for p in group],
        "textposition": "top center",
        "marker": {"color": CRITICALITY_COLOURS.get(criticality, "#888888"),
                   "size": [_size(p.cost_ore, largest) for p in group], "opacity": 0.7},
    } for criticality, group in sorted(by_criticality.items(), key=_criticality_order)]


def _criticality_order(item) -> int:
    key = item[0]
    return CRITICALITY_ORDER.index(key) if key in CRITICALITY_ORDER else len(CRITICALITY_ORDER)


def cell_edge(hundredths: int) -> int:
    """The lower edge of the cell a score (in hundredths) lies in."""
    return min(hundredths, TOP - 1) // STEP * STEP


def cells(scored: list[Point]) -> list[Cell]:
    grid: dict[tuple[int, int, str], list[int]] = {}
    for point in scored:
        key = (cell_edge(point.business), cell_edge(point.technical), point.criticality)
        totals = grid.get(key)
        if totals is None:
            totals = grid[key] = [0, 0]
        totals[0] += 1
        totals[1] += point.cost_ore or 0
    return sorted((Cell(*key, *totals) for key, totals in grid.items()), key=cell_order)


def cell_order(cell: Cell) -> tuple:
    return -cell.business_from, cell.technical_from, _criticality_order((cell.criticality,))


def _bubbles(grid: list[Cell]) -> list[dict]:
    by_criticality: dict[str, list[Cell]] = defaultdict(list)
    for cell in grid:
        by_criticality[cell.criticality].append(cell)
    largest = max((c.cost_ore for c in grid), default=0)
    data = []
    for criticality, group in sorted(by_criticality.items(), key=_criticality_order):
        # side by side within the cell, so the criticalities of one cell do not cover each other
        offset = (_criticality_order((criticality,)) - 2) * 0.08
        data.append({
            "type": "scatter", "mode": "markers", "name": criticality_label(criticality),
            "x": [(c.technical_from + STEP / 2) / 100 + offset for c in group],
            "y": [(c.business_from + STEP / 2) / 100 for c in group],
            "hoverinfo": "text",
            "text": [_("Verksamhetsvärde %(b0)s–%(b1)s, teknik %(t0)s–%(t1)s, %(crit)s: "
                       "%(n)s resultat, %(cost)s tkr per år") % {
                "b0": format_number(c.business_range[0], 1),
                "b1": format_number(c.business_range[1], 1),
                "t0": format_number(c.technical_range[0], 1),
                "t1": format_number(c.technical_range[1], 1),
                "crit": c.criticality_label, "n": format_number(c.count),
                "cost": format_number(c.cost_tkr, 2)} for c in group],
            "marker": {"color": CRITICALITY_COLOURS.get(criticality, "#888888"),
                       "size": [_size(c.cost_ore, largest) for c in group], "opacity": 0.7},
        })
    return data


def class_totals(found: list[Point]) -> list[ClassTotal]:
    """Results and summed yearly cost per TIME class as set when each round closed."""
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    known = frozenset(Disposition.values)
    for point in found:
        totals = sums[point.disposition if point.disposition in known else ""]
        totals[0] += 1
        totals[1] += point.cost_ore or 0
    labels = [*Disposition.choices, ("", _("Ej bestämd"))]
    return [ClassTotal(str(label), *sums[value]) for value, label in labels if value in sums]


def time_chart(found: list[Point], markers_up_to: int | None = None) -> TimeChart:
    scored = [p for p in found if p.business is not None and p.technical is not None]
    layout = _layout()
    if len(scored) <= (MARKERS_UP_TO if markers_up_to is None else markers_up_to):
        return TimeChart({"data": _markers(scored), "layout": layout}, False, len(found),
                         len(found) - len(scored))
    return summary(len(found), len(scored), cells(scored), class_totals(found))


def summary(results: int, scored: int, grid: list[Cell], classes: list[ClassTotal]) -> TimeChart:
    """The summarised chart of these cells (`cells`, or `time_figures` by the database)."""
    return TimeChart({"data": _bubbles(grid), "layout": _layout()}, True, results,
                     results - scored, grid, classes)
