"""The sections of a decision basis (beslutsunderlag), drawn by the same renderers as the
steering pack: ärende, bakgrund, nuläge from the register, the scenario's alternatives, the
consequences per municipality, risks, the proposed decision and appendices. A basis made for one
municipality (`member`) holds that municipality's figures alone.

Each section is computed for its reader: the register's contract amounts through the permission
layer (a price under secrecy is hidden, and so is the contract's sum), the year's costs as the
ledger shows them to the reader – nothing else in the basis is derived from either."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from samverkan.contracts.models import Contract
from samverkan.core import permissions
from samverkan.core.formatting import format_ore
from samverkan.ledger import services as ledger
from samverkan.ledger.models import CostCategory, CostSummary
from samverkan.organisations.models import Organisation
from samverkan.portfolio.models import ObjectDocument, System, SystemUsage

from . import basis as bases
from .documents import id_param
from .models import DecisionBasis
from .registry import (
    DATE,
    MONEY,
    NUMBER,
    Chart,
    Column,
    Content,
    Context,
    DocumentKind,
    Table,
    register,
    register_kind,
)
from .sections import contracted_amount, group_name, risks_table


@dataclass
class BasisSubject:
    """What a decision-basis document is made of: the basis, and the municipality it is made
    for (None: every municipality)."""

    basis: DecisionBasis
    member: Organisation | None = None

    @property
    def meeting(self):
        return self.basis.agenda_item.meeting

    def get_absolute_url(self) -> str:
        return self.basis.get_absolute_url()

    def query(self) -> dict[str, str]:
        """The document's parameters: the agenda item and the municipality, if one."""
        params = {"item": str(self.basis.agenda_item_id)}
        if self.member is not None:
            params["member"] = str(self.member.pk)
        return params

    def __str__(self) -> str:
        if self.member is None:
            return str(self.basis)
        return f"{self.basis} – {self.member}"


def subject_of(ctx: Context) -> BasisSubject:
    return ctx.subject


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# -- ärende, bakgrund ----------------------------------------------------------------------------


def case_section(ctx: Context) -> Content:
    subject = subject_of(ctx)
    basis, meeting = subject.basis, subject.meeting
    lines = [_("Punkt %(order)s: %(title)s") % {"order": basis.agenda_item.order,
                                                  "title": basis.agenda_item.title},
             f"{meeting.title} {meeting.held_on:%Y-%m-%d}, {group_name(meeting)}",
             *_lines(basis.subject),
             _("Status: %(state)s") % {"state": basis.get_state_display()}]
    if subject.member is not None:
        lines.append(_("Underlag för %(member)s") % {"member": subject.member})
    lines.append(_("Uppgifter per %(date)s") % {"date": ctx.as_of.isoformat()})
    return Content(paragraphs=lines)


def background_section(ctx: Context) -> Content:
    lines = _lines(subject_of(ctx).basis.background)
    return Content(paragraphs=lines or [_("Ingen bakgrund är skriven.")])


# -- nuläge from the register ----------------------------------------------------------------------


def systems_table(ctx: Context, obj, member) -> tuple[Table, Table]:
    systems = list(System.objects.for_user(ctx.user).filter(
        management_object=obj, archived_at__isnull=True).select_related(
        "product", "organisation").order_by("name", "pk"))
    usages = SystemUsage.objects.for_user(ctx.user).filter(
        system__in=[s.pk for s in systems]).select_related("organisation")
    if member is not None:
        usages = usages.filter(organisation=member)
    users: dict[int, int] = {}
    per_organisation: dict[str, int | None] = {}
    for usage in usages.order_by("organisation__name", "pk"):
        users[usage.system_id] = users.get(usage.system_id, 0) + (usage.users or 0)
        name = usage.organisation.name
        per_organisation[name] = (per_organisation.get(name) or 0) + (usage.users or 0)
    table = Table(pgettext("flera", "System"), [Column(_("System")), Column(_("Produkt")), Column(_("Ägare")),
                                Column(_("Livscykel")), Column(_("Användare"), NUMBER)])
    for system in systems:
        table.rows.append([system.name, str(system.product or ""), system.organisation.name,
                           system.get_lifecycle_display(), users.get(system.pk)])
    usage = Table(_("Användare per organisation"), [Column(_("Organisation")),
                                                     Column(_("Användare"), NUMBER)])
    usage.rows = [[name, count] for name, count in per_organisation.items()]
    if usage.rows and member is None:
        usage.total = [_("Summa"), sum(count or 0 for count in per_organisation.values())]
    return table, usage


