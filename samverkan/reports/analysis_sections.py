"""The steering pack's analyses: the calculations chosen for the meeting (joint procurement, own
hosting against a supplier's cloud), the licence comparison of a year, the TIME chart data and
the scenarios side by side. Every figure comes from the analysis and assessment services that
the analysis pages show (never computed another way here); where the source's printed figure
differs, the calculation's note on it is printed beside the table."""

from __future__ import annotations

from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from samverkan.analysis.calculators import hosting, procurement
from samverkan.analysis.calculators.common import percent_shown, round_ore
from samverkan.analysis.models import Calculation
from samverkan.analysis.services import calculations as calc_service
from samverkan.analysis.services import licences as licence_service
from samverkan.assessments.models import Disposition
from samverkan.assessments.services import overview
from samverkan.finance.allocation import AllocationError, fraction_to_decimal
from samverkan.organisations.models import related_organisation_ids

from . import analyses
from .registry import HOURS, MONEY, NUMBER, Chart, Column, Content, Context, Table


def choice_of(ctx: Context) -> analyses.Choice:
    if "analyses" not in ctx.cache:
        ctx.cache["analyses"] = analyses.choice(ctx.meeting, ctx.user)
    return ctx.cache["analyses"]


def _hours(value: Fraction):
    return fraction_to_decimal(value, 2)


def _pct(value: Fraction | None):
    return percent_shown(value)


def about(calculation: Calculation) -> list[str]:
    """What is said beside a calculation's tables: its year and confidence, its caveats and
    where the source's printed figures differ from what the inputs give."""
    lines = [_("%(name)s (%(year)s) – %(confidence)s.") % {
        "name": calculation.name, "year": calculation.year,
        "confidence": calculation.get_confidence_display()}]
    if calculation.caveats:
        lines.append(calculation.caveats)
    if calculation.source_note:
        lines.append(_("Rättat mot källan: %(note)s") % {"note": calculation.source_note})
    return lines


# -- joint procurement -----------------------------------------------------------------------


def procurement_tables(calculation: Calculation, result: procurement.Result) -> list[Table]:
    name = calculation.name
    members = result.members
    hours = Table(_("%(name)s: timmar") % {"name": name}, [
        Column(_("Aktivitet")), Column(_("En kommun"), HOURS),
        Column(_("%(n)s kommuner var för sig") % {"n": members}, HOURS),
        Column(_("Alla i samverkan"), HOURS), Column(_("Sparade timmar"), HOURS),
        Column(_("Besparing (%)"), NUMBER)])
    cost = Table(_("%(name)s: internkostnad") % {"name": name}, [
        Column(_("Aktivitet")), Column(_("En kommun"), MONEY),
        Column(_("%(n)s kommuner var för sig") % {"n": members}, MONEY),
        Column(_("Alla i samverkan"), MONEY), Column(_("Besparing"), MONEY),
        Column(_("Besparing (%)"), NUMBER)])
    for row in result.rows:
        f = row.figures
        hours.rows.append([row.activity.name, _hours(f.hours_alone), _hours(f.hours_separately),
                           _hours(f.hours_together), _hours(f.hours_saved),
                           _pct(f.hours_saved_percent)])
        cost.rows.append([row.activity.name, f.cost_alone_ore, f.cost_separately_ore,
                          f.cost_together_ore, f.saved_ore, _pct(f.saved_percent)])
    t = result.total
    hours.total = [_("Summa timmar"), _hours(t.hours_alone), _hours(t.hours_separately),
                   _hours(t.hours_together), _hours(t.hours_saved), _pct(t.hours_saved_percent)]
    cost.total = [_("Summa internkostnad"), t.cost_alone_ore, t.cost_separately_ore,
                  t.cost_together_ore, t.saved_ore, _pct(t.saved_percent)]
    tables = [hours, cost]
    if result.shares:
        shares = Table(_("%(name)s: besparing per kommun") % {"name": name}, [
            Column(_("Kommun")), Column(_("Kostnad på egen hand"), MONEY),
            Column(_("Andel av den gemensamma kostnaden"), MONEY), Column(_("Besparing"), MONEY),
            Column(_("Besparing (%)"), NUMBER)])
        for share in result.shares:
            shares.rows.append([share.name, share.cost_alone_ore, share.joint_share_ore,
                                share.saved_ore, _pct(share.saved_percent)])
        shares.total = [_("Summa"), sum(s.cost_alone_ore for s in result.shares),
                        sum(s.joint_share_ore for s in result.shares),
                        sum(s.saved_ore for s in result.shares), None]
        tables.append(shares)
    return tables


