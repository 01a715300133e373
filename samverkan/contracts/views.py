import datetime
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from samverkan.core import calendars
from samverkan.core.formatting import ore_to_kronor
from samverkan.core.views import (
    ChildDeleteView,
    ChildEditView,
    ObjectArchiveView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from samverkan.organisations.models import Organisation, Person
from samverkan.portfolio.models import ManagementObject, System
from samverkan.portfolio.views import SupplierDetailView

from . import calendar_feed, forms, services
from .filtersets import ContractFilterSet
from .models import (
    CalendarToken,
    Contract,
    ContractDocument,
    ContractExtensionOption,
    ContractParty,
)
from .tables import STATUS_BADGES, ContractTable, status_text

HORIZONS = [(90, gettext_lazy("3 månader")), (180, gettext_lazy("6 månader")),
            (365, gettext_lazy("12 månader")), (730, gettext_lazy("24 månader"))]


def contract_queryset():
    return Contract.objects.select_related("organisation", "supplier").prefetch_related(
        "extension_options", "parties")


# -- contracts --------------------------------------------------------------------------------

class ContractListView(ObjectListView):
    model = Contract
    queryset = contract_queryset()
    table_class = ContractTable
    filterset_class = ContractFilterSet
    title = pgettext_lazy("flera", "Avtal")
    add_url_name = "contracts:contract_add"
    export_name = "avtal"


class ContractDetailView(ObjectDetailView):
    model = Contract
    queryset = Contract.objects.select_related("organisation", "supplier").prefetch_related(
        "extension_options",
        Prefetch("parties", queryset=ContractParty.objects.select_related("organisation")),
        Prefetch("systems", queryset=System.objects.select_related("organisation")),
        Prefetch("management_objects",
                 queryset=ManagementObject.objects.select_related("organisation")),
        Prefetch("responsible_people", queryset=Person.objects.select_related("organisation")),
        "documents")
    template_name = "contracts/contract_detail.html"

    def extra_context(self, obj):
        today = timezone.localdate()
        user = self.request.user
        see_prices = services.can_see_prices(user, obj)
        parties = list(obj.parties.all())
        year = today.year
        rows = [{
            "party": party,
            "annual": party.annual_amount if see_prices else None,
            "this_year": ore_to_kronor(services.contracted_amount_ore(party, year))
            if see_prices else None,
        } for party in parties]
        total, known, missing = services.annual_total(user, obj)
        summary = services.summary(obj, today, user=self.request.user)
        unused = [o for o in obj.extension_options.all() if o.used_on is None]
        return {
            "option_decision": unused[0] if unused and summary.status.kind in (
                services.StatusKind.WITHIN_TERM, services.StatusKind.OPTION_PERIOD) else None,
            "summary": summary,
            "decision_overdue": summary.decision_overdue(today),
            "status_text": status_text(summary.status),
            "status_badge": STATUS_BADGES[summary.status.kind],
            "terms": services.terms_of(obj),
            "end_of_contract": services.end_of_contract(obj),
            "see_prices": see_prices,
            "party_rows": rows,
            "year": year,
            "total_known": ore_to_kronor(total),
            "missing_count": missing,
            "options": obj.extension_options.all(),
            "documents": obj.documents.all(),
            "reminders": obj.reminders.select_related("person")[:10],
            "today": today,
        }


class ContractEditView(ObjectEditView):
    model = Contract
    form_class = forms.ContractForm

    def cancel_url(self, instance) -> str:
        return instance.get_absolute_url() if instance.pk else reverse("contracts:contracts")


class ContractArchiveView(ObjectArchiveView):
    model = Contract


# -- parts of a contract ------------------------------------------------------------------------

class PartyEditView(ChildEditView):
    parent_model = Contract
    model = ContractParty
    form_class = forms.PartyForm
    parent_field = "contract"


class PartyDeleteView(ChildDeleteView, PartyEditView):
    pass


class OptionEditView(ChildEditView):
    parent_model = Contract
    model = ContractExtensionOption
    form_class = forms.OptionForm
    parent_field = "contract"


class OptionDeleteView(ChildDeleteView, OptionEditView):
    pass


class DocumentEditView(ChildEditView):
    parent_model = Contract
    model = ContractDocument
    form_class = forms.DocumentForm
    parent_field = "contract"

    def get_instance(self, parent):
        instance = super().get_instance(parent)
        kind = self.request.GET.get("kind", "")
        if instance.pk is None and kind in ContractDocument.Kind.values:
            instance.kind = kind  # "Lägg in beslutet" opens the form for a decision
        return instance


class DocumentDeleteView(ChildDeleteView, DocumentEditView):
    pass


def document_download(request, parent, pk):
    """Files are served through the permission layer; price appendices of a contract whose
    prices are confidential only to the owner's members."""
    contract = get_object_or_404(Contract.objects.for_user(request.user), pk=parent)
    document = get_object_or_404(ContractDocument, pk=pk, contract=contract)
    if not document.file:
        raise Http404
    if document.contains_prices and not services.can_see_prices(request.user, contract):
        raise PermissionDenied(_("Dokumentet innehåller sekretessbelagda prisuppgifter."))
    return FileResponse(document.file.open("rb"), as_attachment=True,
                        filename=document.file.name.rsplit("/", 1)[-1])


# -- a supplier's contracts ---------------------------------------------------------------------

class SupplierContractsView(SupplierDetailView):
    """The supplier's page with its contracts added (portfolio's template, extended)."""

    template_name = "contracts/supplier_detail.html"

    def extra_context(self, obj):
        context = super().extra_context(obj)
        contracts = contract_queryset().for_user(self.request.user).filter(
            supplier=obj, archived_at__isnull=True)
        context["contracts_table"] = ContractTable(contracts, request=self.request,
                                                   exclude=("supplier",))
        return context


# -- calendar ---------------------------------------------------------------------------------

def _calendar_contracts(user, organisation: Organisation | None):
    contracts = Contract.objects.for_user(user).filter(archived_at__isnull=True).select_related(
        "organisation", "supplier").prefetch_related("extension_options")
    if organisation is not None:
        contracts = contracts.filter(
            Q(organisation=organisation) | Q(parties__organisation=organisation)).distinct()
    return contracts


def _choice(value, allowed, default):
    try:
        value = int(value)
    except (TypeError, ValueError):
        return default
    return value if value in allowed else default


def calendar(request):
    today = timezone.localdate()
    horizon = _choice(request.GET.get("horisont"), [h for h, _label in HORIZONS], 365)
    organisations = Organisation.objects.filter(archived_at__isnull=True)
    chosen = request.GET.get("organisation", "")
    organisation = organisations.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    last = today + datetime.timedelta(days=horizon)
    found = []
    for contract in _calendar_contracts(request.user, organisation):
        found.extend(services.events(contract, today, last, overdue=True))
    found.sort(key=lambda e: (e.day, e.kind, str(e.contract)))
    # meetings, releases and service windows from the apps that register a calendar source
    other = calendars.occurrences(
        calendars.events(organisation, request.user, today, last), today, last)
    single = [o for o in other if not o.recurring]
    recurring = {}
    for occurrence in other:
        if occurrence.recurring:
            recurring.setdefault((occurrence.summary, occurrence.url), []).append(occurrence)
    by_month = {}
    for day, items in groupby(found, key=lambda e: e.day.replace(day=1)):
        by_month.setdefault(day, ([], []))[0].extend(items)
    for day, items in groupby(single, key=lambda o: o.day.replace(day=1)):
        by_month.setdefault(day, ([], []))[1].extend(items)
    months = [(date_format(day, "F Y"), deadlines, dates)
              for day, (deadlines, dates) in sorted(by_month.items())]
    return render(request, "contracts/calendar.html", {
        "title": _("Kalender"), "months": months, "organisations": organisations,
        "organisation": organisation, "horizons": HORIZONS, "horizon": horizon, "today": today,
        "last": last, "recurring": [(items[0], len(items)) for items in recurring.values()],
    })


def calendar_tokens(request):
    """Create, rotate and remove one's calendar subscription links. A new link is shown once."""
    user = request.user
    form = forms.CalendarTokenForm()
    new_link = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            form = forms.CalendarTokenForm(request.POST)
            if form.is_valid():
                token = calendar_feed.issue_token(user, form.cleaned_data["organisation"])
                new_link = request.build_absolute_uri(
                    reverse("contracts:calendar_feed", args=[token]))
        elif action in ("rotate", "delete"):
            existing = get_object_or_404(CalendarToken, pk=request.POST.get("token"), user=user)
            if action == "rotate":
                token = calendar_feed.issue_token(user, existing.organisation)
                new_link = request.build_absolute_uri(
                    reverse("contracts:calendar_feed", args=[token]))
            else:
                existing.delete()
                messages.success(request, _("Prenumerationslänken är borttagen och slutar fungera."))
                return HttpResponseRedirect(reverse("contracts:calendar_tokens"))
        else:
            return HttpResponseRedirect(reverse("contracts:calendar_tokens"))
    response = render(request, "contracts/calendar_tokens.html", {
        "title": _("Prenumerera på avtalskalendern"),
        "tokens": CalendarToken.objects.filter(user=user).select_related("organisation"),
        "form": form, "new_link": new_link,
    }, status=400 if request.method == "POST" and form.errors else 200)
    response["Cache-Control"] = "no-store"
    return response


@login_not_required
@never_cache
@require_GET
def calendar_feed_view(request, token):
    """An iCalendar feed for Outlook and other calendar programs: the secret link is the login,
    and the link's user's permissions decide what it shows. A wrong link gives 404."""
    found = calendar_feed.find_token(token)
    if found is None or not found.user.is_active:
        raise Http404
    body = calendar_feed.feed(found, request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="avtalskalender.ics"'
    return response
