"""The decision basis (beslutsunderlag) of a decision item as plain functions: its states
(utkast → beredd → beslutad, decided only once the meeting's decision on the item exists), how
it is saved (as a part of its meeting, with the version it started from), the municipalities it
can be made for, and the figures of its consequences per municipality: each one's share of the
initiative's budgets by the allocation key, its benefits and its saving in the scenario.

Nothing here reads a confidential value: the figures come from the initiative (budgets, benefits)
and the scenario (calculations), which carry no secrets; the register's contract amounts are read
for the reader in `basis_sections` through the permission layer."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samverkan.analysis.services import calculations
from samverkan.core import permissions
from samverkan.core import services as core
from samverkan.finance.services import default_participants
from samverkan.initiatives.services import benefits as initiative_benefits
from samverkan.initiatives.services import money as initiative_money
from samverkan.organisations.models import Organisation
from samverkan.planning import services as planning
from samverkan.planning.models import AgendaItem, Decision, Plan

from .models import DecisionBasis

State = DecisionBasis.State

# -- states ----------------------------------------------------------------------------------------

TRANSITIONS: dict[str, tuple[str, ...]] = {
    State.DRAFT: (State.PREPARED,),
    State.PREPARED: (State.DRAFT, State.DECIDED),
    State.DECIDED: (),
}


def next_states(state: str) -> tuple[str, ...]:
    """The states a basis in `state` may move to."""
    return TRANSITIONS.get(state, ())


def decision_for(item: AgendaItem) -> Decision | None:
    """The meeting's decision (§) on the item: the first by number when there are several."""
    return Decision.objects.filter(meeting_id=item.meeting_id, agenda_item=item).order_by(
        "year", "number", "pk").first()


def check_transition(basis: DecisionBasis, target: str, decision: Decision | None) -> None:
    """A ValidationError unless `basis` may move to `target`; beslutad needs the meeting's
    decision on the basis's own item."""
    if target not in State.values:
        raise ValidationError(_("Okänd status."))
    if target not in next_states(basis.state):
        raise ValidationError(_("Ett underlag som är %(state)s kan inte bli %(target)s.") % {
            "state": State(basis.state).label.lower(), "target": State(target).label.lower()})
    if target == State.DECIDED:
        if decision is None:
            raise ValidationError(_("Mötet har inte fattat något beslut (§) på punkten ännu."))
        if decision.agenda_item_id != basis.agenda_item_id:
            raise ValidationError(_("Beslutet gäller en annan punkt."))


def check_change(basis: DecisionBasis) -> None:
    """A decided basis is the record of what the decision rested on: it is not changed."""
    if basis.pk and DecisionBasis.objects.filter(pk=basis.pk, state=State.DECIDED).exists():
        raise ValidationError(_("Underlaget är beslutat och ändras inte."))


def save_basis(user, basis: DecisionBasis, *, expected_version: int | None = None):
    """Add or change a basis: a part of its meeting, so the meeting's editors write it."""
    check_change(basis)
    if basis.pk is None:
        basis.state, basis.decision = State.DRAFT, None
    return core.save_child(user, basis, basis.agenda_item.meeting,
                           expected_version=expected_version)


def change_state(user, basis: DecisionBasis, target: str, *,
                 expected_version: int | None = None) -> DecisionBasis:
    """Move the basis to `target`; beslutad links the meeting's decision on the item, going
    back to utkast leaves none linked."""
    core.check_can(user, permissions.CHANGE, basis.agenda_item.meeting)
    decision = decision_for(basis.agenda_item) if target == State.DECIDED else None
    check_transition(basis, target, decision)
    basis.state, basis.decision = target, decision
    return core.save_child(user, basis, basis.agenda_item.meeting,
                           expected_version=expected_version)


# -- for whom ----------------------------------------------------------------------------------


def year_of(basis: DecisionBasis) -> int:
    return basis.agenda_item.meeting.held_on.year


def member_choices(basis: DecisionBasis) -> list[Organisation]:
    """The municipalities a basis can be made for: the members of the meeting's cooperation in
    the meeting's year, the initiative's participants and the scenario's members."""
    meeting = basis.agenda_item.meeting
    found = {o.pk: o for o in default_participants(meeting.organisation, year_of(basis))}
    if basis.initiative_id:
        found.update({p.organisation_id: p.organisation for p in
                      basis.initiative.participations.select_related("organisation")})
    if basis.scenario_id:
        for step in basis.scenario.steps.select_related("calculation"):
            found.update({o.pk: o for o in calculations.members(step.calculation)})
    return sorted(found.values(), key=lambda o: (o.name, o.pk))


