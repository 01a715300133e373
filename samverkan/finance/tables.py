import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from samverkan.core.formatting import format_ore
from samverkan.core.tables import NUM, TABLE_ATTRS, MoneyColumn, PersonColumn, QuickRowsTable

from .models import (
    AllocationKey,
    Budget,
    CostPool,
    Distribution,
    InvoiceAccounts,
    InvoicingBasis,
    Service,
    ServiceVolume,
)


class AllocationKeyTable(QuickRowsTable):
    name = tables.Column(linkify=True, verbose_name=_("Namn"))
    organisation = tables.Column(verbose_name=_("Ägare"))
    current = tables.Column(empty_values=(), orderable=False, verbose_name=_("Gällande version"))
    valid_from = tables.Column(empty_values=(), orderable=False, verbose_name=_("Gäller från"))

    class Meta:
        model = AllocationKey
        fields = ("name", "organisation", "current", "valid_from")
        attrs = TABLE_ATTRS
        empty_text = _("Inga fördelningsnycklar.")

    def _current(self, record):
        versions = sorted(record.versions.all(), key=lambda v: v.valid_from)
        return versions[-1] if versions else None

    def render_current(self, record):
        version = self._current(record)
        return version.label if version else _("Ingen version")

    def render_valid_from(self, record):
        version = self._current(record)
        return version.valid_from.isoformat() if version else "–"

    value_current = render_current
    value_valid_from = render_valid_from


class CostPoolTable(QuickRowsTable):
    name = tables.Column(linkify=True, verbose_name=_("Namn"))
    year = tables.Column(verbose_name=_("År"))
    organisation = tables.Column(verbose_name=_("Ansvarig"))
    key = tables.Column(verbose_name=_("Nyckel"))
    approved_total = MoneyColumn(verbose_name=_("Fastställt belopp"))
    participant_count = tables.Column(verbose_name=_("Deltagare"), attrs=NUM)

    class Meta:
        model = CostPool
        fields = ("name", "year", "organisation", "purpose", "source", "key", "participant_count",
                  "approved_total")
        attrs = TABLE_ATTRS
        empty_text = _("Inga kostnadspooler matchar filtret.")

    def render_approved_total(self, value):
        return format_ore(value) if value is not None else _("Ej fastställd")


class DistributionTable(QuickRowsTable):
    pool_name = tables.Column(linkify=True, verbose_name=_("Pool"))
    total_ore = MoneyColumn(verbose_name=_("Belopp"))
    key_label = tables.Column(verbose_name=_("Nyckel"))  # shown as the key's one name
    approved_at = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name=_("Fastställd"))
    approved_by = PersonColumn(verbose_name=_("fastställd av"))

    class Meta:
        model = Distribution
        fields = ("pool_name", "year", "status", "total_ore", "key_label", "approved_at",
                  "approved_by")
        attrs = TABLE_ATTRS
        empty_text = _("Inga fastställda fördelningar.")

    def render_key_label(self, record):
        return record.key_text

    def value_key_label(self, record):
        return record.key_text


class InvoicingBasisTable(QuickRowsTable):
    reference = tables.Column(linkify=True, accessor="reference", order_by=("year", "number"),
                              verbose_name=_("Underlag"))
    total_ore = MoneyColumn(verbose_name=_("Summa"))
    created_by = PersonColumn(verbose_name=_("skapat av"))

    class Meta:
        model = InvoicingBasis
        fields = ("reference", "issuer", "recipient", "year", "voucher_date", "total_ore",
                  "created_by")
        attrs = TABLE_ATTRS
        empty_text = _("Inga debiteringsunderlag.")


class ServiceTable(QuickRowsTable):
    code = tables.Column(verbose_name=_("Kod"))
    name = tables.Column(linkify=True, verbose_name=_("Namn"))
    current_price = MoneyColumn(verbose_name=_("Pris i år"))

    class Meta:
        model = Service
        fields = ("code", "name", "organisation", "unit", "category", "current_price")
        attrs = TABLE_ATTRS
        empty_text = _("Inga tjänster.")

    def render_current_price(self, value):
        return format_ore(value) if value is not None else "–"


class VolumeTable(QuickRowsTable):
    service = tables.Column(verbose_name=_("Tjänst"), order_by=("service__code",))
    organisation = tables.Column(verbose_name=_("Organisation"))
    period = tables.Column(empty_values=(), accessor="period_label", order_by=("year", "month"),
                           verbose_name=_("Period"))
    volume = tables.Column(verbose_name=_("Volym"), attrs=NUM)
    unit = tables.Column(accessor="service__unit", orderable=False, verbose_name=_("Enhet"))

    class Meta:
        model = ServiceVolume
        fields = ("service", "organisation", "period", "volume", "unit", "note")
        attrs = TABLE_ATTRS
        empty_text = _("Inga volymer matchar filtret.")


class BudgetTable(QuickRowsTable):
    # the row opens the budget and its follow-up (the object has its own page and link there)
    name = tables.Column(linkify=lambda record: record.get_absolute_url(),
                         accessor="management_object", order_by=("management_object__name",),
                         verbose_name=_("Förvaltningsobjekt"))
    owner = tables.Column(accessor="management_object__organisation", orderable=False,
                          verbose_name=_("Ägare"))
    total = MoneyColumn(verbose_name=_("Budget"))

    class Meta:
        model = Budget
        fields = ("name", "owner", "year", "key", "total")
        attrs = TABLE_ATTRS
        empty_text = _("Inga budgetar.")

    def render_name(self, record):
        return str(record)

    def value_name(self, record):
        return str(record.management_object)


class InvoiceAccountsTable(QuickRowsTable):
    organisation = tables.Column(linkify=True, verbose_name=_("Medlem"))

    class Meta:
        model = InvoiceAccounts
        fields = ("organisation", "issuer", "cost_account", "cost_account_name",
                  "settlement_account", "settlement_account_name", "cost_centre", "project")
        attrs = TABLE_ATTRS
        empty_text = _("Inga kontoinställningar; standardkontona 6540 och 2440 används.")
