"""The initiatives' pages: the list with filters and export, the initiative's page with its
stage timeline, participants, budget split and benefits, and the stage buttons (forms)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from samverkan.core.views import (
    ObjectArchiveView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from samverkan.finance.allocation import AllocationError
from samverkan.organisations.models import Membership, Organisation
from samverkan.planning.views.common import run
from samverkan.portfolio.charts import bar

from ..filtersets import InitiativeFilterSet
from ..forms import InitiativeForm, ProposalForm, SignForm, StageForm
from ..models import Initiative, Participation, Payment
from ..services import benefits, invoicing, money, outcome, project, stages
from ..tables import InitiativeTable

S = Initiative.Stage
QUERY = Initiative.objects.select_related("organisation", "proposer_organisation", "capability",
                                         "project_pool", "management_pool")

# the button each stage offers: (action, label, fields the form shows)
NEXT = {
    S.IDEA: [("package", gettext_lazy("Paketera förslag"), ("note",))],
    S.PACKAGED: [("inform", gettext_lazy("Godkänn och informera medlemmarna"),
                  ("meeting", "note"))],
    S.INFORMED: [("interest", gettext_lazy("Öppna intresseanmälan"), ("note",))],
    S.INTEREST: [("plan", gettext_lazy("Projektplan med budget"), ("budget_kr", "note"))],
    S.PLAN: [("agree", gettext_lazy("Överenskommelse"), ("on", "meeting", "note"))],
    S.AGREEMENT: [("start", gettext_lazy("Starta projektet"), ("on", "ends_on"))],
    S.EXECUTION: [("handover", gettext_lazy("Överlämna till förvaltning"),
                   ("on", "meeting", "budget_kr"))],
    S.HANDOVER: [("evaluate", gettext_lazy("Utvärderad"), ("note",))],
}


class InitiativeListView(ObjectListView):
    model = Initiative
    queryset = QUERY
    table_class = InitiativeTable
    filterset_class = InitiativeFilterSet
    title = pgettext_lazy("flera", "Initiativ")
    add_url_name = "initiatives:initiative_add"
    export_name = "initiativ"


class InitiativeDetailView(ObjectDetailView):
    model = Initiative
    queryset = QUERY
    template_name = "initiatives/initiative_detail.html"

    def extra_context(self, initiative) -> dict:
        split, split_error, population_notes = None, "", []
        try:
            split = money.budget_split(initiative)
            population_notes = money.population_notes(initiative)
        except AllocationError as exc:
            split_error = str(exc)
        may = stages.may_coordinate(self.request.user, initiative)
        buttons = []
        if may and not initiative.is_archived:
            for action, label, fields in NEXT.get(initiative.stage, []):
                buttons.append({"action": action, "label": label,
                                "form": StageForm(initiative=initiative,
                                                  initial={"expected_version":
                                                           initiative.version},
                                                  auto_id=f"id_%s-{action}"),
                                "fields": fields})
        participations = list(initiative.participations.select_related(
            "organisation", "signatory"))
        for participation in participations:
            participation.sign_form = SignForm(
                participation=participation, auto_id=f"id_%s-{participation.pk}") if (
                participation.status == Participation.Status.INTEREST
                and initiative.stage in (S.INTEREST, S.PLAN) and not initiative.is_archived
                and stages.may_answer_for(self.request.user, initiative,
                                          participation.organisation_id)) else None
        return {
            "population_notes": population_notes,
            "timeline": [(change, initiative.step(change.to_stage)) for change in
                         initiative.stage_changes.select_related("decision", "by")],
            "participations": participations,
            "can_edit_parts": may and not initiative.is_archived,
            "parties": initiative.external_parties.annotate(paid_ore=Sum("payments__amount_ore")),
            "payments": initiative.payments.select_related("party"),
            "budgets": money.budgets_left(initiative),
            "outcome": outcome.ledger_outcome(self.request.user, initiative),
            "initiative_contracts": initiative.contracts.for_user(self.request.user),
            "cost_years": initiative.cost_years.all(),
            "invoicing": invoicing_rows(initiative, may),
            "split": split, "split_error": split_error, "split_chart": split_chart(split),
            "key_text": money.key_text(initiative) if split else "",
            "benefit_rows": initiative.benefits.select_related("organisation", "owner",
                                                               "winner_decision")
            .prefetch_related("years"),
            "yearly": benefits.yearly(initiative),
            "npv": benefits.net_present_value_ore(initiative),
            "overdue": benefits.overdue(initiative.benefits.prefetch_related("years")),
            "paid": money.paid_ore(initiative),
            "buttons": buttons,
            "answer_for": answering_for(self.request.user, initiative),
            "can_close": may and initiative.stage not in (S.HANDOVER, S.EVALUATED, S.CLOSED),
            "close_form": StageForm(initiative=initiative,
                                    initial={"expected_version": initiative.version},
                                    auto_id="id_%s-close"),
        }


class InitiativeEditView(ObjectEditView):
    model = Initiative
    form_class = InitiativeForm


class InitiativeAddView(InitiativeEditView):
    """Registering an idea is the proposer's step (a member's editor), not only the
    cooperation's."""

    form_class = ProposalForm

    def save(self, form):
        obj = form.save(commit=False)
        obj = stages.propose(self.request.user, obj)
        form.save_m2m()
        return obj