def member_of(basis: DecisionBasis, value) -> Organisation | None:
    """The municipality named by `value` (an id) among the basis's, None for none given."""
    if value in (None, ""):
        return None
    text = str(value)
    chosen = next((o for o in member_choices(basis) if text.isdigit() and o.pk == int(text)),
                  None)
    if chosen is None:
        raise ValidationError({"member": [_("Kommunen hör inte till underlaget.")]})
    return chosen


# -- the plan whose risks it weighs ------------------------------------------------------------


def plan_of(basis: DecisionBasis, user) -> Plan | None:
    """The object's plan of the meeting's year in force when the basis names an object, else
    the plan the meeting follows up."""
    meeting = basis.agenda_item.meeting
    if basis.management_object_id:
        found = Plan.objects.for_user(user).filter(
            management_object_id=basis.management_object_id, year=year_of(basis),
            archived_at__isnull=True).exclude(state=Plan.State.REVISED).order_by(
            "-revision").first()
        if found is not None:
            return found
    return planning.plan_for(meeting, user)


# -- consequences per municipality -------------------------------------------------------------


@dataclass
class Consequence:
    """One municipality's costs by the allocation key (per budget), benefits and saving."""

    name: str
    organisation_id: int | None
    shares: list[int | None]  # per budget label, in öre; None: not a payer
    benefit_ore: int = 0  # the money benefits arising with it, over the initiative's years
    saving_ore: int = 0  # its saving in the scenario's steps

    @property
    def cost_ore(self) -> int:
        return sum(share or 0 for share in self.shares)

    @property
    def net_ore(self) -> int:
        return self.benefit_ore + self.saving_ore - self.cost_ore


@dataclass
class Consequences:
    budgets: list[str]  # labels of the budgets split
    totals: list[int]  # each budget's whole, in öre
    rows: list[Consequence] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    common_benefits: list = field(default_factory=list)  # arising with the cooperation
    key_text: str = ""

    def total(self) -> Consequence:
        return Consequence(_("Summa"), None, [sum(r.shares[i] or 0 for r in self.rows)
                                              for i in range(len(self.budgets))],
                           sum(r.benefit_ore for r in self.rows),
                           sum(r.saving_ore for r in self.rows))


def scenario_summary(basis: DecisionBasis):
    """The scenario's steps with their savings, or (None, reason) when a calculation lacks what
    it needs (an hourly cost)."""
    if not basis.scenario_id:
        return None, ""
    try:
        return calculations.summary(basis.scenario), ""
    except calculations.MissingRate as exc:
        return None, str(exc)


def consequences(basis: DecisionBasis, member: Organisation | None = None) -> Consequences:
    """Each municipality's consequences (only `member`'s when given): its share of each of the
    initiative's budgets by the initiative's key (`initiatives` splits them exact to the öre,
    so the shares sum to the budget), its own money benefits and its saving in the scenario."""
    result = Consequences([], [])
    by_id: dict[int, Consequence] = {}
    by_name: dict[str, Consequence] = {}

    def row(name: str, organisation_id: int | None) -> Consequence:
        found = by_id.get(organisation_id) if organisation_id else None
        found = found or by_name.get(name)
        if found is None:
            found = Consequence(name, organisation_id, [None] * len(result.budgets))
            result.rows.append(found)
            by_name[name] = found
            if organisation_id:
                by_id[organisation_id] = found
        return found

    initiative = basis.initiative if basis.initiative_id else None
    if initiative is not None:
        splits, result.problems = initiative_money.budget_splits(initiative)
        result.budgets = [str(label) for label, _split in splits]
        result.totals = [split.total_ore for _label, split in splits]
        result.key_text = initiative_money.key_text(initiative)
        payers = {share.id: share.name for _label, split in splits for share in split.shares}
        participants = {p.organisation_id: p.organisation.name for p in
                        initiative.participations.select_related("organisation")}
        for organisation_id, name in sorted({**participants, **payers}.items(),
                                            key=lambda item: (item[1], item[0])):
            own = initiative_benefits.member_basis(initiative, organisation_id, splits)
            line = row(name, organisation_id)
            line.shares = [share.amount_ore if share else None for _l, share, _t in own.shares]
            line.benefit_ore = own.benefit_ore
        result.common_benefits = initiative_benefits.member_basis(
            initiative, initiative.organisation_id, splits).common
    summary, problem = scenario_summary(basis)
    if problem:
        result.problems.append(problem)
    if summary is not None:
        ids = {o.name: o.pk for _step, _s in summary.steps
               for o in calculations.members(_step.calculation)}
        for name, saved in summary.per_member.items():
            row(name, ids.get(name)).saving_ore += saved
    if member is not None:
        result.rows = [r for r in result.rows
                       if r.organisation_id == member.pk or (r.organisation_id is None
                                                             and r.name == member.name)]
    return result


def as_of(basis: DecisionBasis) -> datetime.date:
    return basis.agenda_item.meeting.held_on
