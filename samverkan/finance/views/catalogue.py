"""Pages for the service catalogue: services, prices, volumes and their import, and the comparison
of budget shares with actual use."""


from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from samverkan.core import permissions
from samverkan.core import services as core_services
from samverkan.core.views import (
    ChildDeleteView,
    ChildEditView,
    ImportPreviewView,
    ImportView,
    ObjectArchiveView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    form_title,
)
from samverkan.organisations.models import Organisation

from .. import charts, exports, forms, services
from ..allocation import AllocationError
from ..filtersets import (
    ServiceFilterSet,
    ServiceVolumeFilterSet,
)
from ..importers import VolumeImporter
from ..models import (
    AllocationKey,
    Service,
    ServicePrice,
    ServiceVolume,
)
from ..tables import (
    ServiceTable,
    VolumeTable,
)
from .common import OwnerInitialMixin, export_format, this_year

# -- service catalogue -----------------------------------------------------------------------------

class ServiceListView(ObjectListView):
    model = Service
    table_class = ServiceTable
    filterset_class = ServiceFilterSet
    title = gettext_lazy("Tjänstekatalog")
    add_url_name = "finance:service_add"
    export_name = "tjanstekatalog"
    template_name = "finance/service_list.html"

    def get_queryset(self):
        return Service.objects.select_related("organisation").annotate(
            current_price=Subquery(ServicePrice.objects.filter(
                service=OuterRef("pk"), year=this_year()).values("unit_price_ore")[:1]))


class ServiceDetailView(ObjectDetailView):
    model = Service
    queryset = Service.objects.select_related("organisation")
    template_name = "finance/service_detail.html"

    def get(self, request, *args, **kwargs):
        fmt = export_format(request)
        if fmt:
            service = self.get_object()
            year, charges, _error = self.charges(service, list(service.prices.all()))
            header = [_("Tjänst"), _("Organisation"), _("År"), _("Volym"), _("Enhet"),
                      _("Pris per enhet (kr)"), _("Avgift (kr)")]
            rows = [[str(service), str(c.organisation), year, c.volume, service.unit,
                     exports.kronor(c.unit_price_ore), exports.kronor(c.charge_ore)]
                    for c in charges]
            return exports.rows_response(f"avgifter-{service.code}-{year}", header, rows, fmt,
                                         title=_("Avgifter"))
        return super().get(request, *args, **kwargs)

    def charges(self, service, prices):
        year = self.request.GET.get("year", "")
        year = int(year) if year.isdigit() else (prices[0].year if prices else this_year())
        volumes = ServiceVolume.objects.for_user(self.request.user).filter(service=service,
                                                                           year=year)
        try:
            return year, services.service_charges(service, year, volumes), ""
        except AllocationError as exc:
            return year, [], str(exc)

    def extra_context(self, obj):
        prices = list(obj.prices.all())
        year, charges, error = self.charges(obj, prices)
        return {"prices": prices, "year": year, "charges": charges, "charges_error": error,
                "charges_total": sum(c.charge_ore for c in charges),
                "everyone": permissions.reads_for(self.request.user, obj.organisation_id)}


class ServiceEditView(OwnerInitialMixin, ObjectEditView):
    model = Service
    form_class = forms.ServiceForm


class ServiceArchiveView(ObjectArchiveView):
    model = Service


class ServicePriceEditView(ChildEditView):
    parent_model = Service
    model = ServicePrice
    form_class = forms.ServicePriceForm
    parent_field = "service"


class ServicePriceDeleteView(ChildDeleteView, ServicePriceEditView):
    pass


class VolumeListView(ObjectListView):
    template_name = "finance/list.html"
    model = ServiceVolume
    queryset = ServiceVolume.objects.select_related("service", "organisation")
    table_class = VolumeTable
    filterset_class = ServiceVolumeFilterSet
    title = gettext_lazy("Volymer")
    add_url_name = "finance:volume_add"
    import_url_name = "finance:volume_import"
    export_name = "volymer"


