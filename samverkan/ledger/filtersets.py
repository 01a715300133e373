import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samverkan.contracts.models import Contract
from samverkan.core.filtersets import NameChoiceFilter, SearchFilterSet
from samverkan.organisations.models import Organisation
from samverkan.portfolio.models import ManagementObject, Supplier

from .models import AccountCategory, CostCategory, CostLine, MatchingRule, MatchMethod

MATCHED_CHOICES = [("ja", _("Matchade")), ("nej", _("Ej matchade"))]


class CostLineFilterSet(SearchFilterSet):
    search_fields = ("text", "supplier_name", "supplier_org_number", "invoice_number", "account")
    organisation = NameChoiceFilter(label=_("Organisation"), queryset=Organisation.objects.all())
    year = django_filters.NumberFilter(label=_("År"))
    account = django_filters.CharFilter(label=_("Konto (början)"), lookup_expr="startswith")
    cost_category = django_filters.ChoiceFilter(label=_("Kostnadsslag"),
                                                choices=CostCategory.choices)
    contract = django_filters.ModelChoiceFilter(label=_("Avtal"), queryset=Contract.objects.all())
    matched = django_filters.ChoiceFilter(label=_("Matchning"), choices=MATCHED_CHOICES,
                                          method="filter_matched")
    match_method = django_filters.ChoiceFilter(label=_("Matchad genom"),
                                               choices=MatchMethod.choices)
    batch = django_filters.NumberFilter(label=_("Import (nummer)"), field_name="batch_id",
                                        widget=forms.NumberInput)
    voucher_series = django_filters.CharFilter(label=_("Verifikationsserie"))
    voucher_number = django_filters.CharFilter(label=_("Verifikationsnummer"))
    date_from = django_filters.DateFilter(label=_("Från datum"), field_name="date",
                                          lookup_expr="gte",
                                          widget=forms.DateInput(attrs={"type": "date"}))
    date_to = django_filters.DateFilter(label=_("Till datum"), field_name="date",
                                        lookup_expr="lte",
                                        widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = CostLine
        fields = ["q", "organisation", "year", "account", "cost_category", "contract", "matched",
                  "match_method", "batch", "voucher_series", "voucher_number", "date_from",
                  "date_to"]

    def filter_matched(self, queryset, name, value):
        if value == "ja":
            return queryset.filter(contract__isnull=False)
        if value == "nej":
            return queryset.filter(contract__isnull=True)
        return queryset


class MatchingRuleFilterSet(SearchFilterSet):
    search_fields = ("name", "supplier_pattern", "supplier_org_number", "text_pattern",
                     "contract__title")
    organisation = NameChoiceFilter(label=_("Organisation"), queryset=Organisation.objects.all())
    contract = django_filters.ModelChoiceFilter(label=_("Avtal"), queryset=Contract.objects.all())

    class Meta:
        model = MatchingRule
        fields = ["q", "organisation", "contract"]


class AccountCategoryFilterSet(SearchFilterSet):
    search_fields = ("first_account", "last_account", "note")
    organisation = NameChoiceFilter(label=_("Organisation"), queryset=Organisation.objects.all())
    category = django_filters.ChoiceFilter(label=_("Kostnadsslag"), choices=CostCategory.choices)

    class Meta:
        model = AccountCategory
        fields = ["q", "organisation", "category"]


class ReconciliationFilterForm(forms.Form):
    """The reconciliation page's filters. Contracts and management objects are offered once an
    organisation is chosen (a national installation has tens of thousands); links from a
    contract's or object's page pass them as numbers."""

    year = forms.TypedChoiceField(label=_("År"), coerce=int, required=False)
    organisation = forms.ModelChoiceField(label=_("Organisation"), required=False,
                                          queryset=Organisation.objects.none())
    supplier = forms.ModelChoiceField(label=_("Leverantör"), required=False,
                                      queryset=Supplier.objects.none())
    contract = forms.TypedChoiceField(label=_("Avtal"), coerce=int, required=False,
                                      empty_value=None)
    management_object = forms.TypedChoiceField(label=_("Förvaltningsobjekt"), coerce=int,
                                                required=False, empty_value=None)
    system = forms.IntegerField(label=_("System (nummer)"), required=False,
                                widget=forms.HiddenInput)
    invoiced_only = forms.BooleanField(label=_("Bara avtal med bokförda kostnader"),
                                       required=False)
    view = forms.ChoiceField(label=_("Visa"), required=False, choices=[
        ("rader", _("Avtal per organisation")), ("system", _("Per system")),
        ("objekt", _("Per förvaltningsobjekt")), ("leverantor", _("Per leverantör")),
        ("organisation", _("Per organisation"))])

    def __init__(self, *args, user, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years] or [("", _("Inga år"))]
        self.fields["organisation"].queryset = Organisation.objects.filter(
            archived_at__isnull=True).order_by("name")
        self.fields["supplier"].queryset = Supplier.objects.filter(
            pk__in=Contract.objects.values("supplier_id")).order_by("name")
        organisation = self.data.get("organisation") if self.is_bound else None
        if organisation and str(organisation).isdigit():
            contracts = Contract.objects.for_user(user).filter(
                Q(organisation_id=organisation) | Q(parties__organisation_id=organisation)
            ).distinct().select_related("supplier").order_by("title", "pk")
            self.fields["contract"].choices = [("", _("Alla"))] + [
                (c.pk, f"{c} ({c.supplier})") for c in contracts]
            objects = ManagementObject.objects.for_user(user).filter(
                organisation_id=organisation, archived_at__isnull=True).order_by("name")
            self.fields["management_object"].choices = [("", _("Alla"))] + [
                (o.pk, str(o)) for o in objects]
        else:
            for name in ("contract", "management_object"):
                self.fields[name].widget = forms.HiddenInput()
                self.fields[name].choices = [(self.data.get(name), "")] if self.is_bound and \
                    str(self.data.get(name, "")).isdigit() else [("", "")]
        for name in ("year", "organisation", "supplier", "contract", "management_object", "view"):
            self.fields[name].widget.attrs.setdefault("class", "form-select form-select-sm")
        self.fields["invoiced_only"].widget.attrs["class"] = "form-check-input"