class InitiativeArchiveView(ObjectArchiveView):
    model = Initiative


def _ore(kronor: Decimal | None) -> int | None:
    return None if kronor is None else int(kronor * 100)


@require_POST
def change_stage(request, pk, action):
    initiative = get_object_or_404(Initiative.objects.for_user(request.user), pk=pk)
    if not stages.may_coordinate(request.user, initiative):
        raise PermissionDenied(_("Du har inte behörighet att ändra initiativets steg."))
    form = StageForm(request.POST, initiative=initiative)
    target = initiative.get_absolute_url()
    if not form.is_valid():
        messages.error(request, _("Kontrollera uppgifterna: %(errors)s") % {
            "errors": " ".join(e for errors in form.errors.values() for e in errors)})
        return HttpResponseRedirect(target)
    data = form.cleaned_data
    user, version = request.user, data["expected_version"]
    common = {"expected_version": version, "note": data["note"] or ""}
    actions = {
        "package": lambda: stages.package(user, initiative, proposal=data["note"] or "",
                                          **common),
        "inform": lambda: stages.inform_members(user, initiative, meeting=data["meeting"],
                                                **common),
        "interest": lambda: stages.open_interest(user, initiative, **common),
        "plan": lambda: stages.propose_plan(user, initiative,
                                            project_budget_ore=_ore(data["budget_kr"]),
                                            **common),
        "agree": lambda: stages.agree(user, initiative, meeting=data["meeting"],
                                      on=data["on"] or _today(), **common),
        "start": lambda: project.start_project(user, initiative, starts_on=data["on"] or _today(),
                                               ends_on=data["ends_on"] or _today(),
                                               **common),
        "handover": lambda: project.hand_over(user, initiative, meeting=data["meeting"],
                                              on=data["on"] or _today(),
                                              management_budget_ore=_ore(data["budget_kr"]),
                                              **common),
        "evaluate": lambda: stages.evaluate(user, initiative, **common),
        "close": lambda: stages.close(user, initiative, reason=data["note"] or "",
                                      meeting=data["meeting"],
                                      expected_version=version),
    }
    if action not in actions:
        raise Http404
    return run(request, actions[action], _("Initiativets steg är ändrat."), target)


def _today():
    return datetime.date.today()



@require_POST
def register_interest(request, pk):
    """A member's editor registers (or the cooperation records) the member's interest."""
    initiative = get_object_or_404(Initiative.objects.for_user(request.user), pk=pk)
    organisation = get_object_or_404(Organisation, pk=request.POST.get("organisation") or 0)
    return run(request, lambda: stages.register_interest(request.user, initiative, organisation),
               _("Intresset är anmält."), initiative.get_absolute_url())


def answering_for(user, initiative) -> list:
    """The members the user may register interest for while the participant set is open."""
    if initiative.stage not in stages.OPEN_FOR_PARTICIPANTS or initiative.is_archived:
        return []
    members = Organisation.objects.filter(pk__in=Membership.objects.filter(
        cooperation_id=initiative.organisation_id).values("member_id"))
    return [m for m in members.order_by("name")
            if stages.may_answer_for(user, initiative, m.pk)]


def invoicing_rows(initiative: Initiative, may_coordinate: bool) -> list[dict]:
    """Per budget, its cost pool or, for the cooperation, the button that makes one."""
    rows = []
    for budget, label in Payment.Budget.choices:
        pool = invoicing.pool_of(initiative, budget)
        total = money.budget_total(initiative, budget)
        can = (may_coordinate and pool is None and total is not None
               and invoicing.may_invoice(initiative, budget))
        if pool is not None or can:
            rows.append({"budget": budget, "label": label, "pool": pool, "can": can})
    return rows


def split_chart(split) -> dict | None:
    """Each participant's part of the project budget, beside the table of the same figures."""
    if split is None or len(split.shares) < 2:
        return None
    return bar([s.name for s in split.shares],
               {_("Projektbudget"): [s.amount_ore / 100 for s in split.shares]},
               _("Projektbudget per deltagare (kr)"))
