"""The demo's decision basis: item 2 of the investigation's meeting of 2022-11-29 («Genomgång av
slutrapport») prepared (beredd) for the steering group, on the management object Lärplattform,
the analysis scenario «En lärplattform för alla fyra» and the procurement initiative, so the
document shows the register's nuläge, the scenario's alternatives and each municipality's share
and saving. Idempotent."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from samverkan.analysis.models import Scenario
from samverkan.initiatives.models import Initiative
from samverkan.planning.models import AgendaItem
from samverkan.portfolio.models import ManagementObject
from samverkan.reports import basis as bases
from samverkan.reports.models import DecisionBasis

from . import analysis, initiatives, planning, sydnarke

MEETING_DAY = datetime.date(2022, 11, 29)
ITEM = "Genomgång av slutrapport"
SUBJECT = ("Utredningens slutrapport om gemensam systemförvaltning: rekommendationen att "
           "Lärplattform blir ett gemensamt förvaltningsobjekt och att en lärplattform "
           "upphandlas gemensamt för Lekeberg, Laxå, Hallsberg och Askersund.")
BACKGROUND = ("Styrgruppen gav i mars 2022 uppdraget att kartlägga kommunernas system, avtal, "
              "kostnader och samverkan och ge rekommendationer om gemensam förvaltning enligt "
              "PM3.\nSlutrapporten (Word) skickades ut före mötet.")
RISK_NOTE = ("Underlagen är en indikation, inte ett estimat: flera risker i utredningens "
             "riskkarta har påverkat kvaliteten på de ekonomiska uppgifterna.")
PROPOSAL = ("Styrgruppen föreslår IT-nämnden att ett gemensamt förvaltningsobjekt för "
            "Lärplattform sätts upp med en styrgrupp av kommunernas förvaltningschefer BoU och "
            "IT-chefen som objektägare, och att utredningen avslutas med denna rapportering.")


@transaction.atomic
def load() -> dict:
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    item = AgendaItem.objects.filter(
        title=ITEM, meeting__held_on=MEETING_DAY,
        meeting__project__name=planning.INVESTIGATION).select_related("meeting").first()
    if admin is None or item is None:
        return {}
    found = DecisionBasis.objects.filter(agenda_item=item).first()
    if found is not None:
        return {"basis": found}
    board = item.meeting.organisation
    basis = bases.save_basis(admin, DecisionBasis(
        agenda_item=item, subject=SUBJECT, background=BACKGROUND,
        management_object=ManagementObject.objects.filter(
            organisation=board, name="Lärplattform").first(),
        scenario=Scenario.objects.filter(organisation=board, name=analysis.SCENARIO).first(),
        initiative=Initiative.objects.filter(organisation=board,
                                             name=initiatives.PROCUREMENT).first(),
        current_note="Varje kommun har i dag sin egen lärplattform och sitt eget avtal.",
        risk_note=RISK_NOTE, proposal=PROPOSAL,
        appendices="Slutrapport (Word)\nEstimat ny lärplattform\n"
                   f"Licenser för Procapita och lärplattformar ({sydnarke.COOPERATION})"))
    basis = bases.change_state(admin, basis, DecisionBasis.State.PREPARED)
    return {"basis": basis}
