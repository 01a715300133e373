"""Importing time reports (hours and cost per activity and date) from XLSX/CSV: the time system's
export, or a spreadsheet the object manager keeps."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.core import permissions
from samverkan.core.formatting import kronor_to_ore
from samverkan.core.imports import (
    CREATED,
    UNCHANGED,
    CellError,
    Column,
    Lookup,
    RowError,
    RowImporter,
    RowPlan,
)
from samverkan.organisations.models import Person

from . import services
from .models import Activity, HourCategory, Plan, TimeReport

CATEGORIES = {"intern": HourCategory.INTERNAL, "interna timmar": HourCategory.INTERNAL,
              "extern": HourCategory.EXTERNAL, "externa konsulttimmar": HourCategory.EXTERNAL,
              "konsult": HourCategory.EXTERNAL}


def parse_decimal(value: str, label: str, places: int = 2) -> Decimal:
    text = value.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not text:
        return Decimal(0)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellError(_("”%(value)s” är inte ett tal.") % {"value": value}) from None
    if not number.is_finite() or number < 0 or number >= Decimal("1e9"):
        raise CellError(_("%(label)s ska vara ett tal som är 0 eller större.") % {"label": label})
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise CellError(_("%(label)s får ha högst två decimaler.") % {"label": label})
    return number


def parse_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise CellError(_("Skriv datumet som ÅÅÅÅ-MM-DD.")) from None


class TimeReportImporter(RowImporter):
    kind = "planning.time"
    title = gettext_lazy("Tidrapporter")
    columns = (
        Column("Plan", True, gettext_lazy("Planens namn, t.ex. Förvaltningsplan Lärplattform 2026")),
        Column("Aktivitet", True, gettext_lazy("Aktivitetens namn i planen")),
        Column("Datum", True, gettext_lazy("ÅÅÅÅ-MM-DD: dagen, eller sista dagen i perioden")),
        Column("Kategori", help=gettext_lazy("intern eller extern (konsult); tomt: intern")),
        Column("Timmar", True, gettext_lazy("T.ex. 7,5")),
        Column("Kostnad (kr)", help=gettext_lazy("Valfritt, t.ex. 7 875,00"),
               aliases=("Kostnad",)),
        Column("Person", help=gettext_lazy("Namn eller e-post")),
        Column("Kommentar"),
    )

    def prepare(self):
        plans = Plan.objects.for_user(self.user).filter(
            archived_at__isnull=True, state__in=(Plan.State.DRAFT, Plan.State.SUBMITTED,
                                                 Plan.State.APPROVED))
        self.plans = Lookup(plans, ("name",), _("Planen"))
        self.activities = {(a.plan_id, a.title.strip().lower()): a
                           for a in Activity.objects.filter(plan__in=plans).select_related("plan")}
        self.people = Lookup(Person.objects.for_user(self.user).filter(archived_at__isnull=True),
                             ("name", "email"), _("Personen"))
        self.existing = set(TimeReport.objects.filter(activity__plan__in=plans).values_list(
            "activity_id", "date", "category", "hours", "cost_ore", "person_id", "note"))

    def validate_row(self, number, values):
        errors: list[RowError] = []
        parsed = {}

        def cell(column, parse):
            try:
                return parse(values.get(column, ""))
            except CellError as exc:
                errors.append(RowError(number, column, str(exc)))
                return None

        plan = cell("Plan", lambda v: self.plans.find(v, required=True))
        if plan is not None:
            title = values.get("Aktivitet", "").strip()
            parsed["activity"] = self.activities.get((plan.pk, title.lower()))
            if parsed["activity"] is None:
                errors.append(RowError(number, "Aktivitet", _(
                    "Planen har ingen aktivitet som heter ”%(title)s”.") % {"title": title}))
            elif not permissions.can(self.user, permissions.CHANGE, plan):
                errors.append(RowError(number, "Plan", _(
                    "Du får inte rapportera tid på %(plan)s.") % {"plan": plan}))
        parsed["date"] = cell("Datum", parse_date)
        category = values.get("Kategori", "").strip().lower() or "intern"
        parsed["category"] = CATEGORIES.get(category)
        if parsed["category"] is None:
            errors.append(RowError(number, "Kategori", _("Skriv intern eller extern.")))
        parsed["hours"] = cell("Timmar", lambda v: parse_decimal(v, _("Timmar")))
        cost = cell("Kostnad (kr)", lambda v: parse_decimal(v, _("Kostnaden")))
        parsed["cost_ore"] = kronor_to_ore(cost) if cost is not None else 0
        parsed["person"] = cell("Person", lambda v: self.people.find(v))
        parsed["note"] = values.get("Kommentar", "").strip()[:300]
        if errors:
            return None, errors
        key = (parsed["activity"].pk, parsed["date"], parsed["category"], parsed["hours"],
               parsed["cost_ore"], getattr(parsed["person"], "pk", None), parsed["note"])
        action = UNCHANGED if key in self.existing else CREATED
        label = f"{parsed['date']} {parsed['activity']}: {parsed['hours']}"
        return RowPlan(number, action, label, {"fields": parsed}, key=repr(key)), []

    def apply(self, plan):
        report = TimeReport(**plan.data["fields"])
        services.save_part(self.user, report, report.activity.plan)
