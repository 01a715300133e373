"""Forms for the parts of an initiative on its page: its benefits, each benefit's target and
realised value per year, its costs per year, its external parties and the payments to them,
and a member's signing of binding participation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverkan.core.views import ChildDeleteView, ChildEditView
from samverkan.finance.allocation import AllocationError
from samverkan.planning.views.common import run

from ..forms import (
    BenefitForm,
    BenefitYearForm,
    CostYearForm,
    ExternalPartyForm,
    PaymentForm,
    SignForm,
)
from ..models import (
    Benefit,
    BenefitYear,
    CostYear,
    ExternalParty,
    Initiative,
    Participation,
    Payment,
)
from ..services import invoicing, stages


class BenefitEditView(ChildEditView):
    parent_model = Initiative
    model = Benefit
    form_class = BenefitForm
    parent_field = "initiative"


class BenefitDeleteView(ChildDeleteView, BenefitEditView):
    pass


class BenefitYearEditView(ChildEditView):
    parent_model = Benefit
    model = BenefitYear
    form_class = BenefitYearForm
    parent_field = "benefit"


class BenefitYearDeleteView(ChildDeleteView, BenefitYearEditView):
    pass


class CostYearEditView(ChildEditView):
    parent_model = Initiative
    model = CostYear
    form_class = CostYearForm
    parent_field = "initiative"


class CostYearDeleteView(ChildDeleteView, CostYearEditView):
    pass


class ExternalPartyEditView(ChildEditView):
    parent_model = Initiative
    model = ExternalParty
    form_class = ExternalPartyForm
    parent_field = "initiative"


class ExternalPartyDeleteView(ChildDeleteView, ExternalPartyEditView):
    pass


class PaymentEditView(ChildEditView):
    parent_model = Initiative
    model = Payment
    form_class = PaymentForm
    parent_field = "initiative"


class PaymentDeleteView(ChildDeleteView, PaymentEditView):
    pass


@require_POST
def sign(request, pk):
    """A member's editor (or the cooperation's) signs the member's binding participation."""
    participation = get_object_or_404(
        Participation.objects.for_user(request.user).select_related("initiative"), pk=pk)
    initiative = participation.initiative
    if not stages.may_answer_for(request.user, initiative, participation.organisation_id):
        raise PermissionDenied(_("Du har inte behörighet att teckna deltagande för %(org)s.") % {
            "org": participation.organisation})
    form = SignForm(request.POST, request.FILES, participation=participation)
    target = initiative.get_absolute_url() + "#deltagare"
    if not form.is_valid():
        messages.error(request, _("Kontrollera uppgifterna: %(errors)s") % {
            "errors": " ".join(e for errors in form.errors.values() for e in errors)})
        return HttpResponseRedirect(target)
    data = form.cleaned_data
    return run(request, lambda: stages.sign(
        request.user, participation, agreement=data["agreement"], signatory=data["signatory"],
        on=data["signed_on"], document=data["document"],
        expected_version=data["expected_version"]),
        _("Deltagandet är tecknat."), target)


@require_POST
def invoice(request, pk, budget):
    """The agreed budget becomes a cost pool of the cooperation, approved and invoiced in
    Ekonomi like every other split; the initiative links to it."""
    initiative = get_object_or_404(Initiative.objects.for_user(request.user), pk=pk)
    if budget not in Payment.Budget.values:
        raise Http404
    if not stages.may_coordinate(request.user, initiative):
        raise PermissionDenied(_("Du har inte behörighet att fakturera initiativets deltagare."))
    try:
        pool = invoicing.create_pool(request.user, initiative, budget)
    except AllocationError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(initiative.get_absolute_url() + "#fordelning")
    messages.success(request, _("Kostnadspoolen är skapad med initiativets fördelning. Fastställ "
                                "den och skapa fakturaunderlagen här."))
    return HttpResponseRedirect(pool.get_absolute_url())


def agreement_document(request, pk):
    """A participant's signed agreement, for those who see the initiative."""
    participation = get_object_or_404(Participation.objects.filter(
        initiative__in=Initiative.objects.for_user(request.user)), pk=pk)
    if not participation.document:
        raise Http404
    return FileResponse(participation.document.open("rb"), as_attachment=True,
                        filename=participation.document.name.rsplit("/", 1)[-1])
