import django_tables2 as tables
from django.db.models import Case, Value, When
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samverkan.core.tables import SCREEN_HIDDEN, TABLE_ATTRS, DateColumn, QuickRowsTable

from .models import Capability, ManagementObject, Product, Supplier, System
from .services import CRITICALITY_RANK


def _with_note(value: str, note: str):
    """A value with a second, smaller line: the system list shows twelve facts in nine columns
    so that it fits a 1 280 px screen (exports keep one column per fact)."""
    if not note:
        return value
    return format_html('{}<br><span class="small text-muted">{}</span>', value, note)


class SystemTable(QuickRowsTable):
    name = tables.Column(linkify=True, verbose_name=_("Namn"))
    organisation = tables.Column(verbose_name=_("Ägare"))
    product = tables.Column(verbose_name=_("Produkt"))
    # on the page the supplier is shown under the product (the list must fit 1 280 px); the
    # export keeps it as a column of its own
    supplier = tables.Column(accessor="product__supplier", verbose_name=_("Leverantör"),
                             order_by=("product__supplier__name",), attrs=SCREEN_HIDDEN)
    capability = tables.Column(verbose_name=_("Verksamhetsområde"), order_by=("capability__name",))
    management_object = tables.Column(verbose_name=_("Förvaltningsobjekt"), linkify=True)
    owner_person = tables.Column(verbose_name=_("Systemägare"), order_by=("owner_person__name",))
    classification = tables.Column(empty_values=(), orderable=False, verbose_name=_("K/R/T"),
                                   attrs=SCREEN_HIDDEN)
    hosting = tables.Column(verbose_name=_("Driftform"), attrs=SCREEN_HIDDEN)

    class Meta:
        model = System
        fields = ("name", "organisation", "product", "supplier", "capability",
                  "management_object", "owner_person", "lifecycle", "criticality",
                  "classification", "hosting")
        attrs = TABLE_ATTRS
        empty_text = _("Inga system matchar filtret.")

    def render_product(self, record):
        supplier = record.product.supplier if record.product else None
        return _with_note(str(record.product), str(supplier) if supplier else "")

    def value_product(self, record):
        return str(record.product) if record.product else ""

    def order_criticality(self, queryset, is_descending):
        """By severity (low → business-critical), not by the stored code; unassessed last."""
        rank = CRITICALITY_RANK.desc() if not is_descending \
            else CRITICALITY_RANK.asc()
        unknown_last = Case(When(criticality="", then=Value(1)), default=Value(0))
        return queryset.order_by(unknown_last, rank, "name"), True

    def render_lifecycle(self, record):
        return _with_note(record.get_lifecycle_display(), record.get_hosting_display())

    def value_lifecycle(self, record):
        return record.get_lifecycle_display()

    def render_criticality(self, record):
        return _with_note(record.get_criticality_display() or "–",
                          "K/R/T " + self.render_classification(record))

    def value_criticality(self, record):
        return record.get_criticality_display()

    def render_classification(self, record):
        values = (record.confidentiality, record.integrity, record.availability)
        return "/".join("–" if v is None else str(v) for v in values)

    value_classification = render_classification


class ManagementObjectTable(QuickRowsTable):
    name = tables.Column(linkify=True, verbose_name=_("Namn"))
    system_count = tables.Column(verbose_name=pgettext_lazy("flera", "System"), attrs={"td": {"class": "num"},
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


class SupplierTable(QuickRowsTable):
    name = tables.Column(linkify=True, verbose_name=_("Namn"))
    product_count = tables.Column(verbose_name=_("Produkter"))

    class Meta:
        model = Supplier
        fields = ("name", "org_number", "product_count", "website")
        attrs = TABLE_ATTRS
        empty_text = _("Inga leverantörer.")


class ProductTable(QuickRowsTable):
    name = tables.Column(linkify=True, verbose_name=_("Namn"))
    system_count = tables.Column(verbose_name=pgettext_lazy("flera", "System"))

    class Meta:
        model = Product
        fields = ("name", "supplier", "system_count")
        attrs = TABLE_ATTRS
        empty_text = _("Inga produkter.")


class CapabilityTable(QuickRowsTable):
    name = tables.Column(linkify=True, verbose_name=_("Namn"))
    system_count = tables.Column(verbose_name=pgettext_lazy("flera", "System"))

    class Meta:
        model = Capability
        fields = ("code", "name", "parent", "system_count")
        attrs = TABLE_ATTRS
        empty_text = _("Inga verksamhetsområden.")
