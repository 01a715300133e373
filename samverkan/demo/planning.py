"""Example planning for the demo: the investigation the seed report comes from, as a project of
Sydnärkes IT-nämnd with its steering group and its meeting of 2022-11-29 exactly as the deck
shows it (the agenda, activities since last time, the external consultant hours – budget 180,
173,5 reported to 2022-11-25, 9 remaining – the four risks and what came of them, the decision
to close the investigation and set up Lärplattform); Lärplattform's first yearly plan (2023),
approved at the new steering group's first meeting; and this year's management plan of
Lärplattform, approved by the steering group, with goals, activities, monthly time reports,
risks, the joint service window Tuesdays 18–22, a release with notes and a user test, and the
steering group's meetings with numbered decisions and actions.

`load()` is idempotent: running it again changes nothing. Figures other than the seed's are
examples."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from samverkan.core import services as core_services
from samverkan.organisations.models import Organisation, Person
from samverkan.planning import agenda, services
from samverkan.planning.models import (
    Action,
    Activity,
    AgendaItem,
    Decision,
    Estimate,
    Goal,
    Meeting,
    Plan,
    PlanSteeringMember,
    Release,
    Risk,
    SteeringGroup,
    SteeringGroupSeat,
    TimeReport,
)
from samverkan.portfolio.models import ManagementObject, System

from . import sydnarke

INVESTIGATION = "Utredning IT-samverkan Sydnärke 2022"

# [001] slide «Aktiviteter sedan förra mötet», in the deck's order
SINCE_LAST = [
    "Fortsatta intervjuer", "Fortsatt insamling av systemavtal", "Inläsning och genomgång utav "
    "avtalen", "Insamling av ekonomiskt utfallsdata", "Matchning avtal-ekonomi",
    "Intervju kommunala samverkansorganisationer",
    "Analys av nuvarande och möjlig framtida driftskonfiguration",
    "Analys av nuläge och framtagande av rekommendationer",
]
# [001] slide «Risker och åtgärder»: description, probability, impact, responsible (initials)
SEED_RISKS = [
    ("Svårt att ge tydliga och relevanta rekommendationer för fem organisationer som idag "
     "arbetar utifrån olika förutsättningar och med väldigt otydliga roller/ansvar", 4, 4, "JT"),
    ("Svårt att få fram tillförlitlig ekonomisk data", 3, 4, "MI"),
    ("Sydnärke IT's uppdrag är för otydligt beskrivet/kommunicerat och/eller inte helt i linje "
     "med kommunernas viljeinriktning", 3, 4, "JT/MC"),
    ("Leverantörerna ointresserade eller svåra att få information ifrån", 3, 3, "JT"),
]
RISK_OUTCOME = ("Alla risker i riskkartan har påverkat projektet i större eller mindre omfattning. "
                "Flera av dom har påverkat kvalitén på underlagen och omöjliggjort någon exakt "
                "kvantifiering av möjliga samordningsvinster. Dom har inte påverkat våra "
                "möjligheter att ge relevanta rekommendationer till åtgärder men gjort att många "
                "aktiviteter tagit längre kalendertid än beräknat.")
# [001] slide «Agenda», as typed items: title, kind, what the plan fills in, sub-points, documents
DECK_AGENDA = [
    ("Projektstatus", AgendaItem.Kind.INFORMATION, AgendaItem.Content.STATUS,
     "Aktiviteter sedan sist\nTidsåtgång\nRisker – utfall", ""),
    ("Genomgång av slutrapport", AgendaItem.Kind.DECISION, "", "",
     "Slutrapport (Word), utskickad före mötet"),
    ("Diskussion och kommentarer till slutrapport", AgendaItem.Kind.INFORMATION, "", "", ""),
    ("Övriga frågor", AgendaItem.Kind.INFORMATION, "", "", ""),
]
# the investigation's external consultant hours reported by month, summing to 173,5 by 22-11-25
INVESTIGATION_HOURS = [("2022-04-29", "18"), ("2022-05-31", "22.5"), ("2022-06-30", "20"),
                       ("2022-08-31", "16"), ("2022-09-30", "34"), ("2022-10-31", "38"),
                       ("2022-11-25", "25")]

# Lärplattform: activity, kind, internal hours, external hours, budget kronor, hours per month
LEARNING_ACTIVITIES = [
    ("Drift, support och behörigheter", "vidmakthalla", 480, 0, 0, 36),
    ("Licensförvaltning och leverantörsmöten", "vidmakthalla", 60, 0, 0, 5),
    ("Gemensamt servicefönster för de fyra kommunerna", "vidareutveckla", 80, 40, 60_000, 8),
    ("Release notes och användartester före varje release", "vidareutveckla", 120, 0, 0, 9),
    ("Integration med elevregistret", "utanfor_plan", 40, 120, 180_000, 10),
]
# each municipality's preferred window before they agreed on Tuesdays 18–22 (kommunkod: from, to,
# weekdays); the overlap is Tuesday 18–22
PREFERRED_WINDOWS = {"1882": ((17, 0), (22, 0), "TU,WE"), "1861": ((18, 0), (23, 0), "TU"),
                     "1860": ((18, 0), (22, 0), "MO,TU"), "1814": ((16, 0), (22, 0), "TU,TH")}
LEARNING_RISKS = [
    ("Kommunerna kan inte enas om ett gemensamt servicefönster", 3, 4,
     "Förankra förslaget i styrgruppen före beslut; samla varje kommuns önskemål."),
    ("Leverantören uppdaterar utan att meddela i förväg", 3, 3,
     "Krav på releaseplan i leverantörsmötena; release notes ut internt."),
    ("Nyckelperson på IT-förvaltningen slutar", 2, 4, "Dokumentera rutiner; två personer per uppgift."),
    ("Licenskostnaden ökar mer än index", 2, 3, "Följ upp avtal mot utfall varje tertial."),
]


@transaction.atomic
def load(today: datetime.date | None = None) -> dict:
    today = today or datetime.date.today()
    board = Organisation.objects.get(name=sydnarke.COOPERATION)
    towns = sydnarke.municipalities()
    people = {p.name: p for p in Person.objects.filter(name__in=[
        "Marcus Cederberg", "Magnus Ideqvist", *sydnarke.SCHOOL_HEADS.values(),
        *sydnarke.STRATEGISTS.values()])}
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if admin is None:
        return {}
    learning = ManagementObject.objects.get(name="Lärplattform", organisation=board)
    project = _investigation(admin, board, towns, people)
    first = _first_plan(admin, board, learning, people)
    plan = _learning_plan(admin, board, learning, people, today)
    group = _portfolio_group(board, towns, people)
    return {"project": project, "first": first, "plan": plan, "group": group}


def _portfolio_group(board, towns, people) -> SteeringGroup:
    """The IT board's portfolio steering group: the four IT strategists follow up every shared
    management object (none chosen: the whole portfolio)."""
    group, created = SteeringGroup.objects.get_or_create(
        organisation=board, name="Portföljstyrgrupp Sydnärke", defaults={
            "level": SteeringGroup.Level.PORTFOLIO,
            "mandate": "Prioriterar mellan förvaltningsobjekten inom ramen för IT-nämndens "
                       "budget; frågor utanför ramen lyfts till IT-nämnden."})
    if created:
        for code, name in sydnarke.STRATEGISTS.items():
            if name in people:
                SteeringGroupSeat.objects.create(group=group, person=people[name],
                                                 organisation=towns[code], mandate="IT-strateg",
                                                 is_chair=code == "1882")
    return group


def _save_state(plan: Plan, **values) -> None:
    """Set a state as a recorded decision does (the demo records what was decided then)."""
    Plan.objects.filter(pk=plan.pk).update(**values)
    plan.refresh_from_db()


def _investigation(admin, board, towns, people) -> Plan:
    project = Plan.objects.filter(name=INVESTIGATION, kind=Plan.Kind.PROJECT).first()
    if project is not None:
        return project
    project = Plan(
        kind=Plan.Kind.PROJECT, name=INVESTIGATION, organisation=board,
        starts_on=datetime.date(2022, 3, 1), ends_on=datetime.date(2022, 11, 30),
        mission="Kartlägga kommunernas system, avtal, kostnader och samverkan och ge "
                "rekommendationer om gemensam förvaltning enligt PM3.",
        participants="Kontract (utredare), Sydnärkes IT-förvaltning, kommunernas IT-strateger",
        reporting_frequency=Plan.Frequency.MONTHLY)
    core_services.save_record(admin, project)
    core_services.save_child(admin, PlanSteeringMember(
        plan=project, person=people["Marcus Cederberg"], organisation=board, is_chair=True,
        mandate="IT-chef; beställare av utredningen"), project)
    for code, name in sydnarke.SCHOOL_HEADS.items():
        core_services.save_child(admin, PlanSteeringMember(
            plan=project, person=people[name], organisation=towns[code],
            mandate="Förvaltningschef BoU"), project)
    services.save_part(admin, Goal(
        plan=project, title="Rekommendationer om gemensam systemförvaltning",
        indicator="Slutrapport med rekommendationer behandlad i styrgruppen",
        baseline="Ingen gemensam förvaltning", target="Slutrapport 2022-11-29",
        light=Goal.Light.GREEN, outcome="Slutrapporten behandlad 2022-11-29"), project)
    work = services.save_part(admin, Activity(
        plan=project, title="Utredning: intervjuer, avtal, ekonomi och analys",
        description="\n".join(SINCE_LAST), kind=Activity.Kind.DEVELOP,
        responsible=people["Magnus Ideqvist"], external_hours=Decimal(180),
        planned_start=datetime.date(2022, 3, 1), planned_end=datetime.date(2022, 10, 31),
        actual_start=datetime.date(2022, 3, 15), actual_end=datetime.date(2022, 11, 25),
        status=Activity.Status.DONE), project)
    work.participants.set([people[n] for n in sydnarke.STRATEGISTS.values() if n in people])
    for day, hours in INVESTIGATION_HOURS:
        services.save_part(admin, TimeReport(
            activity=work, date=datetime.date.fromisoformat(day), category="extern",
            hours=Decimal(hours), note="Externa konsulttimmar"), project)
    services.save_part(admin, Estimate(
        plan=project, as_of=datetime.date(2022, 11, 25), category="extern",
        remaining_hours=Decimal(9),
        comment="Till och med fredag 22-11-25 är 173,5 timmar upparbetade. Kalendertiden har "
                "dragit ut lite mer än vi planerade från start och det har i någon mån ökat "
                "volymtiden. Vi bedömer att vi kan avsluta arbetet inom budget om inga större "
                "omtag sker utifrån dagens möte."), project)
    for number, (text, probability, impact, initials) in enumerate(SEED_RISKS, start=1):
        risk = services.save_part(admin, Risk(
            plan=project, number=number, description=text, probability=probability,
            impact=impact, owner_initials=initials, status=Risk.Status.OCCURRED, occurred=True,
            outcome=RISK_OUTCOME if number == 1 else "", outcome_on=datetime.date(2022, 11, 29)),
            project)
        risk.affected.set([board, *towns.values()])
    _save_state(project, state=Plan.State.APPROVED, approved_on=datetime.date(2022, 3, 1),
                approved_by=admin, approved_as="Styrgruppen",
                decision_reference="Styrgruppen 2022-03-01 (uppdrag)")
    meeting = Meeting(organisation=board, project=project, title="Styrgruppsmöte",
                      held_on=datetime.date(2022, 11, 29), place="Hallsberg",
                      attendees="\n".join([f"{people[n]}, {towns[c]}, förvaltningschef BoU"
                                           for c, n in sydnarke.SCHOOL_HEADS.items()]
                                          + ["Marcus Cederberg, Sydnärkes IT-nämnd, IT-chef"]),
                      documents="Slutrapport (Word), utskickad före mötet",
                      minutes="Projektstatus, slutrapporten och rekommendationerna gicks igenom. "
                              "Utredningen avslutas med denna rapportering och tidigare "
                              "utskickad Wordrapport.")
    core_services.save_record(admin, meeting)
    items = [agenda.save_item(admin, AgendaItem(
        meeting=meeting, order=order, title=title, kind=kind, content=content, note=note,
        documents=documents)) for order, (title, kind, content, note, documents)
        in enumerate(DECK_AGENDA, start=1)]
    services.record_decision(admin, Decision(
        meeting=meeting, title="Utredningen avslutas", plan=project, agenda_item=items[1],
        text="Utredningen avslutas med denna rapportering och tidigare utskickad Wordrapport.",
        mandate="Styrgruppens uppdrag för utredningen"))
    services.record_decision(admin, Decision(
        meeting=meeting, title="Gemensamt förvaltningsobjekt Lärplattform",
        text="Ett gemensamt förvaltningsobjekt för Lärplattform sätts upp med en styrgrupp av "
             "kommunernas förvaltningschefer BoU och IT-chefen som objektägare, och en gemensam "
             "förvaltningsplan för det kommande året.",
        mandate="Rekommendation till IT-nämnden", exceeds_mandate=True,
        escalated_to="Sydnärkes IT-nämnd", agenda_item=items[1]))
    services.approve_minutes(admin, meeting, on=datetime.date(2022, 12, 6))
    _save_state(project, state=Plan.State.CLOSED)
    return project


def _first_plan(admin, board, learning, people) -> Plan:
    """Lärplattform's first yearly plan as the report recommends it («Gör en gemensam
    förvaltningsplan för det kommande året»), approved at the new steering group's first
    meeting; the year is over, so the plan is closed."""
    plan = Plan.objects.filter(management_object=learning, year=2023,
                               kind=Plan.Kind.MANAGEMENT).first()
    if plan is not None:
        return plan
    plan = core_services.save_record(admin, Plan(
        kind=Plan.Kind.MANAGEMENT, name="Förvaltningsplan Lärplattform 2023", organisation=board,
        management_object=learning, year=2023, reporting_frequency=Plan.Frequency.TERTIAL,
        mission="Börja i mindre skala: ett gemensamt förvaltningsobjekt inom skolförvaltningen, "
                "införa och utvärdera, och gå vidare med hela skolförvaltningen i nästa steg.",
        stakeholders="Kommunernas förvaltningar för barn och utbildning, Sydnärkes "
                     "IT-förvaltning, leverantörerna av lärplattformarna.",
        change_handling="Uppdrag utanför plan bereds av objektledaren och beslutas av "
                        "styrgruppen."))
    for title, indicator, target in (
            ("Roller och mandat klargjorda", "Tillsatta förvaltningsroller med mandat",
             "Objektägare, objektledare och styrgrupp tillsatta"),
            ("Gemensamma servicefönster", "Överenskomna servicefönster", "Förslag till beslut")):
        services.save_part(admin, Goal(plan=plan, title=title, indicator=indicator,
                                       target=target, light=Goal.Light.GREEN), plan)
    for title, kind, hours in (("Införa förvaltningsmodellen (PM3) för objektet", "vidareutveckla",
                                120),
                               ("Drift och support", "vidmakthalla", 400)):
        services.save_part(admin, Activity(
            plan=plan, title=title, kind=kind, internal_hours=Decimal(hours),
            responsible=people["Magnus Ideqvist"], status=Activity.Status.DONE,
            planned_start=datetime.date(2023, 1, 1), planned_end=datetime.date(2023, 12, 31)),
            plan)
    meeting = core_services.save_record(admin, Meeting(
        organisation=board, management_object=learning, title="Styrgruppsmöte Lärplattform",
        held_on=datetime.date(2023, 1, 24), place="Askersund",
        minutes="Styrgruppens första möte."))
    items = agenda.create_from_template(admin, meeting)
    decision = services.record_decision(admin, Decision(
        meeting=meeting, agenda_item=items[1], title="Förvaltningsplan Lärplattform 2023", plan=plan,
        text="Styrgruppen fastställer den första gemensamma förvaltningsplanen.",
        mandate="Styrgruppen fattar resurs- och budgetbeslut för objektet"))
    services.submit(admin, plan, on=datetime.date(2023, 1, 10))
    services.approve(admin, plan, decision=decision)
    services.approve_minutes(admin, meeting, on=datetime.date(2023, 1, 31))
    services.close(admin, plan)
    Plan.objects.filter(pk=plan.pk).update(approved_as="Styrgruppen")
    return plan


def _learning_plan(admin, board, learning, people, today) -> Plan:
    year = today.year
    plan = Plan.objects.filter(management_object=learning, year=year,
                               kind=Plan.Kind.MANAGEMENT).first()
    if plan is not None:
        return plan
    plan = core_services.save_record(admin, Plan(
        kind=Plan.Kind.MANAGEMENT, name=f"Förvaltningsplan Lärplattform {year}",
        organisation=board, management_object=learning, year=year,
        mission="Förvalta kommunernas lärplattform gemensamt: stabil drift, samordnade "
                "uppdateringar med användarna informerade i förväg och en plattform som lärarna "
                "använder.",
        stakeholders="Askersund, Hallsberg, Laxå och Lekeberg (skolförvaltningarna BoU), "
                     "lärare, elever och vårdnadshavare, Sydnärkes IT-förvaltning, leverantören.",
        processes="Releaser planeras med leverantören i god tid, release notes går ut internt "
                  "och varje release testas med användare från kommunerna.",
        change_handling="Uppdrag utanför plan bereds av objektledaren med beslutsunderlag och "
                        "beslutas av styrgruppen innan arbetet räknas som planerat.",
        reporting_frequency=Plan.Frequency.TERTIAL))
    goals = [
        ("Fler lärare använder plattformen varje vecka", "Andel lärare som loggar in varje vecka",
         "55 %", "75 %", Goal.FollowUp.PERCENT, "", 84, "68 % i oktober"),
        ("Ett gemensamt servicefönster", "Kommuner med samma servicefönster", "0 av 4", "4 av 4",
         Goal.FollowUp.TRAFFIC_LIGHT, Goal.Light.GREEN, None, "Tisdagar 18–22 sedan mars"),
        ("Användartest före varje release", "Releaser testade med användare", "0 %", "100 %",
         Goal.FollowUp.TRAFFIC_LIGHT, Goal.Light.YELLOW, None, "1 av 2 releaser"),
    ]
    for title, indicator, baseline, target, follow_up, light, percent, outcome in goals:
        services.save_part(admin, Goal(plan=plan, title=title, indicator=indicator,
                                       baseline=baseline, target=target, follow_up=follow_up,
                                       light=light, percent=percent, outcome=outcome), plan)
    activities = []
    for title, kind, internal, external, kronor, per_month in LEARNING_ACTIVITIES:
        activities.append((services.save_part(admin, Activity(
            plan=plan, title=title, kind=kind, responsible=people["Magnus Ideqvist"],
            internal_hours=Decimal(internal), external_hours=Decimal(external),
            budget_ore=kronor * 100, planned_start=datetime.date(year, 1, 1),
            planned_end=datetime.date(year, 12, 31), actual_start=datetime.date(year, 1, 8),
            status=Activity.Status.ON_TRACK), plan), per_month, external))
    for number, (text, probability, impact, measure) in enumerate(LEARNING_RISKS, start=1):
        services.save_part(admin, Risk(plan=plan, number=number, description=text,
                                       probability=probability, impact=impact, measure=measure,
                                       owner=people["Magnus Ideqvist"]), plan)
    systems = list(System.objects.filter(management_object=learning)[:4])
    window = services.save_part(admin, Release(
        plan=plan, kind=Release.Kind.SERVICE_WINDOW, title="Gemensamt servicefönster",
        starts_at=_at(year, 3, 3, 18), ends_at=_at(year, 3, 3, 22),
        recurrence="FREQ=WEEKLY;BYDAY=TU", communicated_on=datetime.date(year, 2, 20),
        notes="Tisdagar 18–22, överenskommet av de fyra kommunerna."), plan)
    window.systems.set(systems)
    for code, (start, end, days) in PREFERRED_WINDOWS.items():
        town = Organisation.objects.get(municipality_code=code)
        services.save_part(admin, Release(
            plan=plan, kind=Release.Kind.SERVICE_WINDOW, preferred_by=town,
            title=f"Önskat servicefönster {town.name}", starts_at=_at(year, 1, 6, *start),
            ends_at=_at(year, 1, 6, *end), recurrence=f"FREQ=WEEKLY;BYDAY={days}"), plan)
    release = services.save_part(admin, Release(
        plan=plan, kind=Release.Kind.RELEASE, title="Höstversionen",
        starts_at=_at(year, 10, 13, 18), ends_at=_at(year, 10, 13, 22),
        notes="Ny bedömningsvy, förbättrad inloggning för vårdnadshavare, rättade länkar i "
              "kursrummen.", communicated_on=datetime.date(year, 9, 29),
        test_result=Release.Result.REMARKS,
        test_notes="Testat 6 oktober med åtta lärare från Askersund, Hallsberg, Laxå och "
                   "Lekeberg: godkänd, två länkar i kursrummen pekades om."), plan)
    release.systems.set(systems)
    meeting = core_services.save_record(admin, Meeting(
        organisation=board, management_object=learning, title="Styrgruppsmöte Lärplattform",
        held_on=datetime.date(year, 1, 27), place="Hallsberg",
        attendees="\n".join(f"{people[n]}, förvaltningschef BoU"
                            for n in sydnarke.SCHOOL_HEADS.values())
        + "\nMarcus Cederberg, objektägare\nMagnus Ideqvist, objektledare IT",
        minutes="Förvaltningsplanen fastställdes."))
    items = agenda.create_from_template(admin, meeting)
    decision = services.record_decision(admin, Decision(
        meeting=meeting, agenda_item=items[1], title=f"Förvaltningsplan Lärplattform {year}", plan=plan,
        text="Styrgruppen fastställer förvaltningsplanen.",
        mandate="Styrgruppen fattar resurs- och budgetbeslut för objektet"))
    integration = services.record_decision(admin, Decision(
        meeting=meeting, agenda_item=items[1], title="Integration med elevregistret (uppdrag utanför plan)",
        text="Uppdraget genomförs enligt beslutsunderlaget, inom objektets budget.",
        mandate="Styrgruppen fattar resurs- och budgetbeslut för objektet"))
    Action.objects.create(meeting=meeting, title="Samla in varje kommuns önskemål om "
                          "servicefönster", owner=people["Magnus Ideqvist"],
                          due_on=datetime.date(year, 2, 28), done_on=datetime.date(year, 2, 20))
    Action.objects.create(meeting=meeting, title="Ta fram rutin för användartester",
                          owner=people["Magnus Ideqvist"], due_on=datetime.date(year, 5, 31))
    Activity.objects.filter(plan=plan, kind=Activity.Kind.OUTSIDE_PLAN).update(
        decision=integration,
        decision_basis="Beslutsunderlag från objektledaren: elevregistret skickar klasser och "
                       "elever till lärplattformen varje natt i stället för manuell import; "
                       "40 interna och 120 externa timmar, 180 000 kr inom objektets budget.")
    services.submit(admin, plan, on=datetime.date(year, 1, 15))
    services.approve(admin, plan, decision=decision)
    Plan.objects.filter(pk=plan.pk).update(approved_as="Styrgruppen")
    services.approve_minutes(admin, meeting, on=datetime.date(year, 2, 3))
    for month in range(1, today.month + (1 if today.day >= 25 else 0)):
        last = _month_end(year, month)
        for activity, per_month, external in activities:
            services.save_part(admin, TimeReport(
                activity=activity, date=last, category="intern",
                hours=Decimal(per_month) + Decimal(month % 3) / 2), plan)
            if external and month in (3, 6, 9):
                services.save_part(admin, TimeReport(
                    activity=activity, date=last, category="extern", hours=Decimal(external) / 4,
                    cost_ore=external * 26_250), plan)
    services.save_part(admin, Estimate(
        plan=plan, as_of=min(today, datetime.date(year, 12, 31)), category="extern",
        remaining_hours=Decimal(40), remaining_ore=40 * 1_050_00, comment="Integrationen mot elevregistret återstår."), plan)
    autumn = datetime.date(year, 9, 22)
    if today >= autumn:
        autumn_meeting = core_services.save_record(admin, Meeting(
            organisation=board, management_object=learning,
            title="Styrgruppsmöte Lärplattform", held_on=autumn, place="Laxå"))
        agenda.create_from_template(admin, autumn_meeting)
    return plan


def _at(year, month, day, hour, minute=0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def _month_end(year, month) -> datetime.date:
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)
