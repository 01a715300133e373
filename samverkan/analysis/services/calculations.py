"""Saved calculations: their structured inputs turned into calculator inputs, the results, and
the savings a scenario step takes from them. Changes go through core's service path (permission
layer, version check against lost updates, history)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from fractions import Fraction

from django.db import transaction
from django.utils.translation import gettext as _

from samverkan.core import services as core_services
from samverkan.finance import allocation
from samverkan.finance.models import AllocationKey
from samverkan.finance.services.keys import key_bases, version_for
from samverkan.organisations.models import Organisation

from ..calculators import hosting, procurement
from ..models import Calculation, HourlyCost, Scenario, ScenarioStep


class MissingRate(ValueError):
    pass


def hourly_rate_ore(organisation, year: int) -> int | None:
    found = HourlyCost.objects.filter(organisation=organisation, year=year,
                                      archived_at__isnull=True).first()
    return found.rate_ore if found else None


def members(calculation: Calculation) -> list[Organisation]:
    ids = calculation.inputs.get("members") or []
    return sorted(Organisation.objects.filter(pk__in=ids), key=lambda o: (o.name, o.pk))


def procurement_result(calculation: Calculation) -> procurement.Result:
    inputs = calculation.inputs
    rate = inputs.get("hourly_rate_ore")
    if rate is None:
        rate = hourly_rate_ore(calculation.organisation, calculation.year)
    if rate is None:
        raise MissingRate(_("Ingen internkostnad per timme finns för %(year)s.")
                          % {"year": calculation.year})
    activities = [procurement.Activity.of(a["name"], a["hours_alone"], a["hours_together"])
                  for a in inputs.get("activities", [])]
    people = members(calculation)
    count = len(people) or int(inputs.get("member_count") or 1)
    claims = procurement.equal_claims((o.pk, o.name) for o in people)
    weights = inputs.get("weights") or {}
    key = share_key(calculation)
    if key is not None:
        # the key version in force at the start of the calculation's year, population of
        # that year (or the nearest a member has), as finance splits a pool of the year
        bases = key_bases(version_for(key, datetime.date(calculation.year, 1, 1)), people,
                          calculation.year)
        weights = {str(k): basis.weight for k, basis in bases.items()}
    if weights:
        claims = [allocation.Claim(id=c.id, name=c.name,
                                   weight=Fraction(str(weights.get(str(c.id), 0))))
                  for c in claims]
    return procurement.calculate(activities, count, int(rate), claims)


def share_key(calculation: Calculation) -> AllocationKey | None:
    """The finance key that splits the joint cost between the members (None: equal shares)."""
    key_id = calculation.inputs.get("key")
    return AllocationKey.objects.filter(pk=key_id).first() if key_id else None


def hosting_result(calculation: Calculation) -> hosting.Result:
    inputs = calculation.inputs
    alternatives = [
        hosting.Alternative(a["name"], tuple(
            hosting.CostLine.of(line["label"], line["quantity"], line["unit_price_ore"],
                                one_off=bool(line.get("one_off")),
                                spread_months=int(line.get("spread_months") or
                                                  hosting.DEFAULT_SPREAD_MONTHS),
                                organisation=line.get("organisation", ""))
            for line in a.get("lines", [])))
        for a in inputs.get("alternatives", [])
    ]
    return hosting.calculate(alternatives, int(inputs.get("horizon_months") or 36))


def result(calculation: Calculation):
    if calculation.kind == Calculation.Kind.PROCUREMENT:
        return procurement_result(calculation)
    if calculation.kind == Calculation.Kind.HOSTING:
        return hosting_result(calculation)
    return None


@dataclass
class Savings:
    total_ore: int = 0
    per_member: dict[str, int] = field(default_factory=dict)


def savings(calculation: Calculation) -> Savings:
    """What a scenario step saves: the procurement saving with each member's share, or the
    first alternative's saving over the horizon in a hosting comparison (shared equally between
    the members named in the inputs, by finance's largest-remainder split)."""
    computed = result(calculation)
    if isinstance(computed, procurement.Result):
        return Savings(computed.total.saved_ore,
                       {s.name: s.saved_ore for s in computed.shares})
    if isinstance(computed, hosting.Result) and computed.savings:
        total = computed.savings[0].total_ore
        people = members(calculation)
        per_member = {}
        if people:
            split = allocation.split(total, procurement.equal_claims((o.pk, o.name)
                                                                     for o in people))
            per_member = {s.name: s.amount_ore for s in split.shares}
        return Savings(total, per_member)
    return Savings()


def save_calculation(user, calculation: Calculation, inputs: dict, *,
                     expected_version: int | None = None) -> Calculation:
    calculation.inputs = inputs
    if calculation._state.adding and not calculation.owner_id:
        calculation.owner = user
    return core_services.save_record(user, calculation, expected_version=expected_version)


@dataclass
class ScenarioSummary:
    scenario: Scenario
    steps: list[tuple[ScenarioStep, Savings]]
    total_ore: int
    per_member: dict[str, int]


def summary(scenario: Scenario) -> ScenarioSummary:
    steps = [(step, savings(step.calculation))
             for step in scenario.steps.select_related("calculation__organisation")]
    per_member: dict[str, int] = {}
    for _step, saved in steps:
        for name, amount in saved.per_member.items():
            per_member[name] = per_member.get(name, 0) + amount
    return ScenarioSummary(scenario, steps, sum(s.total_ore for _x, s in steps),
                           dict(sorted(per_member.items())))


@transaction.atomic
def add_step(user, scenario: Scenario, name: str, calculation: Calculation) -> ScenarioStep:
    last = scenario.steps.order_by("-position").values_list("position", flat=True).first() or 0
    step = ScenarioStep(scenario=scenario, position=last + 1, name=name, calculation=calculation)
    return core_services.save_child(user, step, scenario)


@transaction.atomic
def move_step(user, step: ScenarioStep, offset: int, *,
              expected_version: int | None = None) -> ScenarioStep:
    """Move a step `offset` places (-1 up, +1 down) by swapping it with its neighbour; the
    first and last stay where they are."""
    scenario = step.scenario
    steps = list(scenario.steps.order_by("position", "pk"))
    index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
    if not 0 <= index + offset < len(steps):
        return step
    moved, other = steps[index], steps[index + offset]
    here, there = moved.position, other.position
    # positions are unique in a scenario: the step waits at 0 while its neighbour moves
    moved.position = 0
    core_services.save_child(user, moved, scenario, expected_version=expected_version)
    other.position = here
    core_services.save_child(user, other, scenario, expected_version=other.version)
    moved.position = there
    return core_services.save_child(user, moved, scenario, expected_version=moved.version)


@transaction.atomic
def remove_step(user, step: ScenarioStep, *, expected_version: int | None = None) -> None:
    """Remove a step; the later ones move up so that the positions stay 1, 2, 3, …"""
    scenario = step.scenario
    core_services.delete_child(user, step, scenario, expected_version=expected_version)
    for later in scenario.steps.filter(position__gt=step.position).order_by("position"):
        later.position -= 1
        core_services.save_child(user, later, scenario, expected_version=later.version)


def validate_inputs(calculation: Calculation) -> None:
    """Raise if the inputs cannot be read as the calculator's inputs (a missing hourly cost is
    not an error here: it may be entered later)."""
    if calculation.kind == Calculation.Kind.PROCUREMENT:
        for activity in calculation.inputs.get("activities", []):
            procurement.Activity.of(activity["name"], activity["hours_alone"],
                                    activity["hours_together"])
    elif calculation.kind == Calculation.Kind.HOSTING:
        hosting_result(calculation)