def procurement_chart(calculation: Calculation, result: procurement.Result) -> Chart:
    return Chart(_("%(name)s: timmar per aktivitet") % {"name": calculation.name},
                 [r.activity.name for r in result.rows], [
                     (_("Alla var för sig"), [_hours(r.figures.hours_separately)
                                              for r in result.rows]),
                     (_("Alla i samverkan"), [_hours(r.figures.hours_together)
                                              for r in result.rows])], kind=HOURS)


# -- own hosting against a cloud -------------------------------------------------------------


def hosting_tables(calculation: Calculation, result: hosting.Result) -> list[Table]:
    name = calculation.name
    lines = Table(_("%(name)s: kostnad per månad") % {"name": name}, [
        Column(_("Alternativ")), Column(_("Kostnadspost")), Column(_("Organisation")),
        Column(_("Antal"), HOURS), Column(_("Pris per st"), MONEY),
        Column(_("Första månaden"), MONEY)])
    for outcome in result.outcomes:
        alternative = outcome.alternative
        for line in alternative.lines:
            label = line.label
            if line.one_off:
                label = _("%(label)s (engång, fördelad på %(n)s månader)") % {
                    "label": line.label, "n": line.spread_months}
            lines.rows.append([alternative.name, label, line.organisation,
                               _hours(line.quantity), round_ore(line.unit_price_ore),
                               line.first_month_ore])
        lines.rows.append([alternative.name, _("Summa per månad"), "", None, None,
                           outcome.first_month_ore])
    years = len(result.outcomes[0].years) if result.outcomes else 0
    compare = Table(_("%(name)s: per år och besparing") % {"name": name}, [
        Column(_("Alternativ")), Column(_("Första månaden"), MONEY),
        *[Column(_("År %(n)s") % {"n": i + 1}, MONEY) for i in range(years)],
        Column(_("Hela perioden (%(n)s mån)") % {"n": result.horizon_months}, MONEY)])
    for outcome in result.outcomes:
        compare.rows.append([outcome.alternative.name, outcome.first_month_ore, *outcome.years,
                             outcome.total_ore])
    baseline = result.outcomes[0].alternative.name if result.outcomes else ""
    for saving in result.savings:
        compare.rows.append([
            _("Besparing: %(alt)s mot %(base)s") % {"alt": saving.outcome.alternative.name,
                                                    "base": baseline},
            saving.first_month_ore, *saving.years, saving.total_ore])
    return [lines, compare]


def hosting_paragraphs(result: hosting.Result) -> list[str]:
    lines = []
    for saving in result.savings:
        if saving.break_even_month:
            lines.append(_("%(alt)s är billigare från månad %(n)s.") % {
                "alt": saving.outcome.alternative.name, "n": saving.break_even_month})
        else:
            lines.append(_("%(alt)s blir inte billigare inom %(n)s månader.") % {
                "alt": saving.outcome.alternative.name, "n": result.horizon_months})
    return lines


def hosting_chart(calculation: Calculation, result: hosting.Result) -> Chart:
    years = len(result.outcomes[0].years) if result.outcomes else 0
    return Chart(_("%(name)s: kostnad per år") % {"name": calculation.name},
                 [_("År %(n)s") % {"n": i + 1} for i in range(years)],
                 [(o.alternative.name, list(o.years)) for o in result.outcomes], kind=MONEY)


def calculations_section(ctx: Context) -> Content:
    chosen = [c for c in choice_of(ctx).calculations if c.kind != Calculation.Kind.LICENCES]
    if not chosen:
        return Content(paragraphs=[_("Inga beräkningar är valda för mötet.")])
    content = Content()
    for calculation in chosen:
        content.paragraphs += about(calculation)
        try:
            result = calc_service.result(calculation)
        except (calc_service.MissingRate, procurement.InputError, hosting.InputError,
                AllocationError) as exc:
            content.paragraphs.append(_("%(name)s kan inte räknas: %(error)s") % {
                "name": calculation.name, "error": exc})
            continue
        if isinstance(result, procurement.Result):
            content.tables += procurement_tables(calculation, result)
            content.charts.append(procurement_chart(calculation, result))
        elif isinstance(result, hosting.Result):
            content.tables += hosting_tables(calculation, result)
            content.paragraphs += hosting_paragraphs(result)
            content.charts.append(hosting_chart(calculation, result))
    return content


# -- licence comparison ----------------------------------------------------------------------


