"""factory_boy factories of the planning models."""

import datetime
from decimal import Decimal

import factory

from samverkan.planning.models import (
    Action,
    Activity,
    Decision,
    Estimate,
    Goal,
    Meeting,
    Plan,
    Release,
    Risk,
    TimeReport,
)
from samverkan.testing.factories import ManagementObjectFactory, PersonFactory


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    kind = Plan.Kind.MANAGEMENT
    management_object = factory.SubFactory(ManagementObjectFactory)
    organisation = factory.SelfAttribute("management_object.organisation")
    year = 2026
    name = factory.LazyAttribute(lambda p: f"Förvaltningsplan {p.management_object.name} {p.year}")
    mission = "Förvalta och vidareutveckla objektets system."


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Mål {n}")
    indicator = "Andel lärare som använder plattformen varje vecka"
    baseline = "55 %"
    target = "80 %"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Aktivitet {n}")
    internal_hours = Decimal(40)
    external_hours = Decimal(0)
    budget_ore = 0


class TimeReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimeReport

    activity = factory.SubFactory(ActivityFactory)
    date = datetime.date(2026, 3, 31)
    hours = Decimal(8)


class EstimateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Estimate

    plan = factory.SubFactory(PlanFactory)
    as_of = datetime.date(2026, 3, 31)
    remaining_hours = Decimal(10)


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    description = "Leverantören levererar sent"
    probability = 3
    impact = 3


class ReleaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Release

    plan = factory.SubFactory(PlanFactory)
    title = "Version 5.2"
    starts_at = factory.LazyFunction(
        lambda: datetime.datetime(2026, 4, 14, 18, 0, tzinfo=datetime.UTC))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    management_object = factory.SubFactory(ManagementObjectFactory)
    organisation = factory.SelfAttribute("management_object.organisation")
    title = "Styrgruppsmöte"
    held_on = datetime.date(2026, 2, 10)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    series = factory.LazyAttribute(lambda d: d.meeting.series)
    year = factory.LazyAttribute(lambda d: d.meeting.held_on.year)
    number = factory.Sequence(lambda n: n + 1)
    title = "Förvaltningsplan"
    text = "Styrgruppen fastställer planen."


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    meeting = factory.SubFactory(MeetingFactory)
    title = "Ta fram förslag på gemensamt servicefönster"
    owner = factory.SubFactory(PersonFactory)
    due_on = datetime.date(2026, 3, 31)
