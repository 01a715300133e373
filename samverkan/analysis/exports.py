"""XLSX and CSV of the calculators' tables: amounts in kronor (Decimal, exact to the öre),
percentages as numbers, the same figures the page shows."""

from __future__ import annotations

from django.utils.translation import gettext as _

from samverkan.core import exports
from samverkan.core.formatting import ore_to_kronor
from samverkan.finance.allocation import fraction_to_decimal

from .calculators import hosting, procurement


def _respond(filename, header, rows, fmt, title):
    if fmt == "csv":
        return exports.csv_response(filename, header, rows)
    return exports.xlsx_response(filename, header, rows, title)


def _pct(value):
    return None if value is None else fraction_to_decimal(value, 1)


def _hours(value):
    return fraction_to_decimal(value, 2)


def calculation_response(calculation, result, fmt: str):
    if isinstance(result, procurement.Result):
        header = [_("Aktivitet"), _("Timmar, en kommun"), _("Timmar, alla var för sig"),
                  _("Timmar, alla i samverkan"), _("Sparade timmar"), _("Besparing (%)"),
                  _("Kostnad, alla var för sig (kr)"), _("Kostnad, i samverkan (kr)"),
                  _("Besparing (kr)")]
        rows = [[r.activity.name, _hours(r.figures.hours_alone), _hours(r.figures.hours_separately),
                 _hours(r.figures.hours_together), _hours(r.figures.hours_saved),
                 _pct(r.figures.hours_saved_percent),
                 ore_to_kronor(r.figures.cost_separately_ore),
                 ore_to_kronor(r.figures.cost_together_ore), ore_to_kronor(r.figures.saved_ore)]
                for r in result.rows]
        t = result.total
        rows.append([_("Summa"), _hours(t.hours_alone), _hours(t.hours_separately),
                     _hours(t.hours_together), _hours(t.hours_saved), _pct(t.saved_percent),
                     ore_to_kronor(t.cost_separately_ore), ore_to_kronor(t.cost_together_ore),
                     ore_to_kronor(t.saved_ore)])
    elif isinstance(result, hosting.Result):
        header = [_("Månad")] + [o.alternative.name for o in result.outcomes] + [
            _("Besparing mot %(name)s") % {"name": result.outcomes[0].alternative.name}
            + f" ({s.outcome.alternative.name})" for s in result.savings]
        rows = [[month + 1] + [ore_to_kronor(o.months[month]) for o in result.outcomes]
                + [ore_to_kronor(s.months[month]) for s in result.savings]
                for month in range(result.horizon_months)]
        rows.append([_("Summa")] + [ore_to_kronor(o.total_ore) for o in result.outcomes]
                    + [ore_to_kronor(s.total_ore) for s in result.savings])
    else:
        header, rows = [_("Beräkning")], [[calculation.name]]
    return _respond(f"berakning-{calculation.pk}", header, rows, fmt, _("Beräkning"))


def licence_response(table, year: int, fmt: str):
    header = [_("Kommun"), _("System"), _("Avtalat (kr)"), _("Fakturerat (kr)"),
              _("Diff avtalat − fakturerat (kr)"), _("Fakturerat per invånare (kr)"),
              _("Anmärkning")]
    rows = []
    for column in table.columns:
        for label, cell in column.cells.items():
            note = ""
            if cell.entry.contracted_hidden:
                note = _("sekretess")
            elif cell.no_contract_value:
                note = _("inget avtalsvärde")
            rows.append([column.organisation_name, label,
                         ore_to_kronor(cell.entry.contracted_ore),
                         ore_to_kronor(cell.entry.invoiced_ore),
                         ore_to_kronor(cell.difference_ore),
                         _per_head(cell.per_inhabitant), note])
        rows.append([column.organisation_name, _("Total systemkostnad per år"),
                     ore_to_kronor(column.contracted_ore), ore_to_kronor(column.invoiced_ore),
                     ore_to_kronor(column.difference_ore), _per_head(column.per_inhabitant),
                     column.population.source if column.population else ""])
    return _respond(f"licensjamforelse-{year}", header, rows, fmt, _("Licenser"))


def _per_head(value):
    return None if value is None else fraction_to_decimal(value, 2)


def _amount_note(amount) -> str:
    return _("%(n)s under sekretess") % {"n": amount.hidden} if amount.hidden else ""


def consolidation_response(report, fmt: str):
    header = [_("Förmåga"), _("Produkt"), _("System"), _("Ägare"), _("Användare per organisation"),
              _("Användare"), _("Avtalat (kr)"), _("Fakturerat (kr)"), _("Sekretess"),
              _("Bedömning (TIME)"), _("Avtal: avtalstid till / sista uppsägningsdag / status"),
              _("Flaggor"), _("Gemensamt fönster från"), _("Alla avtal upphört"),
              _("Beslut senast"), _("Avtal utanför avtalad giltighetstid")]
    rows = []
    for group in report.groups:
        flags = []
        if group.several_products:
            flags.append(_("%(n)s produkter") % {"n": len(group.products)})
        flags += [_("%(product)s i %(n)s installationer") % {"product": p.name, "n": n}
                  for p, n in group.shared_products]
        for item in group.installations:
            rows.append([
                group.capability.name, item.product.name if item.product else "",
                item.system.name, item.system.organisation.name,
                ", ".join(f"{o.name} {n if n is not None else '–'}" for o, n in item.usages),
                item.users, ore_to_kronor(item.contracted.ore), ore_to_kronor(item.invoiced.ore),
                " ".join(t for t in (_amount_note(item.contracted), _amount_note(item.invoiced))
                         if t),
                ", ".join(f"{r.organisation.name}: {r.disposition_label}"
                          for r in item.results),
                "; ".join(f"{line.contract.title}: {_day(line.summary.term_end)} / "
                          f"{_day(line.summary.notice_deadline)} / {line.summary.status.label}"
                          for line in item.contracts),
                "", None, None, None, None])
        window = group.window
        rows.append([group.capability.name, _("Summa"), "", "", "", group.users,
                     ore_to_kronor(group.contracted.ore), ore_to_kronor(group.invoiced.ore),
                     " ".join(t for t in (_amount_note(group.contracted),
                                          _amount_note(group.invoiced)) if t),
                     "", "", ", ".join(flags), window.opens, window.closes, window.decide_by,
                     _("%(outside)s av %(n)s") % {"outside": group.outside_term,
                                                  "n": len(group.contracts)}])
    return _respond(f"konsolidering-{report.year}", header, rows, fmt, _("Konsolidering"))


def _day(day) -> str:
    return f"{day:%Y-%m-%d}" if day else "–"


def consolidation_summary_response(summary, year: int, fmt: str):
    header = [_("Förmåga"), _("Installationer"), _("Produkter"), _("Organisationer"),
              _("Användare"), _("Avtal som löper"), _("varav utanför avtalad giltighetstid"),
              _("Flera produkter"), _("Produkter i flera installationer"), _("Kandidat")]
    rows = [[row.capability.name, row.installations, row.products, row.organisations, row.users,
             row.contracts_running, row.contracts_outside_term,
             _("ja") if row.several_products else _("nej"), row.shared_products,
             _("ja") if row.candidate else _("nej")] for row in summary.rows]
    return _respond(f"konsolidering-{year}-sammanfattning", header, rows, fmt,
                    _("Konsolidering"))
