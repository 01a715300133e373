from urllib.parse import urlencode

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from samverkan.core import permissions
from samverkan.core.models import ImportBatch
from samverkan.core.tables import NUM, TABLE_ATTRS, MoneyColumn, PersonColumn, QuickRowsTable

from .models import AccountCategory, CostLine, MatchingRule


class CostLineTable(QuickRowsTable):
    date = tables.Column(verbose_name=_("Datum"), linkify=True,
                         attrs={"td": {"class": "text-nowrap"}})
    organisation = tables.Column(verbose_name=_("Organisation"), order_by=("organisation__name",))
    voucher = tables.Column(verbose_name=_("Verifikation"), empty_values=(), orderable=False)
    account = tables.Column(verbose_name=_("Konto"))
    cost_category = tables.Column(verbose_name=_("Kostnadsslag"))
    supplier_name = tables.Column(verbose_name=_("Leverantör"))
    text = tables.Column(verbose_name=_("Text"))
    amount_ore = MoneyColumn(verbose_name=_("Belopp"))
    contract = tables.Column(verbose_name=_("Avtal"), linkify=True, order_by=("contract__title",))
    match_method = tables.Column(verbose_name=_("Matchning"))

    class Meta:
        model = CostLine
        fields = ("date", "organisation", "voucher", "account", "cost_category", "supplier_name",
                  "text", "amount_ore", "contract", "match_method")
        attrs = TABLE_ATTRS
        empty_text = _("Inga kostnadsrader matchar filtret.")

    def render_voucher(self, record):
        label = record.voucher_label
        if not label:
            return "–"
        url = reverse("ledger:voucher", args=[record.batch_id]) + "?" + _voucher_query(record)
        return format_html('<a href="{}">{}</a>', url, label)

    def value_voucher(self, record):
        return record.voucher_label


def _voucher_query(line) -> str:
    return urlencode({"serie": line.voucher_series, "nummer": line.voucher_number})


class UnmatchedTable(CostLineTable):
    action = tables.Column(verbose_name=_("Åtgärd"), empty_values=(), orderable=False,
                           exclude_from_export=True)

    class Meta(CostLineTable.Meta):
        fields = ("date", "organisation", "voucher", "account", "cost_category",
                  "supplier_name", "text", "amount_ore", "action")
        exclude = ("contract", "match_method")
        empty_text = _("Inga omatchade IT-rader. Allt är kopplat till avtal.")

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        self.superuser = bool(getattr(user, "is_superuser", False))
        self.editable = permissions.organisations_where(user, permissions.Role.EDITOR) \
            if user is not None else set()

    def render_action(self, record):
        if not (self.superuser or record.organisation_id in self.editable):
            return ""
        return format_html('<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
                           reverse("ledger:line_match", args=[record.pk]), _("Matcha"),
                           f"{record.date} {record.supplier_name or record.text}")


class MatchingRuleTable(QuickRowsTable):
    name = tables.Column(verbose_name=_("Regel"), linkify=True, empty_values=())
    organisation = tables.Column(verbose_name=_("Organisation"))
    contract = tables.Column(verbose_name=_("Avtal"), order_by=("contract__title",))
    conditions = tables.Column(verbose_name=_("Villkor"), empty_values=(), orderable=False)
    priority = tables.Column(verbose_name=_("Prioritet"), attrs=NUM)

    class Meta:
        model = MatchingRule
        fields = ("name", "organisation", "contract", "conditions", "priority")
        attrs = TABLE_ATTRS
        empty_text = _("Inga matchningsregler.")

    def render_name(self, record):
        return str(record)

    def render_conditions(self, record):
        return describe_rule(record)

    value_conditions = render_conditions


def describe_rule(rule) -> str:
    parts = []
    if rule.supplier_org_number:
        parts.append(f"{_('orgnr')} {rule.supplier_org_number}")
    if rule.supplier_pattern:
        parts.append(f"{_('leverantör')} ≈ {rule.supplier_pattern}")
    if rule.account_from:
        span = rule.account_from if not rule.account_to or rule.account_to == rule.account_from \
            else f"{rule.account_from}–{rule.account_to}"
        parts.append(f"{_('konto')} {span}")
    if rule.cost_centre:
        parts.append(f"{_('kostnadsställe')} {rule.cost_centre}")
    if rule.project:
        parts.append(f"{_('projekt')} {rule.project}")
    if rule.dimension_object:
        parts.append(f"{_('objekt')} {rule.dimension_object}")
    if rule.text_pattern:
        parts.append(f"{_('text')} ≈ {rule.text_pattern}")
    return "; ".join(parts)


class AccountCategoryTable(QuickRowsTable):
    first_account = tables.Column(verbose_name=_("Från konto"), linkify=True)
    last_account = tables.Column(verbose_name=_("Till konto"))

    class Meta:
        model = AccountCategory
        fields = ("organisation", "first_account", "last_account", "category", "note")
        attrs = TABLE_ATTRS
        empty_text = _("Inga egna kontointervall: standardindelningen gäller.")


class LedgerImportTable(QuickRowsTable):
    file_name = tables.Column(verbose_name=_("Fil"), linkify=("ledger:import", [tables.A("pk")]))
    organisation = tables.Column(verbose_name=_("Organisation"))
    created_at = tables.DateTimeColumn(verbose_name=_("Importerad"), format="Y-m-d H:i")
    created_by = PersonColumn(verbose_name=_("Av"))
    status = tables.Column(verbose_name=_("Status"))
    period = tables.Column(verbose_name=_("Period"), empty_values=(), orderable=False)
    rows_total = tables.Column(verbose_name=_("Rader"), attrs=NUM)
    error_count = tables.Column(verbose_name=_("Fel"), attrs=NUM)

    class Meta:
        model = ImportBatch
        fields = ("file_name", "organisation", "created_at", "created_by", "status", "period",
                  "rows_total", "error_count")
        attrs = TABLE_ATTRS
        empty_text = _("Ingen bokföring importerad ännu.")

    def render_period(self, record):
        span = (record.options or {}).get("period")
        return f"{span[0]} – {span[1]}" if span else "–"

    value_period = render_period
