"""Pages for cost pools, their participants and the distributions approved from them."""


from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from samverkan.core import permissions
from samverkan.core.views import (
    ChildDeleteView,
    ChildEditView,
    ObjectArchiveView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)

from .. import charts, exports, forms, services
from ..allocation import AllocationError
from ..filtersets import (
    CostPoolFilterSet,
    DistributionFilterSet,
)
from ..models import (
    CostPool,
    Distribution,
    DistributionLine,
    PoolParticipant,
)
from ..tables import (
    CostPoolTable,
    DistributionTable,
)
from .common import OwnerInitialMixin, export_format

# -- cost pools ------------------------------------------------------------------------------------

POOL_LIST_QUERYSET = CostPool.objects.select_related("organisation", "key").annotate(
    participant_count=Count("participants", distinct=True),
    approved_total=Subquery(Distribution.objects.filter(
        pool=OuterRef("pk"), status=Distribution.Status.APPROVED).values("total_ore")[:1]))


class CostPoolListView(ObjectListView):
    template_name = "finance/list.html"
    model = CostPool
    queryset = POOL_LIST_QUERYSET
    table_class = CostPoolTable
    filterset_class = CostPoolFilterSet
    title = gettext_lazy("Kostnadspooler")
    add_url_name = "finance:pool_add"
    export_name = "kostnadspooler"


class CostPoolDetailView(ObjectDetailView):
    model = CostPool
    queryset = CostPool.objects.select_related(
        "organisation", "key", "management_object", "service", "ledger_organisation", "system",
        "contract")
    template_name = "finance/pool_detail.html"

    def get(self, request, *args, **kwargs):
        fmt = export_format(request)
        if fmt:
            return self.export(self.get_object(), fmt)
        return super().get(request, *args, **kwargs)

    def extra_context(self, obj):
        user = self.request.user
        everyone = permissions.reads_for(user, obj.organisation_id)
        computation, error = services.preview(obj) if everyone else (None, "")
        current = services.current_distribution(obj)
        current_lines = []
        if current is not None:
            current_lines = list(DistributionLine.objects.for_user(user).filter(
                distribution=current).select_related("organisation"))
        changed = bool(current and computation and current.fingerprint != computation.fingerprint)
        changes = services.since_approval(current, computation) if changed else []
        lines = computation.lines if computation else current_lines
        return {
            "everyone": everyone, "computation": computation, "error": error,
            "current": current, "current_lines": current_lines, "changed": changed,
            "changes": changes,
            "participants": obj.participants.select_related("organisation"),
            "earlier": obj.distributions.filter(status=Distribution.Status.SUPERSEDED)
                          .select_related("approved_by")[:20],
            "approve_form": forms.ApproveForm(initial={"fingerprint": computation.fingerprint})
            if computation else None,
            "chart": charts.who_pays(lines) if lines else None,
            "chart_lines": lines,
        }

    def export(self, pool, fmt):
        if not permissions.reads_for(self.request.user, pool.organisation_id):
            raise PermissionDenied(_("Fördelningen per medlem visas bara för %(org)s.")
                                   % {"org": pool.organisation})
        computation, error = services.preview(pool)
        if computation is None:
            messages.error(self.request, error)
            return HttpResponseRedirect(pool.get_absolute_url())
        return _lines_export(f"fordelning-{pool.pk}-{pool.year}-forhandsvisning", pool.name,
                             computation.key_text, computation.lines, fmt)


def _lines_export(filename, pool_name, key_name, lines, fmt):
    header = [_("Pool"), _("Nyckel"), _("Organisation"), _("Underlag"), _("Andel enligt nyckel (%)"),
              _("Andel enligt nyckel (kr)"), _("Nedsättning / omfördelning (kr)"),
              _("Att betala (kr)"), _("Avrundning (öre)"), _("Nedsättning"),
              _("Folkmängd från år")]
    rows = [[pool_name, key_name, str(line.organisation), line.basis_text, line.share_percent,
             exports.kronor(line.full_ore), exports.kronor(line.adjustment_ore),
             exports.kronor(line.amount_ore), line.extra_ore, line.reduction_text,
             line.population_year] for line in lines]
    return exports.rows_response(filename, header, rows, fmt, title=_("Fördelning"))


class CostPoolEditView(OwnerInitialMixin, ObjectEditView):
    model = CostPool
    form_class = forms.CostPoolForm

    @transaction.atomic
    def save(self, form):
        creating = form.instance.pk is None
        pool = super().save(form)
        chosen = list(form.cleaned_data.get("participants") or [])
        if creating and not chosen:
            chosen = list(services.default_participants(pool.organisation, pool.year))
        if chosen or not creating:
            services.set_participants(self.request.user, pool, chosen)
        return pool


class CostPoolArchiveView(ObjectArchiveView):
    model = CostPool


@require_POST
def approve_pool(request, pk):
    pool = get_object_or_404(CostPool.objects.for_user(request.user), pk=pk)
    if not permissions.can(request.user, permissions.CHANGE, pool):
        raise PermissionDenied(_("Du har inte behörighet att fastställa fördelningen."))
    form = forms.ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Förhandsvisningen saknas; ladda om sidan och försök igen."))
        return HttpResponseRedirect(pool.get_absolute_url())
    try:
        distribution = services.approve(request.user, pool,
                                        fingerprint=form.cleaned_data["fingerprint"])
    except (AllocationError, services.StaleComputation) as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(pool.get_absolute_url())
    messages.success(request, _("Fördelningen är fastställd: %(amount)s enligt %(key)s.") % {
        "amount": services.money(distribution.total_ore), "key": distribution.key_text})
    return HttpResponseRedirect(distribution.get_absolute_url())


class ParticipantEditView(ChildEditView):
    parent_model = CostPool
    model = PoolParticipant
    form_class = forms.ParticipantForm
    parent_field = "pool"


class ParticipantDeleteView(ChildDeleteView, ParticipantEditView):
    pass


# -- distributions ---------------------------------------------------------------------------------

class DistributionListView(ObjectListView):
    template_name = "finance/list.html"
    model = Distribution
    queryset = Distribution.objects.select_related("approved_by", "pool", "key")
    table_class = DistributionTable
    filterset_class = DistributionFilterSet
    title = gettext_lazy("Fastställda fördelningar")
    export_name = "fordelningar"


def distribution_detail(request, pk):
    """An approved split as it was approved; members see the totals and their own line."""
    distribution = get_object_or_404(Distribution.objects.for_user(request.user).select_related(
        "pool__organisation", "approved_by", "key", "superseded_by"), pk=pk)
    lines = list(DistributionLine.objects.for_user(request.user).filter(
        distribution=distribution).select_related("organisation"))
    fmt = export_format(request)
    if fmt:
        return _lines_export(f"fordelning-{distribution.pk}-{distribution.year}",
                             distribution.pool_name, distribution.key_text, lines, fmt)
    return render(request, "finance/distribution_detail.html", {
        "title": str(distribution), "object": distribution, "lines": lines,
        "everyone": permissions.reads_for(request.user, distribution.pool.organisation_id),
        "chart": charts.who_pays(lines) if len(lines) > 1 else None,
        "invoiced": set(DistributionLine.objects.filter(
            distribution=distribution, invoice_lines__isnull=False).values_list("pk", flat=True)),
    })
