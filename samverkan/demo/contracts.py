"""The Sydnärke example's thirteen contracts (seed report, "Ekonomi och avtal"): two within a
stated period of validity, the rest passively extended by automatic yearly renewal, the oldest
since 2010/2011, some since 2016 and several since later years.

The parties' annual contracted amounts reproduce the "Avtalat" column of the report's 2021
licence table: kommun A = Lekeberg, B = Hallsberg, C = Askersund (Infomentor in Lekeberg has no
contracted amount: n/a). Laxå's amounts, the joint contracts' amounts and every date are
illustrative.

`load()` is idempotent: a contract that exists (same owner and number) is left as it is.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from samverkan.contracts.models import Contract, ContractDocument, ContractExtensionOption, ContractParty
from samverkan.organisations.models import Organisation, Person
from samverkan.portfolio.models import ManagementObject, Supplier, System

from .sydnarke import COOPERATION, municipalities

D = datetime.date
P = Contract.ProcurementForm
BOARD = "board"
RESPONSIBLE = {"1882": "Sara Ek", "1861": "Johan Ström", "1860": "Lena Nyberg",
               "1814": "Omar Haddad", BOARD: "Magnus Ideqvist"}


def _spec(owner, number, title, supplier, **terms):
    return {"owner": owner, "number": number, "title": title, "supplier": supplier, **terms}


# parties: (organisation key, annual amount in kronor or None when not known, role)
CONTRACTS = [
    _spec("1814", "LEK-2007-031", "Procapita Edlevo, licens och underhåll", "Tietoevry Sweden AB",
          procurement_form=P.OPEN, signed_on=D(2007, 11, 20), start_date=D(2008, 1, 1),
          original_end_date=D(2009, 12, 31), renewal=12, notice=6, price_model="per_modul",
          systems=["Procapita Edlevo Lekeberg"], parties=[("1814", 372_000)],
          index="Licens- och underhållsavgifter räknas upp årligen med AKI (arbetskostnadsindex)."),
    _spec("1860", "LAX-2008-112", "Procapita Edlevo, licens och underhåll", "Tietoevry Sweden AB",
          procurement_form=P.OPEN, signed_on=D(2008, 5, 12), start_date=D(2008, 7, 1),
          original_end_date=D(2011, 6, 30), renewal=12, notice=6, price_model="per_modul",
          systems=["Procapita Edlevo Laxå"], parties=[("1860", 296_400)],
          index="Årlig uppräkning med AKI."),
    _spec("1882", "ASK-2011-207", "Procapita Edlevo, licens och underhåll", "Tietoevry Sweden AB",
          procurement_form=P.SIMPLIFIED, signed_on=D(2011, 11, 30), start_date=D(2012, 1, 1),
          original_end_date=D(2015, 12, 31), renewal=12, notice=6, price_model="per_modul",
          systems=["Procapita Edlevo Askersund"], parties=[("1882", 536_700)],
          index="Årlig uppräkning med AKI."),
    _spec("1861", "HBG-2013-088", "Procapita Edlevo, licens och underhåll", "Tietoevry Sweden AB",
          procurement_form=P.OPEN, signed_on=D(2013, 11, 4), start_date=D(2014, 1, 1),
          original_end_date=D(2017, 12, 31), options=[(12, D(2017, 5, 15))], renewal=12, notice=6,
          price_model="per_modul", systems=["Procapita Edlevo Hallsberg"],
          parties=[("1861", 680_484)], index="Årlig uppräkning med AKI."),
    _spec("1814", "LEK-2016-044", "Unikum lärplattform", "Unikum AB",
          procurement_form=P.DIRECT_AWARD, signed_on=D(2016, 6, 20), start_date=D(2016, 8, 1),
          original_end_date=D(2019, 7, 31), renewal=12, notice=3, price_model="per_anvandare",
          systems=["Unikum Lekeberg"], learning=True, parties=[("1814", 18_000)]),
    _spec("1860", "LAX-2017-061", "Unikum lärplattform", "Unikum AB",
          procurement_form=P.DIRECT_AWARD, signed_on=D(2017, 6, 1), start_date=D(2017, 8, 1),
          original_end_date=D(2020, 7, 31), renewal=12, notice=3, price_model="per_anvandare",
          systems=["Unikum Laxå"], learning=True, parties=[("1860", 15_600)]),
    _spec("1814", "LEK-2018-073", "Infomentor lärplattform", "Infomentor AB",
          signed_on=D(2018, 6, 14), start_date=D(2018, 8, 1), original_end_date=D(2021, 7, 31),
          renewal=12, notice=3, price_model="per_anvandare", systems=["Infomentor Lekeberg"],
          learning=True, parties=[("1814", None)], dpa="saknas"),
    _spec("1882", "ASK-2013-119", "Infomentor lärplattform", "Infomentor AB",
          procurement_form=P.DIRECT_AWARD, signed_on=D(2013, 6, 10), start_date=D(2013, 8, 1),
          original_end_date=D(2016, 7, 31), renewal=12, notice=3, price_model="per_anvandare",
          systems=["Infomentor Askersund"], learning=True, parties=[("1882", 72_480)]),
    _spec("1861", "HBG-2019-240", "Haldor Education lärplattform", "Haldor AB",
          procurement_form=P.SIMPLIFIED, signed_on=D(2019, 12, 10), start_date=D(2020, 1, 1),
          original_end_date=D(2023, 12, 31),
          options=[(24, D(2023, 6, 12)), (12, D(2025, 5, 20)), (12, None)], notice=None,
          price_model="per_anvandare", systems=["Haldor Education Hallsberg"], learning=True,
          parties=[("1861", 100_000)], dpa="finns", data_exit=True,
          data_exit_terms="Elevdata lämnas ut i öppet format (CSV/JSON) utan extra kostnad vid "
                          "avtalets slut.", sla="Tillgänglighet 99,5 % under skoltid."),
    _spec(BOARD, "SIT-2021-015", "Microsoft 365 för utbildning (avrop)", "Microsoft AB",
          procurement_form=P.CALL_OFF, framework_provider="kammarkollegiet",
          framework_reference="Statens inköpscentral, Programvaror och tjänster – "
                              "programvarulicenser",
          signed_on=D(2021, 6, 3), start_date=D(2021, 7, 1), original_end_date=D(2024, 6, 30),
          options=[(24, D(2024, 2, 15)), (12, D(2026, 2, 20))], notice=None,
          price_model="per_anvandare", confidential=True,
          systems=["Microsoft 365"], dpa="finns",
          parties=[("1882", 412_000, "avropande"), ("1861", 598_000, "avropande"),
                   ("1860", 236_000, "avropande"), ("1814", 318_000, "avropande")],
          price_details="Pris per licens och år enligt avropssvar (sekretessbelagt)."),
    _spec(BOARD, "SIT-2015-009", "Skola24 schema och frånvaro", "IST Sverige AB",
          procurement_form=P.SIMPLIFIED, signed_on=D(2015, 5, 4), start_date=D(2015, 7, 1),
          original_end_date=D(2018, 6, 30), renewal=12, notice=6, price_model="per_invanare",
          systems=["Skola24 Askersund", "Skola24 Hallsberg", "Skola24 Laxå", "Skola24 Lekeberg"],
          parties=[("1882", 46_000), ("1861", 64_000), ("1860", 28_000), ("1814", 38_000)]),
    _spec(BOARD, "SIT-2014-021", "Procapita skola, drift- och supportavtal", "Tietoevry Sweden AB",
          procurement_form=P.DIRECT_AWARD, signed_on=D(2014, 3, 20), start_date=D(2014, 4, 1),
          original_end_date=D(2016, 3, 31), renewal=12, notice=3, price_model="fast",
          systems=["Procapita Edlevo Askersund", "Procapita Edlevo Hallsberg",
                   "Procapita Edlevo Laxå", "Procapita Edlevo Lekeberg"],
          parties=[(BOARD, 120_000)], sla="Support vardagar 8–17; ingen angiven tillgänglighet."),
    _spec(BOARD, "SIT-2016-034", "Mashie kost och måltid (avrop)", "Mashie AB",
          procurement_form=P.CALL_OFF, framework_provider="adda",
          framework_reference="Adda, Måltidssystem", signed_on=D(2016, 11, 15),
          start_date=D(2017, 1, 1), original_end_date=D(2020, 12, 31), renewal=12, notice=6,
          price_model="per_modul",
          systems=["Mashie Askersund", "Mashie Hallsberg", "Mashie Laxå", "Mashie Lekeberg"],
          parties=[("1882", 31_000, "avropande"), ("1861", 42_000, "avropande"),
                   ("1860", 19_000, "avropande"), ("1814", 24_000, "avropande")]),
]


@transaction.atomic
def load() -> dict:
    towns = municipalities()
    board = Organisation.objects.get(name=COOPERATION)
    orgs = {**towns, BOARD: board}
    learning = ManagementObject.objects.filter(name="Lärplattform", organisation=board).first()
    created = 0
    for spec in CONTRACTS:
        owner = orgs[spec["owner"]]
        if Contract.objects.filter(organisation=owner, number=spec["number"]).exists():
            continue
        _create(spec, owner, orgs, learning)
        created += 1
    return {"contracts": created}


def _create(spec, owner, orgs, learning) -> Contract:
    contract = Contract(
        organisation=owner, supplier=Supplier.objects.get(name=spec["supplier"]),
        number=spec["number"], title=spec["title"],
        procurement_form=spec.get("procurement_form", ""),
        framework_provider=spec.get("framework_provider", ""),
        framework_reference=spec.get("framework_reference", ""),
        signed_on=spec.get("signed_on"), start_date=spec["start_date"],
        original_end_date=spec.get("original_end_date"),
        renewal_period_months=spec.get("renewal"), notice_period_months=spec.get("notice"),
        internal_lead_days=60 if spec["owner"] == BOARD else 30,
        price_model=spec.get("price_model", ""), price_details=spec.get("price_details", ""),
        prices_confidential=spec.get("confidential", False),
        index_clause=spec.get("index", ""), sla=spec.get("sla", ""),
        data_exit_clause=spec.get("data_exit"), data_exit_terms=spec.get("data_exit_terms", ""),
        dpa=spec.get("dpa", ""),
        description=_description(spec),
    )
    contract.full_clean()
    contract.save()
    for index, (months, used_on) in enumerate(spec.get("options", []), start=1):
        ContractExtensionOption.objects.create(contract=contract, ordering=index,
                                               length_months=months, used_on=used_on)
    for party in spec["parties"]:
        key, amount = party[0], party[1]
        ContractParty.objects.create(
            contract=contract, organisation=orgs[key],
            role=party[2] if len(party) > 2 else ContractParty.Role.PARTY,
            annual_amount_ore=None if amount is None else amount * 100)
    contract.systems.set(System.objects.filter(name__in=spec.get("systems", [])))
    if spec.get("learning") and learning is not None:
        contract.management_objects.add(learning)
    person = Person.objects.filter(name=RESPONSIBLE[spec["owner"]]).first()
    if person is not None:
        contract.responsible_people.add(person)
    ContractDocument.objects.create(
        contract=contract, title=f"Avtal {spec['number']}", kind=ContractDocument.Kind.CONTRACT,
        url=f"https://intranat.example.se/avtal/{spec['number'].lower()}.pdf")
    return contract


def _description(spec) -> str:
    if spec.get("renewal"):
        return ("Avtalet förlängs automatiskt med ett år i taget om det inte sägs upp. "
                "Inventerat i utredningen om systemkonsolidering 2022.")
    return "Inventerat i utredningen om systemkonsolidering 2022."