def contracts_table(ctx: Context, obj) -> Table:
    table = Table(pgettext("flera", "Avtal"), [Column(_("Avtal")), Column(_("Leverantör")),
                               Column(_("Slutdatum"), DATE),
                               Column(_("Avtalat belopp per år"), MONEY)])
    contracts = Contract.objects.for_user(ctx.user).filter(
        pk__in=ledger.linked_contracts(obj).values("pk"), archived_at__isnull=True
    ).select_related("supplier").order_by("title", "pk")
    for contract in contracts:
        table.rows.append([contract.title, str(contract.supplier or ""),
                           contract.original_end_date, contracted_amount(ctx, contract)])
    return table


def reads_secret_bookings(user, obj, year: int) -> bool:
    """Whether the reader's cost includes bookings on a contract whose prices are under
    secrecy (those of the reader's own organisations, or all for a superuser)."""
    secret = ledger.linked_contracts(obj).filter(prices_confidential=True)
    seen = CostSummary.objects.filter(year=year, contract__in=secret.values("pk")).exclude(
        category="")
    if not user.is_superuser:
        seen = seen.filter(organisation_id__in=permissions.organisations_where(
            user, permissions.Role.READER))
    return seen.exists()


def costs_table(ctx: Context, obj, year: int) -> tuple[Table, list[str]]:
    """The year's booked cost on the object's contracts as the ledger shows it to the reader:
    bookings on contracts whose prices are confidential to others are left out, and it says so
    (from the contracts' flag, which every reader sees, never from what was left out)."""
    outcome = ledger.outcome_by_category(ctx.user, obj, year)
    booked = outcome["by_category"]
    table = Table(_("Kostnad %(year)s enligt bokföringen") % {"year": year},
                  [Column(_("Kostnadsslag")), Column(_("Belopp"), MONEY)])
    table.rows = [[str(label), booked[value]] for value, label in CostCategory.choices
                  if booked.get(value)]
    if table.rows:
        table.total = [_("Summa"), sum(row[1] for row in table.rows)]
        if reads_secret_bookings(ctx.user, obj, year):
            ctx.cache["confidential"] = True
    notes = []
    if outcome["hidden"]:
        notes.append(_("Avtal vars priser omfattas av sekretess ingår inte i kostnaden."))
    return table, notes


def current_section(ctx: Context) -> Content:
    subject = subject_of(ctx)
    basis = subject.basis
    notes = _lines(basis.current_note)
    if not basis.management_object_id:
        return Content(paragraphs=[_("Underlaget gäller inget förvaltningsobjekt."), *notes])
    obj = basis.management_object
    systems, usage = systems_table(ctx, obj, subject.member)
    costs, cost_notes = costs_table(ctx, obj, bases.year_of(basis) - 1)
    paragraphs = [_("Förvaltningsobjekt: %(object)s") % {"object": obj}, *notes, *cost_notes]
    return Content(paragraphs=paragraphs,
                   tables=[systems, usage, contracts_table(ctx, obj), costs])


# -- alternatives and consequences ---------------------------------------------------------------


def alternatives_section(ctx: Context) -> Content:
    subject = subject_of(ctx)
    basis = subject.basis
    if not basis.scenario_id:
        return Content(paragraphs=[_("Underlaget bygger inte på något scenario.")])
    summary, problem = bases.scenario_summary(basis)
    paragraphs = [_("Scenario: %(name)s") % {"name": basis.scenario},
                  *_lines(basis.scenario.description)]
    if summary is None:
        return Content(paragraphs=[*paragraphs, problem])
    names = list(summary.per_member)
    if subject.member is not None:
        names = [n for n in names if n == subject.member.name]
    table = Table(_("Alternativ och besparing"), [
        Column(_("Steg")), Column(_("Beräkning")),
        Column(_("Besparing i hela samverkan"), MONEY),
        *[Column(_("Besparing för %(member)s") % {"member": name}, MONEY) for name in names]])
    for step, saved in summary.steps:
        table.rows.append([step.name, step.calculation.name, saved.total_ore,
                           *[saved.per_member.get(name) for name in names]])
    table.total = [_("Summa"), "", summary.total_ore,
                   *[summary.per_member[name] for name in names]]
    return Content(paragraphs=paragraphs, tables=[table])


def consequences_table(result: bases.Consequences, member) -> Table:
    table = Table(_("Konsekvenser per kommun"), [
        Column(_("Kommun")), *[Column(_("Andel av %(budget)s") % {"budget": label.lower()},
                                      MONEY) for label in result.budgets],
        Column(_("Kostnad"), MONEY), Column(_("Nyttor"), MONEY), Column(_("Besparing"), MONEY),
        Column(_("Netto"), MONEY)])
    for row in [*result.rows, *([result.total()] if member is None and result.rows else [])]:
        table.rows.append([row.name, *row.shares, row.cost_ore, row.benefit_ore, row.saving_ore,
                           row.net_ore])
    if member is None and table.rows:
        table.total = table.rows.pop()
    return table