class VolumeEditView(View):
    template_name = "core/object_form.html"

    def instance(self, request, pk):
        if pk is None:
            if not permissions.is_editor_anywhere(request.user):
                raise PermissionDenied(_("Du har inte behörighet att lägga till poster."))
            return ServiceVolume()
        volume = get_object_or_404(ServiceVolume.objects.for_user(request.user), pk=pk)
        if not permissions.can(request.user, permissions.CHANGE, volume.service):
            raise PermissionDenied(_("Du har inte behörighet att ändra den här posten."))
        return volume

    def get(self, request, pk=None):
        volume = self.instance(request, pk)
        return self.render(forms.VolumeForm(instance=volume, user=request.user), volume)

    def post(self, request, pk=None):
        volume = self.instance(request, pk)
        form = forms.VolumeForm(request.POST, instance=volume, user=request.user)
        if form.is_valid():
            volume = form.save(commit=False)
            core_services.save_child(request.user, volume, volume.service)
            messages.success(request, _("Sparat: %(name)s") % {"name": volume})
            return HttpResponseRedirect(volume.get_absolute_url())
        return self.render(form, volume, status=400)

    def render(self, form, volume, status=200):
        return render(self.request, self.template_name, {
            "form": form, "title": form_title(volume), "object": volume if volume.pk else None,
            "cancel_url": reverse("finance:volumes")}, status=status)


class VolumeImportView(ImportView):
    importer_class = VolumeImporter
    preview_url_name = "finance:volume_import_preview"


class VolumeImportPreviewView(ImportPreviewView):
    importer_class = VolumeImporter
    done_url_name = "finance:volumes"


def comparison(request):
    """Budget shares in advance against actual use and actual cost, per member (the seed
    report's recommendation to charge actual costs instead)."""
    providers = Organisation.objects.filter(pk__in=Service.objects.filter(
        archived_at__isnull=True).values("organisation")).order_by("name")
    form = forms.YearForm(request.GET or None, organisations=providers,
                          initial={"year": this_year(), "organisation": providers.first()})
    form.fields["organisation"].label = _("Tjänsteleverantör")
    form.fields["organisation"].empty_label = None
    year = form.value("year", this_year())
    issuer = form.value("organisation") or providers.first()
    keys = AllocationKey.objects.filter(archived_at__isnull=True).order_by("name")
    key = None
    if request.GET.get("key", "").isdigit():
        key = keys.filter(pk=request.GET["key"]).first()
    if key is None and issuer is not None:
        key = keys.filter(organisation=issuer).first()
    result = services.compare_charging(issuer, year, key) if issuer is not None else None
    rows = services.visible_rows(request.user, issuer.pk, result.rows) if result else []
    if result is not None and not permissions.reads_for(request.user, issuer.pk):
        result.actual_ore = None  # the provider's own ledger is for the provider's users
    fmt = export_format(request)
    if fmt and result is not None:
        header = [_("Medlem"), _("Budgetandel i förskott (kr)"), _("Volym × pris (kr)"),
                  _("Skillnad (kr)"), _("Faktisk kostnad efter förbrukning (kr)"), _("Skillnad (kr)")]
        data = [[str(r.organisation), exports.kronor(r.budget_share_ore),
                 exports.kronor(r.volume_charge_ore), exports.kronor(r.volume_difference_ore),
                 exports.kronor(r.actual_share_ore), exports.kronor(r.actual_difference_ore)]
                for r in rows]
        return exports.rows_response(f"jamforelse-{year}", header, data, fmt, title=_("Jämförelse"))
    return render(request, "finance/comparison.html", {
        "title": _("Budgetandelar eller faktisk förbrukning %(year)s") % {"year": year},
        "form": form, "year": year, "issuer": issuer, "keys": keys, "key": key, "result": result,
        "rows": rows, "everyone": issuer is not None and permissions.reads_for(request.user, issuer.pk),
        "chart": charts.comparison(rows, bool(result.actual_ore)) if rows else None,
    })
