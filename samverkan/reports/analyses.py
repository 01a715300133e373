"""Which analyses a meeting is shown: the calculations and scenarios chosen for it on the pack
page, or, where none are chosen, its organisation's own; always only those the reader may see.
The licence comparison's year is the one chosen, else the year of a chosen licence calculation,
else the latest year of the chosen calculations, else the latest reconciled year before the
meeting."""

from __future__ import annotations

from dataclasses import dataclass, field

from samverkan.analysis.models import Calculation, Scenario
from samverkan.core import services as core
from samverkan.ledger import reconciliation
from samverkan.organisations.models import related_organisation_ids

from .models import MeetingAnalyses


@dataclass
class Choice:
    calculations: list[Calculation] = field(default_factory=list)
    scenarios: list[Scenario] = field(default_factory=list)
    licence_year: int | None = None
    chosen: bool = False  # chosen for the meeting, not its organisation's by default


def stored(meeting) -> MeetingAnalyses | None:
    return MeetingAnalyses.objects.filter(meeting=meeting).first()


def candidates(meeting, user):
    """The calculations and scenarios that may be chosen for the meeting: its organisation's
    and related organisations' (members, cooperations), as the user may see them."""
    owners = related_organisation_ids(meeting.organisation_id)
    calculations = Calculation.objects.for_user(user).filter(
        organisation_id__in=owners, archived_at__isnull=True).select_related("organisation")
    scenarios = Scenario.objects.for_user(user).filter(
        organisation_id__in=owners, archived_at__isnull=True).select_related("organisation")
    return calculations, scenarios


def choice(meeting, user) -> Choice:
    record = stored(meeting)
    visible_calculations = Calculation.objects.for_user(user).filter(archived_at__isnull=True)
    visible_scenarios = Scenario.objects.for_user(user).filter(archived_at__isnull=True)
    result = Choice()
    if record is not None:
        result.calculations = list(visible_calculations.filter(
            pk__in=record.calculations.values("pk")).select_related("organisation"))
        result.scenarios = list(visible_scenarios.filter(
            pk__in=record.scenarios.values("pk")).select_related("organisation"))
        result.licence_year = record.licence_year
        result.chosen = record.calculations.exists() or record.scenarios.exists()
    if not result.chosen:
        own = meeting.organisation_id
        result.calculations = list(visible_calculations.filter(organisation_id=own)
                                   .select_related("organisation"))
        result.scenarios = list(visible_scenarios.filter(organisation_id=own)
                                .select_related("organisation"))
    result.calculations.sort(key=lambda c: (c.kind, c.name, c.pk))
    result.scenarios.sort(key=lambda s: (not s.recommended, s.name, s.pk))
    if result.licence_year is None:
        result.licence_year = default_licence_year(meeting, result.calculations)
    return result


def default_licence_year(meeting, calculations) -> int | None:
    years = [c.year for c in calculations if c.kind == Calculation.Kind.LICENCES]
    if years:
        return max(years)
    if calculations:
        return max(c.year for c in calculations)
    earlier = [y for y in reconciliation.available_years() if y <= meeting.held_on.year]
    return max(earlier) if earlier else None


def save_choice(user, meeting, calculations, scenarios, licence_year, *,
                expected_version: int | None = None) -> MeetingAnalyses:
    """Store the meeting's choice (editing the meeting: its organisation's editors)."""
    record = stored(meeting) or MeetingAnalyses(meeting=meeting)
    record.licence_year = licence_year
    record = core.save_child(user, record, meeting, expected_version=expected_version)
    record.calculations.set(calculations)
    record.scenarios.set(scenarios)
    return record
