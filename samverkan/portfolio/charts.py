"""Chart specifications for plotly, drawn by static JavaScript from a JSON data block (no
inline script, so the Content Security Policy stays strict). Each chart also has a table."""

from __future__ import annotations

COLOURS = ["#12355b", "#2a7ab0", "#6fb1d8", "#f2a541", "#c8553d", "#588b8b"]


def bar(labels, series: dict[str, list], title: str, horizontal: bool = True) -> dict:
    data = []
    for index, (name, values) in enumerate(series.items()):
        trace = {"type": "bar", "name": name, "marker": {"color": COLOURS[index % len(COLOURS)]}}
        if horizontal:
            trace.update({"x": values, "y": labels, "orientation": "h"})
        else:
            trace.update({"x": labels, "y": values})
        data.append(trace)
    height = max(300, 28 * len(labels) + 80) if horizontal else 360
    layout = {
        "title": {"text": title, "font": {"size": 14}},
        "height": height,
        "margin": {"l": 200 if horizontal else 50, "r": 20, "t": 40, "b": 40},
        "barmode": "group",
        "legend": {"orientation": "h"},
        "separators": ", ",
    }
    if horizontal:
        layout["yaxis"] = {"autorange": "reversed", "automargin": True}
    return {"data": data, "layout": layout}
