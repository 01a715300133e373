"""Status reports: the content as of a date, "since last time", frozen once sent, and the trend
of what each report froze."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samverkan.planning import reporting
from samverkan.planning.models import Plan
from samverkan.testing.factories import ManagementObjectFactory

from .factories import ActivityFactory, EstimateFactory, PlanFactory, RiskFactory, TimeReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(laxa):
    plan = PlanFactory(management_object=ManagementObjectFactory(organisation=laxa),
                       organisation=laxa, year=2022, state=Plan.State.APPROVED)
    activity = ActivityFactory(plan=plan, title="Intervjuer", external_hours=Decimal(180),
                               actual_end=datetime.date(2022, 11, 20))
    ActivityFactory(plan=plan, title="Analys", actual_end=datetime.date(2022, 9, 30))
    TimeReportFactory(activity=activity, category="extern", hours=Decimal("173.5"),
                      date=datetime.date(2022, 11, 25))
    EstimateFactory(plan=plan, as_of=datetime.date(2022, 11, 25), category="extern",
                    remaining_hours=Decimal(9))
    RiskFactory(plan=plan, number=1, probability=4, impact=4, outcome="Påverkade kalendertiden")
    return plan


def test_a_report_holds_the_follow_up_as_of_its_date(plan, editor):
    first = reporting.create_report(editor, plan, datetime.date(2022, 10, 1))
    report = reporting.create_report(editor, plan, datetime.date(2022, 11, 29), "Inom budget")
    assert [a["title"] for a in first.snapshot["activities_done"]] == ["Analys"]
    assert [a["title"] for a in report.snapshot["activities_done"]] == ["Intervjuer"]
    external = next(h for h in report.snapshot["hours"] if h["category"] == "extern")
    assert (external["budget"], external["outcome"], external["remaining"], external["forecast"],
            external["deviation"]) == ("180.00", "173.50", "9.00", "182.50", "-2.50")
    assert report.snapshot["risks"][0]["priority"] == 16


def test_a_sent_report_never_changes(plan, editor):
    report = reporting.create_report(editor, plan, datetime.date(2022, 11, 29))
    reporting.send(editor, report, on=datetime.date(2022, 11, 29))
    frozen = dict(report.snapshot)
    TimeReportFactory(activity=plan.activities.get(title="Intervjuer"), category="extern",
                      hours=Decimal(4), date=datetime.date(2022, 11, 20))  # reported late
    report.refresh_from_db()
    assert report.snapshot == frozen
    with pytest.raises(ValidationError):
        reporting.change_comment(editor, report, "Ändrat i efterhand")
    with pytest.raises(ValidationError):
        reporting.send(editor, report)
    later = reporting.create_report(editor, plan, datetime.date(2022, 12, 15))
    rows = reporting.trend(plan)
    assert [r["hours"]["extern"]["outcome"] for r in rows] == ["173.50", "177.50"]
    assert rows[-1]["report"] == later


def test_only_the_object_manager_reports_and_only_on_a_decided_plan(plan, reader, editor):
    with pytest.raises(PermissionDenied):
        reporting.create_report(reader, plan, datetime.date(2022, 11, 29))
    plan.state = Plan.State.DRAFT
    plan.save()
    with pytest.raises(ValidationError):
        reporting.create_report(editor, plan, datetime.date(2022, 11, 29))
