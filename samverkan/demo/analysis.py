"""The analysis demo on seed 001's figures, computed from their inputs.

- The internal hourly cost of Sydnärke's IT board for 2021: 425 kr, the rate the seed's
  «Estimat ny lärplattform» implies (1 232 500 kr / 2 900 h; the footnote with the rate is
  missing in the source).
- «Estimat ny lärplattform»: hours per activity for one municipality and for all four together;
  the saving is 53 % (the seed prints 47 %, the joint cost's share).
- «Serverdrift Procapita»: own operations against the supplier's cloud, per municipality, with
  the move of 50 000 kr per municipality spread exactly over 36 months (the seed rounds it down
  to 1 388 kr a month).
- The licence table «Licenser för Procapita och lärplattformar» 2021 is the ledger demo's
  reconciliation, shown at /analys/licenser/?ar=2021.
- A scenario «En lärplattform för alla fyra» with the procurement and the joint operations as
  its steps.

`load()` is idempotent."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from samverkan.analysis.models import Calculation, HourlyCost, Scenario
from samverkan.analysis.services import calculations
from samverkan.core import services as core_services
from samverkan.organisations.models import Organisation

from . import sydnarke

YEAR = 2021
RATE_ORE = 425_00
PROCUREMENT = "Estimat ny lärplattform"
HOSTING = "Serverdrift Procapita"
SCENARIO = "En lärplattform för alla fyra"
CAVEAT = ("Siffrorna kan inte ens ses som ett estimat utan mer som en indikation på vilka nivåer "
          "det kan handla om")
HOSTING_CAVEAT = ("Det är svårt att få ett exakt svar på vad TietoEvrys drift i molnet täcker "
                  "(Lagring, SLAer etc). Exemplet är räknat på marknadspris, halverat för att "
                  "eliminera handelsmarginal.")
ACTIVITIES = [("Kravställning", "500", "1000"), ("Upphandlingsprocess", "400", "500"),
              ("Implementation", "2000", "4000")]
SUPPLIER_PER_MONTH = {"1814": 2800, "1860": 2800, "1861": 4800, "1882": 3800}
OWN_LINES = [("Servrar", "10", 500_00), ("CPUer", "40", 50_00), ("Lagring", "5600", 1_00),
             ("Backup", "3920", 50), ("Egen mantid", "15", 400_00)]


@transaction.atomic
def load() -> dict:
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if admin is None:
        return {}
    board = Organisation.objects.get(name=sydnarke.COOPERATION)
    towns = sydnarke.municipalities()
    members = [towns[code].pk for code in sorted(towns)]
    if not HourlyCost.objects.filter(organisation=board, year=YEAR).exists():
        core_services.save_record(admin, HourlyCost(
            organisation=board, year=YEAR, rate_ore=RATE_ORE,
            basis="Härledd ur [001] «Estimat ny lärplattform»: 1 232 500 kr / 2 900 timmar."))
    procurement = _calculation(admin, board, PROCUREMENT, Calculation.Kind.PROCUREMENT, {
        "members": members,
        "activities": [{"name": n, "hours_alone": a, "hours_together": t}
                       for n, a, t in ACTIVITIES]},
        CAVEAT, "Källan anger besparingspotentialen till 47 %; det är den gemensamma kostnadens "
                "andel (2 337 500 / 4 930 000). Besparingen är 2 592 500 / 4 930 000 = 53 %.")
    hosting = _calculation(admin, board, HOSTING, Calculation.Kind.HOSTING, {
        "members": members, "horizon_months": 36,
        "alternatives": [
            {"name": "Egen drift", "lines": [
                {"label": label, "quantity": qty, "unit_price_ore": price}
                for label, qty, price in OWN_LINES]},
            {"name": "Drift hos TietoEvry", "lines": [
                {"label": "Drift", "organisation": towns[code].name, "quantity": "1",
                 "unit_price_ore": kr * 100} for code, kr in SUPPLIER_PER_MONTH.items()] + [
                {"label": "Engångskostnad flytt", "quantity": "4", "unit_price_ore": 50_000_00,
                 "one_off": True, "spread_months": 36}]}]},
        HOSTING_CAVEAT,
        "Källan avrundar flyttkostnaden 50 000 kr / 36 månader nedåt till 1 388 kr per kommun "
        "(5 552 kr i månaden) och får 19 752 kr i månaden, 237 024 kr om året och en besparing "
        "på 808 kr respektive 9 696 kr. Exakt fördelat är det 19 755,56 kr i månaden, "
        "237 066,72 kr det första året och en besparing på 804,44 kr respektive 9 653,28 kr.")
    scenario = Scenario.objects.filter(organisation=board, name=SCENARIO).first()
    if scenario is None:
        scenario = core_services.save_record(admin, Scenario(
            organisation=board, name=SCENARIO, owner=admin, recommended=True,
            description="Gemensam upphandling av en lärplattform och gemensam drift för "
                        "Lekeberg, Laxå, Hallsberg och Askersund."))
        calculations.add_step(admin, scenario, "Gemensam upphandling och implementation",
                              procurement)
        calculations.add_step(admin, scenario, "Gemensam drift hos leverantören", hosting)
    return {"procurement": procurement, "hosting": hosting, "scenario": scenario}


def _calculation(admin, board, name, kind, inputs, caveats, source_note) -> Calculation:
    found = Calculation.objects.filter(organisation=board, name=name).first()
    if found is not None:
        return found
    return calculations.save_calculation(admin, Calculation(
        organisation=board, name=name, kind=kind, year=YEAR, owner=admin,
        confidence=Calculation.Confidence.INDICATION, caveats=caveats,
        source_note=source_note), inputs)
