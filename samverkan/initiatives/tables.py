import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samverkan.core.tables import TABLE_ATTRS, QuickRowsTable

from .models import Initiative


class InitiativeTable(QuickRowsTable):
    name = tables.Column(linkify=True, verbose_name=_("Namn"))
    kind = tables.Column(verbose_name=_("Typ"))
    stage = tables.Column(verbose_name=pgettext_lazy("initiativ", "Steg"))
    proposer_organisation = tables.Column(verbose_name=_("Föreslagen av"))
    capability = tables.Column(verbose_name=_("Förmåga"))
    organisation = tables.Column(verbose_name=_("Samverkan"))
    project_budget_ore = tables.Column(verbose_name=_("Projektbudget (kr)"),
                                       attrs={"td": {"class": "num"}})

    class Meta:
        model = Initiative
        fields = ("name", "kind", "stage", "proposer_organisation", "capability",
                  "organisation", "project_budget_ore")
        attrs = TABLE_ATTRS
        empty_text = _("Inga initiativ matchar filtret.")

    def render_project_budget_ore(self, value):
        from samverkan.core.formatting import format_money, ore_to_kronor
        return format_money(ore_to_kronor(value))

    def value_project_budget_ore(self, value):
        return None if value is None else value / 100