def consequences_section(ctx: Context) -> Content:
    subject = subject_of(ctx)
    basis = subject.basis
    if not (basis.initiative_id or basis.scenario_id):
        return Content(paragraphs=[_("Underlaget har inget initiativ eller scenario att räkna "
                                     "konsekvenser från.")])
    result = bases.consequences(basis, subject.member)
    paragraphs = []
    if basis.initiative_id:
        paragraphs.append(_("Initiativ: %(name)s") % {"name": basis.initiative})
        paragraphs.append(_("Fördelning: %(key)s") % {"key": result.key_text})
        for label, total in zip(result.budgets, result.totals, strict=True):
            paragraphs.append(_("%(budget)s: %(amount)s") % {
                "budget": label, "amount": format_ore(total)})
    paragraphs += result.problems
    if result.common_benefits:
        paragraphs.append(_("Nyttor för samverkan som helhet: %(names)s") % {
            "names": ", ".join(b.name for b in result.common_benefits)})
    table = consequences_table(result, subject.member)
    charts = []
    if table.rows:
        charts.append(Chart(_("Kostnad och nytta per kommun"), [r.name for r in result.rows], [
            (_("Kostnad"), [r.cost_ore for r in result.rows]),
            (_("Nyttor och besparing"), [r.benefit_ore + r.saving_ore for r in result.rows])],
            kind=MONEY))
    else:
        paragraphs.append(_("Inga konsekvenser för kommunen."))
    return Content(paragraphs=paragraphs, tables=[table], charts=charts)


# -- risks, proposal, appendices --------------------------------------------------------------------


def risks_section(ctx: Context) -> Content:
    basis = subject_of(ctx).basis
    plan = bases.plan_of(basis, ctx.user)
    notes = _lines(basis.risk_note)
    if plan is None:
        return Content(paragraphs=[*notes] or [_("Ingen plan med risker hör till underlaget.")])
    return Content(paragraphs=[_("Risker enligt %(plan)s") % {"plan": plan}, *notes],
                   tables=[risks_table(plan)])


def proposal_section(ctx: Context) -> Content:
    basis = subject_of(ctx).basis
    lines = _lines(basis.proposal)
    if basis.decision_id:
        decision = basis.decision
        lines += [_("Beslut %(reference)s: %(title)s") % {"reference": decision.reference,
                                                          "title": decision.title},
                  *_lines(decision.text)]
    return Content(paragraphs=lines)


def appendices_section(ctx: Context) -> Content:
    basis = subject_of(ctx).basis
    documents = [*basis.appendix_lines]
    documents += [d for d in basis.agenda_item.document_lines if d not in documents]
    if basis.management_object_id:
        for document in ObjectDocument.objects.filter(
                management_object_id=basis.management_object_id).order_by("kind", "title"):
            documents.append(f"{document.title} ({document.get_kind_display().lower()})")
    return Content(paragraphs=documents or [_("Inga bilagor.")])


SECTIONS = [
    ("arende", lambda: _("Ärende"), case_section),
    ("bakgrund", lambda: _("Bakgrund"), background_section),
    ("nulage", lambda: _("Nuläge"), current_section),
    ("alternativ", lambda: _("Alternativ"), alternatives_section),
    ("konsekvenser", lambda: _("Konsekvenser per kommun"), consequences_section),
    ("risker", lambda: _("Risker"), risks_section),
    ("forslag", lambda: _("Förslag till beslut"), proposal_section),
    ("bilagor", lambda: _("Bilagor"), appendices_section),
]


# -- the document kind -----------------------------------------------------------------------------

KIND = "decision-basis"


def resolve(user, params: dict[str, str]) -> BasisSubject | None:
    """The basis of agenda item `item` the user may see, for municipality `member` if given
    (a ValidationError for a municipality that is not the basis's)."""
    item = id_param(params, "item", _("Ange dagordningspunktens id."))
    basis = DecisionBasis.objects.for_user(user).select_related(
        "agenda_item__meeting__organisation", "management_object", "scenario", "initiative",
        "decision").filter(agenda_item_id=item).first()
    if basis is None:
        return None
    return BasisSubject(basis, bases.member_of(basis, params.get("member")))


def title(subject: BasisSubject) -> str:
    return str(subject)


def filename(subject: BasisSubject) -> str:
    meeting = subject.meeting
    stem = f"beslutsunderlag-{meeting.held_on:%Y-%m-%d}-punkt-{subject.basis.agenda_item.order}"
    if subject.member is not None:
        stem += "-" + slugify(subject.member.name)
    return stem


def register_decision_basis() -> None:
    register_kind(DocumentKind(
        key=KIND, label=lambda: _("Beslutsunderlag"), params=("item", "member"),
        resolve=resolve, title=title, filename=filename,
        organisation=lambda subject: subject.meeting.organisation,
        meeting=lambda subject: subject.meeting, query=BasisSubject.query))
    for order, (key, label, compute) in enumerate(SECTIONS, start=1):
        register(key, label, compute, order=order * 10, kind=KIND)
