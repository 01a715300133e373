"""The analyses of the reports demo: the investigation's steering-group meeting of 2022-11-29 is shown the
analyses of seed 001's «Besparingspotentialer» – the procurement estimate for a new learning
platform, the Procapita hosting comparison, the scenario of one platform for all four – and the
2021 licence comparison from the ledger demo's reconciliation, so its pack holds the seed deck's
three analysis tables (with the corrected figures where the deck's are wrong).

`load()` is idempotent: a meeting that already has a choice keeps it."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from samverkan.analysis.models import Calculation, Scenario
from samverkan.planning.models import Meeting, Plan
from samverkan.reports import analyses

from . import analysis as analysis_demo
from . import planning as planning_demo

MEETING_DAY = datetime.date(2022, 11, 29)


@transaction.atomic
def load() -> dict:
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    meeting = Meeting.objects.filter(
        project__name=planning_demo.INVESTIGATION, project__kind=Plan.Kind.PROJECT,
        held_on=MEETING_DAY).first()
    if admin is None or meeting is None:
        return {}
    record = analyses.stored(meeting)
    if record is None:
        chosen = Calculation.objects.filter(
            organisation=meeting.organisation,
            name__in=[analysis_demo.PROCUREMENT, analysis_demo.HOSTING])
        scenarios = Scenario.objects.filter(organisation=meeting.organisation,
                                            name=analysis_demo.SCENARIO)
        record = analyses.save_choice(admin, meeting, chosen, scenarios, analysis_demo.YEAR)
    return {"meeting": meeting, "analyses": record}
