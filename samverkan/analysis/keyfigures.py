"""The key-figure file: the installation's benchmarking figures exported as XLSX, one row per
municipality and year, each row naming the installation and the export date; and the import of
such a file from another installation through core's import machinery (upload → preview →
commit), kept as `ExternalKeyFigure` rows beside the own figures.

Only the inputs are read back (IT cost, population, users, systems); the per-inhabitant,
per-user and per-system columns are there for the reader and are computed again on import, as
the own figures are."""

from __future__ import annotations

import datetime
import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.core import exports
from samverkan.core import services as core_services
from samverkan.core.formatting import ore_to_kronor
from samverkan.core.imports import (
    CREATED,
    UNCHANGED,
    UPDATED,
    CellError,
    Column,
    RowError,
    RowImporter,
    RowPlan,
    model_errors,
    parse_date,
    visible_text,
)
from samverkan.ledger.supplier_ledger import CellError as AmountError
from samverkan.ledger.supplier_ledger import parse_amount

from .models import ExternalKeyFigure
from .services import benchmarks

INSTALLATION, EXPORTED, NAME, CODE, YEAR = ("Installation", "Exportdatum", "Kommun",
                                            "Kommunkod", "År")
OUTCOME, POPULATION, POPULATION_YEAR = "IT-kostnad (kr)", "Folkmängd", "Folkmängd år"
USERS, SYSTEMS, CATEGORIES = "Användare", "System", "IT-kostnadskategorier"
DERIVED = ("Kostnad per invånare (kr)", "Kostnad per användare (kr)", "Kostnad per system (kr)")
HEADER = (INSTALLATION, EXPORTED, NAME, CODE, YEAR, OUTCOME, POPULATION, POPULATION_YEAR, USERS,
          SYSTEMS, *DERIVED, CATEGORIES)


def rows(benchmark: benchmarks.Benchmark, installation: str, today: datetime.date):
    categories = ", ".join(c.name for c in benchmark.categories)
    for year in benchmark.years:
        for row in benchmark.by_year[year].rows:
            users = None if row.users_unknown else row.users
            yield [installation, today, row.name, row.code, row.year,
                   ore_to_kronor(row.outcome_ore), row.inhabitants, row.population_year, users,
                   row.systems, benchmarks.kronor(row.per_inhabitant),
                   benchmarks.kronor(row.per_user), benchmarks.kronor(row.per_system),
                   categories]


def export_response(benchmark: benchmarks.Benchmark, installation: str):
    today = datetime.date.today()
    return exports.xlsx_response(f"nyckeltal-{today.isoformat()}",
                                 [str(h) for h in HEADER],
                                 rows(benchmark, installation, today), _("Nyckeltal"))


_INTEGER = re.compile(r"\d{1,12}(\.0+)?")


def parse_count(value: str, label: str, high: int) -> int | None:
    """A whole number ≥ 0 (a spreadsheet may write 8600 as 8600.0); empty is unknown."""
    text = re.sub(r"[\s\u00a0\u202f]", "", value)
    if not text:
        return None
    if not _INTEGER.fullmatch(text):
        raise CellError(_("”%(value)s” är inte ett heltal.") % {"value": value[:40]})
    number = int(text.split(".")[0])
    if number > high:
        raise CellError(_("%(label)s kan inte vara större än %(high)s.")
                        % {"label": label, "high": high})
    return number


FIELDS = ("exported_on", "municipality_code", "outcome_ore", "population", "population_year",
          "users", "systems", "categories")


class ExternalKeyFigureImporter(RowImporter):
    kind = "analysis.key_figures"
    title = gettext_lazy("Nyckeltal från en annan installation")
    columns = (
        Column(INSTALLATION, required=True, help=gettext_lazy("Installationen som exporterade.")),
        Column(EXPORTED, help=gettext_lazy("Datum, ÅÅÅÅ-MM-DD.")),
        Column(NAME, required=True),
        Column(CODE, help=gettext_lazy("Fyra siffror.")),
        Column(YEAR, required=True),
        Column(OUTCOME, required=True, help=gettext_lazy("Bokfört utfall i kronor.")),
        Column(POPULATION),
        Column(POPULATION_YEAR),
        Column(USERS),
        Column(SYSTEMS),
        Column(CATEGORIES),
    )

    def prepare(self) -> None:
        self.existing = {
            (f.source_installation.casefold(), f.municipality_name.casefold(), f.year): f
            for f in ExternalKeyFigure.objects.filter(archived_at__isnull=True)}

    def validate_row(self, number, values):
        errors: list[RowError] = []
        data: dict = {}

        def read(column, parse):
            try:
                return parse(values.get(column, ""))
            except (CellError, AmountError) as exc:
                errors.append(RowError(number, column, str(exc)))
                return None

        source = visible_text(values.get(INSTALLATION, ""))
        name = visible_text(values.get(NAME, ""))
        for column, text in ((INSTALLATION, source), (NAME, name)):
            if not text:
                errors.append(RowError(number, column, _("Värdet saknas.")))
        data["exported_on"] = read(EXPORTED, parse_date)
        code = values.get(CODE, "").strip()
        if code and not (code.isascii() and code.isdigit() and len(code) == 4):
            errors.append(RowError(number, CODE, _("En kommunkod är fyra siffror.")))
        data["municipality_code"] = code
        year = read(YEAR, lambda v: parse_count(v, YEAR, 2100))
        if year is None and not any(e.column == YEAR for e in errors):
            errors.append(RowError(number, YEAR, _("Värdet saknas.")))
        data["outcome_ore"] = read(OUTCOME, parse_amount)
        data["population"] = read(POPULATION, lambda v: parse_count(v, POPULATION, 100_000_000))
        data["population_year"] = read(POPULATION_YEAR,
                                       lambda v: parse_count(v, POPULATION_YEAR, 2100))
        data["users"] = read(USERS, lambda v: parse_count(v, USERS, 100_000_000))
        data["systems"] = read(SYSTEMS, lambda v: parse_count(v, SYSTEMS, 1_000_000))
        data["categories"] = values.get(CATEGORIES, "").strip()
        if errors:
            return None, errors
        figure = ExternalKeyFigure(source_installation=source, municipality_name=name,
                                   year=year, **data)
        errors = model_errors(number, figure, {
            "source_installation": INSTALLATION, "municipality_name": NAME, "year": YEAR,
            "outcome_ore": OUTCOME, "population": POPULATION, "population_year": POPULATION_YEAR,
            "users": USERS, "systems": SYSTEMS, "categories": CATEGORIES,
            "municipality_code": CODE})
        if errors:
            return None, errors
        key = (source.casefold(), name.casefold(), year)
        found = self.existing.get(key)
        action = CREATED
        if found is not None:
            same = all(getattr(found, f) == getattr(figure, f) for f in FIELDS)
            action = UNCHANGED if same else UPDATED
        fields = {"source_installation": source, "municipality_name": name, "year": year, **data}
        return RowPlan(number, action, f"{name} {year} ({source})", fields,
                       key="|".join(map(str, key))), []

    def apply(self, plan: RowPlan) -> None:
        data = plan.data
        found = ExternalKeyFigure.objects.filter(
            archived_at__isnull=True, source_installation__iexact=data["source_installation"],
            municipality_name__iexact=data["municipality_name"], year=data["year"]).first()
        figure = found or ExternalKeyFigure()
        for name, value in data.items():
            setattr(figure, name, value)
        core_services.save_record(self.user, figure,
                                  expected_version=found.version if found else None)