def licences_section(ctx: Context) -> Content:
    year = choice_of(ctx).licence_year
    if year is None:
        return Content(paragraphs=[_("Ingen avstämning finns att jämföra licenser ur.")])
    owners = related_organisation_ids(ctx.meeting.organisation_id)
    rows = licence_service.reconciled_rows(ctx.user, year, owners)
    if any(r.prices_visible and r.contracted_ore is not None and r.contract.prices_confidential
           for r in rows):
        ctx.cache["confidential"] = True
    comparison = licence_service.comparison(ctx.user, year, owners, rows=rows)
    table = Table(_("Licenser %(year)s: avtalat och fakturerat") % {"year": year}, [
        Column(_("Kommun")), Column(_("System")), Column(_("Avtalat"), MONEY),
        Column(_("Fakturerat"), MONEY), Column(_("Diff"), MONEY),
        Column(_("Fakturerat per invånare"), MONEY), Column(_("Anmärkning"))])
    notes = []
    for column in comparison.columns:
        for label, cell in column.cells.items():
            note = ""
            if cell.entry.contracted_hidden:
                note = _("sekretess")
            elif cell.no_contract_value:
                note = _("inget avtalsvärde")
            table.rows.append([column.organisation_name, label, cell.entry.contracted_ore,
                               cell.entry.invoiced_ore, cell.difference_ore,
                               _per_head(cell.per_inhabitant), note])
        table.rows.append([column.organisation_name, _("Total systemkostnad per år"),
                           column.contracted_ore, column.invoiced_ore, column.difference_ore,
                           _per_head(column.per_inhabitant),
                           column.population.source if column.population else ""])
        if column.without_contract_value:
            notes.append(_("%(org)s: %(n)s rader utan avtalsvärde ingår i det fakturerade men "
                           "inte i diffen.") % {"org": column.organisation_name,
                                                 "n": column.without_contract_value})
        if column.hidden:
            notes.append(_("%(org)s: %(n)s avtalsvärden omfattas av sekretess och ingår inte.")
                         % {"org": column.organisation_name, "n": column.hidden})
    table.total = [_("Summa"), "", comparison.contracted_ore, comparison.invoiced_ore,
                   comparison.difference_ore, None, ""]
    chart = Chart(_("Licenser %(year)s per kommun") % {"year": year},
                  [c.organisation_name for c in comparison.columns], [
                      (_("Avtalat"), [c.contracted_ore for c in comparison.columns]),
                      (_("Fakturerat"), [c.invoiced_ore for c in comparison.columns])],
                  kind=MONEY)
    paragraphs = [_("Diff = avtalat − fakturerat (negativt: mer fakturerat än avtalat). Per "
                    "invånare räknas med folkmängden samma år."), *notes]
    if not comparison.columns:
        return Content(paragraphs=[_("Inga avstämda avtal för %(year)s.") % {"year": year}])
    return Content(paragraphs=paragraphs, tables=[table], charts=[chart])


def _per_head(value: Fraction | None) -> int | None:
    return None if value is None else round_ore(value * 100)


# -- TIME ------------------------------------------------------------------------------------


# a cooperation of five municipalities has a thousand results: the slides and the scores chart
# show those to act on first, Excel and print every one
TIME_SLIDE_ROWS = 50
TIME_CHART_ROWS = 30
# what a steering group acts on first: what to retire or replace, then invest in, then tolerate
DISPOSITION_ORDER = {Disposition.ELIMINATE: 0, Disposition.MIGRATE: 1, Disposition.INVEST: 2,
                     Disposition.TOLERATE: 3, "": 4}


def time_section(ctx: Context) -> Content:
    owners = related_organisation_ids(ctx.meeting.organisation_id)
    rows = overview.latest_results(ctx.user, owners)
    if not rows:
        return Content(paragraphs=[_("Inga avslutade TIME-bedömningar för samverkan.")])
    rows.sort(key=lambda r: DISPOSITION_ORDER.get(r.assessment.disposition or "", 4))
    table = Table(_("TIME per system och kommun"), [
        Column(_("System")), Column(_("Kommun")), Column(_("Verksamhetsvärde"), HOURS),
        Column(_("Teknik och leverantör"), HOURS), Column(_("TIME")),
        Column(_("Årlig kostnad (tkr)"), HOURS), Column(_("Kritikalitet")),
        Column(_("Planerad åtgärd"))], slide_rows=TIME_SLIDE_ROWS)
    for row in rows:
        a = row.assessment
        table.rows.append([str(a.system), str(a.organisation), a.business_value,
                           a.technical_fit, a.get_disposition_display() or "",
                           row.yearly_cost_tkr, a.system.get_criticality_display() or "",
                           a.get_planned_disposition_display() or ""])
    scored = [r for r in rows if r.assessment.business_value is not None
              and r.assessment.technical_fit is not None]
    suffix = "" if len(scored) <= TIME_CHART_ROWS else " " + _(
        "(de %(shown)s första av %(n)s i tabellens ordning)") % {
        "shown": TIME_CHART_ROWS, "n": len(scored)}
    scored = scored[:TIME_CHART_ROWS]
    scores = Chart(_("TIME: verksamhetsvärde och teknik (1–5)") + suffix,
                   [f"{r.assessment.system} ({r.assessment.organisation})" for r in scored], [
                       (_("Verksamhetsvärde"), [r.assessment.business_value for r in scored]),
                       (_("Teknik och leverantör"), [r.assessment.technical_fit
                                                     for r in scored])], kind=HOURS)
    counts: dict[str, int] = {}
    for row in rows:
        label = row.assessment.get_disposition_display() or _("Ej bestämd")
        counts[str(label)] = counts.get(str(label), 0) + 1
    per_disposition = Chart(_("Antal system per TIME-utfall"), list(counts),
                            [(pgettext("flera", "System"), list(counts.values()))])
    paragraphs = [_("Senaste avslutade bedömning per system och kommun; gränsen 3,0 är absolut. "
                    "Ordning: avveckla, migrera, investera, tolerera, ej bestämd.")]
    if len(rows) > TIME_SLIDE_ROWS:
        paragraphs.append(_("Bildspelet visar de %(shown)s första raderna; Excel och utskrift "
                            "visar alla %(n)s.") % {"shown": TIME_SLIDE_ROWS, "n": len(rows)})
    return Content(paragraphs=paragraphs, tables=[per_member_table(rows), table],
                   charts=[scores, per_disposition])


