from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from samverkan.core import permissions
from samverkan.core.views import (
    ChildDeleteView,
    ChildEditView,
    ImportPreviewView,
    ImportView,
    ObjectArchiveView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from samverkan.organisations.models import Organisation

from . import charts, forms, services
from .filtersets import (
    CapabilityFilterSet,
    ManagementObjectFilterSet,
    ProductFilterSet,
    SupplierFilterSet,
    SystemFilterSet,
)
from .importers import ManagementObjectImporter, SystemImporter
from .models import (
    Capability,
    Integration,
    ManagementObject,
    ObjectDocument,
    ObjectRole,
    Product,
    SteeringGroupMember,
    Supplier,
    System,
    SystemUsage,
)
from .tables import (
    CapabilityTable,
    ManagementObjectTable,
    ProductTable,
    SupplierTable,
    SystemTable,
)


def dashboard(request):
    """The steering group's questions, for the whole installation or narrowed to one of the
    user's own organisations (?organisation=ID): what it owns or uses."""
    mine = Organisation.objects.filter(
        pk__in=permissions.organisations_where(request.user, permissions.Role.READER)
    ).order_by("name")
    wanted = request.GET.get("organisation", "")
    chosen = mine.filter(pk=wanted).first() if wanted.isdigit() else None
    overview = services.overview(request.user, chosen)
    per_capability = services.systems_per_capability(request.user)
    per_organisation = services.systems_per_organisation(request.user)
    return render(request, "portfolio/dashboard.html", {
        "title": _("Översikt"),
        "overview": overview,
        "mine": mine,
        "chosen": chosen,
        "narrow": f"&concerns={chosen.pk}" if chosen else "",
        "objects": services.object_summary(request.user),
        "per_capability": per_capability,
        "per_organisation": per_organisation,
        "capability_chart": charts.bar([r[0] for r in per_capability],
                                       {pgettext("flera", "System"): [r[1] for r in per_capability]},
                                       _("System per verksamhetsområde")),
        "organisation_chart": charts.bar(
            [r[0] for r in per_organisation],
            {_("Äger"): [r[1] for r in per_organisation],
             _("Använder"): [r[2] for r in per_organisation]},
            _("System per organisation")),
    })


# -- systems ----------------------------------------------------------------------------------

def system_rows():
    """Systems with what their list and page show. Capability and management object come in
    their own small queries: PostgreSQL spends far longer planning an eight-table join than
    running it."""
    return System.objects.select_related(
        "organisation", "product__supplier", "owner_person").prefetch_related(
        Prefetch("capability", queryset=Capability.objects.select_related("parent")),
        "management_object")


class SystemListView(ObjectListView):
    model = System
    queryset = system_rows()
    table_class = SystemTable
    filterset_class = SystemFilterSet
    title = pgettext_lazy("flera", "System")
    add_url_name = "portfolio:system_add"
    import_url_name = "portfolio:system_import"
    export_name = "system"


class SystemDetailView(ObjectDetailView):
    model = System
    queryset = system_rows()
    template_name = "portfolio/system_detail.html"

    def extra_context(self, obj):
        return {
            "usages": obj.usages.select_related("organisation"),
            "outgoing": obj.outgoing_integrations.select_related("target__organisation"),
            "incoming": obj.incoming_integrations.select_related("source__organisation"),
        }


class SystemEditView(ObjectEditView):
    model = System
    form_class = forms.SystemForm


class SystemArchiveView(ObjectArchiveView):
    model = System


class UsageEditView(ChildEditView):
    parent_model = System
    model = SystemUsage
    form_class = forms.UsageForm
    parent_field = "system"


class UsageDeleteView(ChildDeleteView, UsageEditView):
    pass


class IntegrationEditView(ChildEditView):
    parent_model = System
    model = Integration
    form_class = forms.IntegrationForm
    parent_field = "source"


class IntegrationDeleteView(ChildDeleteView, IntegrationEditView):
    pass


class SystemImportView(ImportView):
    importer_class = SystemImporter
    preview_url_name = "portfolio:system_import_preview"


class SystemImportPreviewView(ImportPreviewView):
    importer_class = SystemImporter
    done_url_name = "portfolio:systems"


# -- management objects -----------------------------------------------------------------------

def related_count(model, field: str):
    """How many `model` rows point at each record, as a correlated subquery: computed only for
    the rows of the page shown, where COUNT(DISTINCT) over joins groups the whole list."""
    rows = (model._base_manager.filter(**{field: OuterRef("pk")}).order_by().values(field)
            .annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


class ManagementObjectListView(ObjectListView):
    model = ManagementObject
    queryset = ManagementObject.objects.select_related("organisation", "capability__parent").annotate(
        system_count=related_count(System, "management_object"),
        role_count=related_count(ObjectRole, "management_object"))
    table_class = ManagementObjectTable
    filterset_class = ManagementObjectFilterSet
    title = pgettext_lazy("flera", "Förvaltningsobjekt")
    add_url_name = "portfolio:object_add"
    import_url_name = "portfolio:object_import"
    export_name = "forvaltningsobjekt"


class ManagementObjectDetailView(ObjectDetailView):
    model = ManagementObject
    queryset = ManagementObject.objects.select_related("organisation", "capability__parent")
    template_name = "portfolio/object_detail.html"

    def extra_context(self, obj):
        return {
            "systems": obj.systems.filter(archived_at__isnull=True).select_related(
                "organisation", "product").prefetch_related(
                Prefetch("usages", queryset=SystemUsage.objects.select_related("organisation"))),
            "roles": obj.roles.select_related("person", "organisation"),
            "steering": obj.steering_group.select_related("person", "organisation"),
            "documents": obj.documents.all(),
        }


class ManagementObjectEditView(ObjectEditView):
    model = ManagementObject
    form_class = forms.ManagementObjectForm


class ManagementObjectArchiveView(ObjectArchiveView):
    model = ManagementObject


class ObjectRoleEditView(ChildEditView):
    parent_model = ManagementObject
    model = ObjectRole
    form_class = forms.ObjectRoleForm
    parent_field = "management_object"


class ObjectRoleDeleteView(ChildDeleteView, ObjectRoleEditView):
    pass


class SteeringEditView(ChildEditView):
    parent_model = ManagementObject
    model = SteeringGroupMember
    form_class = forms.SteeringGroupMemberForm
    parent_field = "management_object"


class SteeringDeleteView(ChildDeleteView, SteeringEditView):
    pass


class DocumentEditView(ChildEditView):
    parent_model = ManagementObject
    model = ObjectDocument
    form_class = forms.DocumentForm
    parent_field = "management_object"


class DocumentDeleteView(ChildDeleteView, DocumentEditView):
    pass


def document_download(request, parent, pk):
    """Uploaded files are served through the permission layer, never as public media."""
    management_object = get_object_or_404(ManagementObject.objects.for_user(request.user),
                                          pk=parent)
    document = get_object_or_404(ObjectDocument, pk=pk, management_object=management_object)
    if not document.file:
        raise Http404
    if not permissions.can(request.user, permissions.VIEW, management_object):
        raise PermissionDenied
    return FileResponse(document.file.open("rb"), as_attachment=True,
                        filename=document.file.name.rsplit("/", 1)[-1])


class ManagementObjectImportView(SystemImportView):
    importer_class = ManagementObjectImporter
    preview_url_name = "portfolio:object_import_preview"


class ManagementObjectImportPreviewView(ImportPreviewView):
    importer_class = ManagementObjectImporter
    done_url_name = "portfolio:objects"


# -- shared registers -------------------------------------------------------------------------

class SupplierListView(ObjectListView):
    model = Supplier
    queryset = Supplier.objects.annotate(product_count=Count("products"))
    table_class = SupplierTable
    filterset_class = SupplierFilterSet
    title = gettext_lazy("Leverantörer")
    add_url_name = "portfolio:supplier_add"
    export_name = "leverantorer"


class SupplierDetailView(ObjectDetailView):
    model = Supplier
    template_name = "portfolio/supplier_detail.html"

    def extra_context(self, obj):
        return {"products": obj.products.annotate(system_count=Count("systems"))}


class SupplierEditView(ObjectEditView):
    model = Supplier
    form_class = forms.SupplierForm


class SupplierArchiveView(ObjectArchiveView):
    model = Supplier


class ProductListView(ObjectListView):
    model = Product
    queryset = Product.objects.select_related("supplier").annotate(system_count=Count("systems"))
    table_class = ProductTable
    filterset_class = ProductFilterSet
    title = gettext_lazy("Produkter")
    add_url_name = "portfolio:product_add"
    export_name = "produkter"


class ProductDetailView(ObjectDetailView):
    model = Product
    queryset = Product.objects.select_related("supplier")
    template_name = "portfolio/product_detail.html"

    def extra_context(self, obj):
        return {"systems": obj.systems.filter(archived_at__isnull=True).select_related(
            "organisation")}


class ProductEditView(ObjectEditView):
    model = Product
    form_class = forms.ProductForm


class ProductArchiveView(ObjectArchiveView):
    model = Product


class CapabilityListView(ObjectListView):
    model = Capability
    # a parent is shown with its own parent ("Utbildning › Grundskola")
    queryset = Capability.objects.select_related("parent__parent").annotate(
        system_count=Count("systems"))
    table_class = CapabilityTable
    filterset_class = CapabilityFilterSet
    title = gettext_lazy("Verksamhetsområden")
    add_url_name = "portfolio:capability_add"
    export_name = "verksamhetsomraden"


class CapabilityDetailView(ObjectDetailView):
    model = Capability
    queryset = Capability.objects.select_related("parent")
    template_name = "portfolio/capability_detail.html"

    def extra_context(self, obj):
        return {
            "children": obj.children.annotate(system_count=Count("systems")),
            "systems": obj.systems.filter(archived_at__isnull=True).select_related(
                "organisation")[:200],
        }


class CapabilityEditView(ObjectEditView):
    model = Capability
    form_class = forms.CapabilityForm


class CapabilityArchiveView(ObjectArchiveView):
    model = Capability
