"""Pages of the decision basis (beslutsunderlag): written from the agenda item on the meeting's
page, its own page with every part as its reader may see it, and its state buttons."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverkan.core import permissions
from samverkan.core.history import history_for
from samverkan.core.views import ChildEditView
from samverkan.planning.models import AgendaItem
from samverkan.planning.views.common import expected_version, run

from . import basis as bases
from . import pack as packs
from .basis_sections import KIND, BasisSubject
from .forms import DecisionBasisForm
from .models import DecisionBasis


def _basis(request, pk) -> DecisionBasis:
    return get_object_or_404(DecisionBasis.objects.for_user(request.user).select_related(
        "agenda_item__meeting__organisation", "management_object", "scenario", "initiative",
        "decision"), pk=pk)


class DecisionBasisEditView(ChildEditView):
    """Add the basis of a decision item (one per item) or change it while it is not decided."""

    parent_model = AgendaItem
    model = DecisionBasis
    form_class = DecisionBasisForm
    parent_field = "agenda_item"

    def get_parent(self):
        item = super().get_parent()
        if item.kind != AgendaItem.Kind.DECISION:
            raise PermissionDenied(_("Ett beslutsunderlag hör till en beslutspunkt."))
        return item

    def get_instance(self, parent):
        if "pk" not in self.kwargs:
            self.kwargs["pk"] = getattr(parent.decision_bases.first(), "pk", None)
            if self.kwargs["pk"] is None:
                del self.kwargs["pk"]
        instance = super().get_instance(parent)
        if instance.state == DecisionBasis.State.DECIDED:
            raise PermissionDenied(_("Underlaget är beslutat och ändras inte."))
        return instance

    def save(self, form, parent):
        basis = form.save(commit=False)
        basis.agenda_item = parent
        return bases.save_basis(self.request.user, basis,
                                expected_version=self.expected_version(form))

    def success_url(self, child, parent) -> str:
        return child.get_absolute_url()


def basis_for_item(request, item):
    """The agenda item's basis, or the form to write it for those who may."""
    agenda_item = get_object_or_404(AgendaItem.objects.for_user(request.user), pk=item)
    found = agenda_item.decision_bases.first()
    if found is not None:
        return HttpResponseRedirect(found.get_absolute_url())
    if not permissions.can(request.user, permissions.CHANGE, agenda_item):
        raise Http404(_("Punkten har inget beslutsunderlag."))
    return HttpResponseRedirect(reverse("reports:basis_edit", args=[agenda_item.pk]))


def basis_detail(request, pk):
    basis = _basis(request, pk)
    meeting = basis.agenda_item.meeting
    can_change = permissions.can(request.user, permissions.CHANGE, meeting)
    result = packs.build(BasisSubject(basis), request.user, kind=KIND)
    return render(request, "reports/basis_detail.html", {
        "object": basis, "meeting": meeting, "pack": result, "title": str(basis), "kind": KIND,
        "can_change": can_change and basis.state != DecisionBasis.State.DECIDED,
        "next_states": [DecisionBasis.State(s) for s in bases.next_states(basis.state)]
        if can_change else [],
        "decision": bases.decision_for(basis.agenda_item),
        "members": bases.member_choices(basis),
        "history": history_for(basis, request.user, limit=50),
    })


@require_POST
def basis_state(request, pk):
    basis = _basis(request, pk)
    target = request.POST.get("state", "")
    if target not in DecisionBasis.State.values:
        target = ""
    return run(request, lambda: bases.change_state(
        request.user, basis, target, expected_version=expected_version(request)),
        _("Underlagets status är ändrad."), basis.get_absolute_url())