def per_member_table(rows) -> Table:
    """Per municipality: how many results fall in each TIME class, and their yearly cost."""
    classes = [*Disposition, ""]
    table = Table(_("TIME per kommun"), [
        Column(_("Kommun")),
        *[Column(str(c.label) if c else _("Ej bestämd"), NUMBER) for c in classes],
        Column(_("Bedömda system"), NUMBER), Column(_("Årlig kostnad (tkr)"), HOURS)])
    members: dict[int, list] = {}
    for row in rows:
        a = row.assessment
        line = members.setdefault(a.organisation_id, [str(a.organisation),
                                                      *[0] * len(classes), 0, None])
        line[1 + classes.index(a.disposition or "")] += 1
        line[-2] += 1
        if row.yearly_cost_tkr is not None:
            line[-1] = (line[-1] or 0) + row.yearly_cost_tkr
    table.rows = sorted(members.values(), key=lambda line: line[0])
    total = [_("Summa"), *[sum(line[1 + i] for line in table.rows)
                           for i in range(len(classes) + 1)]]
    known = [line[-1] for line in table.rows if line[-1] is not None]
    table.total = [*total, sum(known) if known else None]
    return table


# -- scenarios side by side ------------------------------------------------------------------


def scenarios_section(ctx: Context) -> Content:
    summaries = []
    failed = []
    for scenario in choice_of(ctx).scenarios:
        try:
            summaries.append(calc_service.summary(scenario))
        except (ValueError, calc_service.MissingRate):
            failed.append(scenario.name)
    if not summaries:
        return Content(paragraphs=[_("Inga scenarier är valda för mötet.")])
    overview_table = Table(_("Scenarier sida vid sida"), [
        Column(_("Scenario")), Column(_("Rekommenderat")), Column(pgettext("flera", "Steg"), NUMBER),
        Column(_("Besparing"), MONEY)])
    steps = Table(_("Scenariernas steg"), [
        Column(_("Scenario")), Column(_("Steg"), NUMBER), Column(_("Namn")),
        Column(_("Beräkning")), Column(_("Besparing"), MONEY)])
    for summary in summaries:
        scenario = summary.scenario
        overview_table.rows.append([scenario.name, _("Ja") if scenario.recommended else "",
                                    len(summary.steps), summary.total_ore])
        for step, saved in summary.steps:
            steps.rows.append([scenario.name, step.position, step.name, step.calculation.name,
                               saved.total_ore])
    members = sorted({name for s in summaries for name in s.per_member})
    per_member = Table(_("Besparing per kommun och scenario"), [
        Column(_("Kommun")), *[Column(s.scenario.name, MONEY) for s in summaries]])
    for name in members:
        per_member.rows.append([name, *[s.per_member.get(name) for s in summaries]])
    if members:
        per_member.total = [_("Summa"), *[sum(s.per_member.values()) for s in summaries]]
    chart = Chart(_("Besparing per kommun och scenario"), members,
                  [(s.scenario.name, [s.per_member.get(n) for n in members]) for s in summaries],
                  kind=MONEY)
    paragraphs = [_("Kan inte räknas: %(names)s") % {"names": ", ".join(failed)}] if failed else []
    return Content(paragraphs=paragraphs, tables=[overview_table, steps, per_member],
                   charts=[chart] if members else [])


SECTIONS = (
    ("berakningar", lambda: _("Beräkningar"), calculations_section, 82),
    ("licenser", lambda: _("Licensjämförelse"), licences_section, 84),
    ("time", lambda: _("TIME"), time_section, 86),
    ("scenarier", lambda: _("Scenarier"), scenarios_section, 88),
)


def register_all(register) -> None:
    for key, title, compute, order in SECTIONS:
        register(key, title, compute, order=order)

