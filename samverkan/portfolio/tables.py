import django_tables2 as tables
from django.template.defaultfilters import date as format_date
from django.utils.translation import gettext_lazy as _

from .models import Capability, ManagementObject, Product, Supplier, System

TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}


class DateColumn(tables.DateColumn):
    """django-tables2's DateColumn, which parses its one-line template anew for every cell;
    this renders the same text directly."""

    def __init__(self, *args, format="SHORT_DATE_FORMAT", **kwargs):
        super().__init__(format, *args, **kwargs)
        self.date_format = format

    def render(self, value, bound_column, **kwargs):
        return format_date(value, self.date_format) or bound_column.default


class SystemTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Namn"))
    organisation = tables.Column(verbose_name=_("Ägare"))
    product = tables.Column(verbose_name=_("Produkt"))
    supplier = tables.Column(accessor="product__supplier", verbose_name=_("Leverantör"),
                             order_by=("product__supplier__name",))
    capability = tables.Column(verbose_name=_("Verksamhetsområde"), order_by=("capability__name",))
    management_object = tables.Column(verbose_name=_("Förvaltningsobjekt"), linkify=True)
    owner_person = tables.Column(verbose_name=_("Systemägare"), order_by=("owner_person__name",))
    classification = tables.Column(empty_values=(), orderable=False, verbose_name=_("K/R/T"))

    class Meta:
        model = System
        fields = ("name", "organisation", "product", "supplier", "capability",
                  "management_object", "owner_person", "lifecycle", "criticality",
                  "classification", "hosting")
        attrs = TABLE_ATTRS
        empty_text = _("Inga system matchar filtret.")

    def render_classification(self, record):
        values = (record.confidentiality, record.integrity, record.availability)
        return "/".join("–" if v is None else str(v) for v in values)

    value_classification = render_classification


class ManagementObjectTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Namn"))
    system_count = tables.Column(verbose_name=_("System"), attrs={"td": {"class": "num"},
                                                                  "th": {"class": "num"}})
    role_count = tables.Column(verbose_name=_("Roller"), attrs={"td": {"class": "num"},
                                                                "th": {"class": "num"}})
    established_on = DateColumn()

    class Meta:
        model = ManagementObject
        fields = ("name", "organisation", "capability", "system_count", "role_count",
                  "established_on")
        attrs = TABLE_ATTRS
        empty_text = _("Inga förvaltningsobjekt matchar filtret.")


class SupplierTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Namn"))
    product_count = tables.Column(verbose_name=_("Produkter"))

    class Meta:
        model = Supplier
        fields = ("name", "org_number", "product_count", "website")
        attrs = TABLE_ATTRS
        empty_text = _("Inga leverantörer.")


class ProductTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Namn"))
    system_count = tables.Column(verbose_name=_("System"))

    class Meta:
        model = Product
        fields = ("name", "supplier", "system_count")
        attrs = TABLE_ATTRS
        empty_text = _("Inga produkter.")


class CapabilityTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Namn"))
    system_count = tables.Column(verbose_name=_("System"))

    class Meta:
        model = Capability
        fields = ("code", "name", "parent", "system_count")
        attrs = TABLE_ATTRS
        empty_text = _("Inga verksamhetsområden.")
