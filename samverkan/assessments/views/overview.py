"""The TIME chart with its data table, the members' spread, and the systems not yet assessed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..services import overview


@login_required
def time_overview(request):
    rows = overview.latest_results(request.user)
    return render(request, "assessments/time.html", {
        "rows": rows,
        "chart": overview.time_chart(rows),
        "spreads": overview.spread_rows(rows),
        "not_assessed": overview.not_assessed(request.user),
    })
