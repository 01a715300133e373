import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, Subquery, Sum
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST

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
    import_template_response,
)
from samverkan.organisations.models import Organisation

from . import charts, exports, forms, services
from .allocation import AllocationError
from .filtersets import (
    AllocationKeyFilterSet,
    BudgetFilterSet,
    CostPoolFilterSet,
    DistributionFilterSet,
    InvoiceAccountsFilterSet,
    InvoicingBasisFilterSet,
    ServiceFilterSet,
    ServiceVolumeFilterSet,
)
from .importers import VolumeImporter
from .models import (
    AllocationKey,
    Budget,
    BudgetLine,
    CostPool,
    Distribution,
    DistributionLine,
    InvoiceAccounts,
    InvoicingBasis,
    KeyVersion,
    PoolParticipant,
    Service,
    ServicePrice,
    ServiceVolume,
)
from .tables import (
    AllocationKeyTable,
    BudgetTable,
    CostPoolTable,
    DistributionTable,
    InvoiceAccountsTable,
    InvoicingBasisTable,
    ServiceTable,
    VolumeTable,
)


def this_year() -> int:
    return datetime.date.today().year


def pool_organisations():
    running = CostPool.objects.filter(archived_at__isnull=True).values("organisation")
    return Organisation.objects.filter(pk__in=running).order_by("name")


def single_organisation(user) -> dict:
    """Preselect the owner when the user edits for exactly one organisation."""
    editable = permissions.organisations_where(user, permissions.Role.EDITOR)
    if user.is_superuser or len(editable) != 1:
        return {}
    return {"organisation": Organisation.objects.filter(pk__in=editable).first()}


class OwnerInitialMixin:
    def initial(self) -> dict:
        return single_organisation(self.request.user)


def export_format(request) -> str | None:
    fmt = request.GET.get("export")
    return fmt if fmt in ("xlsx", "csv") else None


# -- overview --------------------------------------------------------------------------------------

def overview(request):
    """The finance start page: the year's pools, who pays what and the change from last year."""
    form = forms.YearForm(request.GET or None, organisations=pool_organisations(), purposes=True)
    year = form.value("year", this_year())
    issuer, purpose = form.value("organisation"), form.value("purpose")
    summary = services.summary(request.user, year, issuer, purpose)
    pools = (CostPool.objects.for_user(request.user).filter(year=year, archived_at__isnull=True)
             .select_related("organisation", "key").annotate(
                 participant_count=Count("participants", distinct=True),
                 approved_total=Subquery(Distribution.objects.filter(
                     pool=OuterRef("pk"), status=Distribution.Status.APPROVED).values("total_ore")[:1]))
             .order_by("organisation__name", "purpose", "name"))
    if issuer is not None:
        pools = pools.filter(organisation=issuer)
    if purpose:
        pools = pools.filter(purpose=purpose)
    pools = list(pools)
    if export_format(request):
        return _summary_export(request, summary, export_format(request))
    return render(request, "finance/overview.html", {
        "title": _("Finansiering %(year)s") % {"year": year},
        "form": form, "year": year, "issuer": issuer, "summary": summary, "pools": pools,
        "not_approved": [p for p in pools if p.approved_total is None],
        "chart": charts.year_on_year(summary.rows, year) if summary.rows else None,
        "can_add": permissions.is_editor_anywhere(request.user),
    })


def summary_page(request):
    """The steering group's summary: every member × every approved pool of the year."""
    form = forms.YearForm(request.GET or None, organisations=pool_organisations(), purposes=True)
    year = form.value("year", this_year())
    issuer, purpose = form.value("organisation"), form.value("purpose")
    summary = services.summary(request.user, year, issuer, purpose)
    fmt = export_format(request)
    if fmt:
        return _summary_export(request, summary, fmt)
    return render(request, "finance/summary.html", {
        "title": _("Sammanställning per medlem %(year)s") % {"year": year},
        "form": form, "year": year, "issuer": issuer, "summary": summary,
        "chart": charts.year_on_year(summary.rows, year) if summary.rows else None,
    })


def _summary_export(request, summary, fmt):
    header = [_("Medlem")] + [f"{d.pool_name} ({d.key_label})" for d in summary.distributions] + [
        _("Summa %(year)s") % {"year": summary.year},
        _("Summa %(year)s") % {"year": summary.year - 1}, _("Förändring")]
    rows = [[str(r.organisation)] + [exports.kronor(r.amounts.get(d.pk)) for d in summary.distributions]
            + [exports.kronor(r.total_ore), exports.kronor(r.previous_ore), exports.kronor(r.change_ore)]
            for r in summary.rows]
    rows.append([_("Samverkans totalt")] + [exports.kronor(t) for t in summary.column_totals] + [
        exports.kronor(summary.total_ore), exports.kronor(summary.previous_total_ore),
        exports.kronor(summary.total_ore - summary.previous_total_ore)])
    return exports.rows_response(f"sammanstallning-{summary.year}", header, rows, fmt,
                                 title=_("Sammanställning"))


# -- allocation keys -------------------------------------------------------------------------------

class AllocationKeyListView(ObjectListView):
    template_name = "finance/list.html"
    model = AllocationKey
    queryset = AllocationKey.objects.select_related("organisation").prefetch_related(
        Prefetch("versions", queryset=KeyVersion.objects.select_related("system")))
    table_class = AllocationKeyTable
    filterset_class = AllocationKeyFilterSet
    title = gettext_lazy("Fördelningsnycklar")
    add_url_name = "finance:key_add"
    export_name = "fordelningsnycklar"


class AllocationKeyDetailView(ObjectDetailView):
    model = AllocationKey
    queryset = AllocationKey.objects.select_related("organisation").prefetch_related(
        Prefetch("versions", queryset=KeyVersion.objects.select_related("system").prefetch_related(
            "shares__organisation")))
    template_name = "finance/key_detail.html"

    def extra_context(self, obj):
        today = datetime.date.today()
        current = obj.version_on(today)
        preview, error = [], ""
        members = list(obj.organisation.members_on(today).order_by("name"))
        if current is not None and members:
            try:
                bases = services.key_bases(current, members)
                weight_sum = sum(b.weight for b in bases.values())
                preview = [(m, bases[m.pk], _percent(bases[m.pk].weight, weight_sum)) for m in members]
            except AllocationError as exc:
                error = str(exc)
        used = set(Distribution.objects.filter(key=obj).values_list("key_version", flat=True))
        return {
            "versions": services.versions_with_end(obj), "current": current, "used": used,
            "preview": preview, "preview_error": error, "members": members,
            "pools": obj.pools.filter(archived_at__isnull=True).select_related("organisation")[:50],
        }


def _percent(weight, total):
    from .allocation import fraction_to_decimal

    return fraction_to_decimal(weight / total * 100, 4) if total else None


class AllocationKeyEditView(OwnerInitialMixin, ObjectEditView):
    model = AllocationKey
    form_class = forms.AllocationKeyForm


class AllocationKeyArchiveView(ObjectArchiveView):
    model = AllocationKey


class KeyCreateView(View):
    """A new key and its first version in one form (a key without rules is no use)."""

    template_name = "finance/key_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not permissions.is_editor_anywhere(request.user):
            raise PermissionDenied(_("Du har inte behörighet att lägga till poster."))
        return super().dispatch(request, *args, **kwargs)

    def forms(self, data=None):
        key = AllocationKey()
        key_form = forms.AllocationKeyForm(data, instance=key, user=self.request.user,
                                           initial=single_organisation(self.request.user))
        version_form = forms.KeyVersionForm(data, instance=KeyVersion(key=key), user=self.request.user,
                                            prefix="v")
        shares = forms.share_formset(data, user=self.request.user, rows=6)
        return key_form, version_form, shares

    def get(self, request):
        return self.render(*self.forms())

    def post(self, request):
        key_form, version_form, shares = self.forms(request.POST)
        if key_form.is_valid() and version_form.is_valid() and shares.is_valid():
            try:
                with transaction.atomic():
                    key = core_services.save_record(request.user, key_form.save(commit=False))
                    version = version_form.save(commit=False)
                    version.key = key
                    services.save_key_version(request.user, version, shares.shares())
            except (AllocationError, ValidationError, PermissionDenied) as exc:
                _form_error(version_form, exc)
            else:
                messages.success(request, _("Sparat: %(name)s") % {"name": key})
                return HttpResponseRedirect(key.get_absolute_url())
        return self.render(key_form, version_form, shares, status=400)

    def render(self, key_form, version_form, shares, status=200):
        return render(self.request, self.template_name, {
            "title": _("Lägg till fördelningsnyckel"), "form": key_form,
            "version_form": version_form, "shares": shares,
            "cancel_url": reverse("finance:keys")}, status=status)


def _form_error(form, exc) -> None:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))


class KeyVersionEditView(View):
    """A new version of a key from a date, or a change to one that no approval has used."""

    template_name = "finance/key_version_form.html"

    def setup_objects(self, request, parent, pk=None):
        key = get_object_or_404(AllocationKey.objects.for_user(request.user), pk=parent)
        if not permissions.can(request.user, permissions.CHANGE, key):
            raise PermissionDenied(_("Du har inte behörighet att ändra den här nyckeln."))
        if pk is None:
            latest = key.versions.order_by("-valid_from").first()
            version = KeyVersion(key=key)
            if latest is not None:  # start from the rules in force; the user changes what differs
                for name in ("method", "equal_weight", "population_weight", "users_weight",
                             "custom_weight", "population_year", "system_id"):
                    setattr(version, name, getattr(latest, name))
            return key, version
        version = get_object_or_404(KeyVersion, pk=pk, key=key)
        if Distribution.objects.filter(key_version=version).exists():
            raise PermissionDenied(_("Versionen har använts i en fastställd fördelning och kan inte "
                                     "ändras. Lägg till en ny version."))
        return key, version

    def get(self, request, parent, pk=None):
        key, version = self.setup_objects(request, parent, pk)
        initial = {} if version.pk else {"valid_from": datetime.date(this_year() + 1, 1, 1)}
        form = forms.KeyVersionForm(instance=version, user=request.user, initial=initial)
        shares = forms.share_formset(version=version, key=key, user=request.user, rows=3)
        return self.render(key, version, form, shares)

    def post(self, request, parent, pk=None):
        key, version = self.setup_objects(request, parent, pk)
        form = forms.KeyVersionForm(request.POST, instance=version, user=request.user)
        shares = forms.share_formset(request.POST, version=version, key=key, user=request.user)
        if form.is_valid() and shares.is_valid():
            try:
                services.save_key_version(request.user, form.save(commit=False), shares.shares())
            except (AllocationError, ValidationError, PermissionDenied) as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("Sparat: %(name)s") % {"name": version})
                return HttpResponseRedirect(key.get_absolute_url())
        return self.render(key, version, form, shares, status=400)

    def render(self, key, version, form, shares, status=200):
        title = _("Ändra version") if version.pk else _("Ny version av %(key)s") % {"key": key}
        return render(self.request, self.template_name, {
            "title": title, "key": key, "form": form, "shares": shares,
            "cancel_url": key.get_absolute_url()}, status=status)


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
        lines = computation.lines if computation else current_lines
        return {
            "everyone": everyone, "computation": computation, "error": error,
            "current": current, "current_lines": current_lines, "changed": changed,
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
                             computation.key_label, computation.lines, fmt)


def _lines_export(filename, pool_name, key_label, lines, fmt):
    header = [_("Pool"), _("Nyckel"), _("Organisation"), _("Underlag"), _("Andel enligt nyckel (%)"),
              _("Andel enligt nyckel (kr)"), _("Nedsättning / omfördelning (kr)"),
              _("Att betala (kr)"), _("Avrundning (öre)"), _("Nedsättning")]
    rows = [[pool_name, key_label, str(line.organisation), line.basis_text, line.share_percent,
             exports.kronor(line.full_ore), exports.kronor(line.adjustment_ore),
             exports.kronor(line.amount_ore), line.extra_ore, line.reduction_text] for line in lines]
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
        "amount": services.money(distribution.total_ore), "key": distribution.key_label})
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
    queryset = Distribution.objects.select_related("approved_by")
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
                             distribution.pool_name, distribution.key_label, lines, fmt)
    return render(request, "finance/distribution_detail.html", {
        "title": str(distribution), "object": distribution, "lines": lines,
        "everyone": permissions.reads_for(request.user, distribution.pool.organisation_id),
        "chart": charts.who_pays(lines) if len(lines) > 1 else None,
        "invoiced": set(DistributionLine.objects.filter(
            distribution=distribution, invoice_lines__isnull=False).values_list("pk", flat=True)),
    })


# -- invoicing bases -------------------------------------------------------------------------------

class InvoicingBasisListView(ObjectListView):
    model = InvoicingBasis
    queryset = InvoicingBasis.objects.select_related("issuer", "recipient", "created_by")
    table_class = InvoicingBasisTable
    filterset_class = InvoicingBasisFilterSet
    title = gettext_lazy("Debiteringsunderlag")
    template_name = "finance/basis_list.html"
    export_name = "debiteringsunderlag"

    def extra_context(self):
        form = forms.IssueBasesForm(user=self.request.user)
        return {"issue_form": form if form.fields["issuer"].queryset.exists() else None}


class IssueBasesView(View):
    """Create the numbered invoicing bases of a year for everything approved but not invoiced."""

    template_name = "finance/issue_bases.html"

    def dispatch(self, request, *args, **kwargs):
        if not permissions.is_editor_anywhere(request.user):
            raise PermissionDenied(_("Du behöver vara redaktör för att skapa debiteringsunderlag."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(forms.IssueBasesForm(user=request.user))

    def post(self, request):
        form = forms.IssueBasesForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render(form, status=400)
        data = form.cleaned_data
        bases = services.issue_bases(request.user, data["issuer"], data["year"],
                                     data["voucher_date"], data.get("recipient"))
        if not bases:
            messages.info(request, _("Det finns inget nytt att fakturera för %(year)s.")
                          % {"year": data["year"]})
            return HttpResponseRedirect(reverse("finance:bases"))
        messages.success(request, _("%(count)s debiteringsunderlag skapade.") % {"count": len(bases)})
        if len(bases) == 1:
            return HttpResponseRedirect(bases[0].get_absolute_url())
        return HttpResponseRedirect(reverse("finance:bases") + f"?year={data['year']}")

    def render(self, form, status=200):
        return render(self.request, self.template_name, {
            "title": _("Skapa debiteringsunderlag"), "form": form,
            "cancel_url": reverse("finance:bases")}, status=status)


def _basis(request, pk) -> InvoicingBasis:
    return get_object_or_404(InvoicingBasis.objects.for_user(request.user).select_related(
        "issuer", "recipient", "created_by"), pk=pk)


def basis_detail(request, pk):
    basis = _basis(request, pk)
    lines = list(basis.lines.all())
    return render(request, "finance/basis_detail.html", {
        "title": str(basis), "object": basis, "lines": lines,
        "accounts": services.basis_accounts(basis),
        "lines_total": sum(line.amount_ore for line in lines),
    })


def basis_export(request, pk, fmt):
    basis = _basis(request, pk)
    lines = list(basis.lines.all())
    accounts = services.basis_accounts(basis)
    if fmt == "xlsx":
        return exports.basis_xlsx(basis, lines, accounts)
    if fmt == "csv":
        return exports.basis_csv(basis, lines, accounts)
    if fmt == "sie":
        try:
            content = exports.basis_sie(basis, lines, accounts,
                                        with_checksum=request.GET.get("ksumma") != "0",
                                        generated_by=request.user.get_username())
        except AllocationError as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(basis.get_absolute_url())
        return exports.sie_response(content, basis)
    raise Http404


class InvoiceAccountsListView(ObjectListView):
    template_name = "finance/list.html"
    model = InvoiceAccounts
    queryset = InvoiceAccounts.objects.select_related("organisation", "issuer")
    table_class = InvoiceAccountsTable
    filterset_class = InvoiceAccountsFilterSet
    title = gettext_lazy("Konton för debitering")
    add_url_name = "finance:accounts_add"
    export_name = "konton"


class InvoiceAccountsEditView(OwnerInitialMixin, ObjectEditView):
    model = InvoiceAccounts
    form_class = forms.InvoiceAccountsForm

    def success_url(self, obj):
        return reverse("finance:accounts")

    def cancel_url(self, instance):
        return reverse("finance:accounts")


class InvoiceAccountsArchiveView(ObjectArchiveView):
    model = InvoiceAccounts


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

    def get(self, request):
        if request.GET.get("mall") in ("xlsx", "csv"):
            return import_template_response(self.importer_class, request.GET["mall"])
        return super().get(request)


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


# -- budgets ---------------------------------------------------------------------------------------

class BudgetListView(ObjectListView):
    template_name = "finance/list.html"
    model = Budget
    queryset = Budget.objects.select_related("management_object__organisation", "key").annotate(
        total=Sum("lines__amount_ore"))
    table_class = BudgetTable
    filterset_class = BudgetFilterSet
    title = gettext_lazy("Budgetar per förvaltningsobjekt")
    add_url_name = "finance:budget_add"
    export_name = "budgetar"


class BudgetDetailView(ObjectDetailView):
    model = Budget
    queryset = Budget.objects.select_related("management_object__organisation", "key")
    template_name = "finance/budget_detail.html"

    def get(self, request, *args, **kwargs):
        fmt = export_format(request)
        if fmt:
            return self.export(self.get_object(), fmt)
        return super().get(request, *args, **kwargs)

    def follow_up(self, obj):
        result = services.budget_follow_up(obj, self.request.user)
        owner = obj.management_object.organisation_id
        result.members = services.visible_rows(self.request.user, owner, result.members)
        return result

    def extra_context(self, obj):
        result = self.follow_up(obj)
        return {
            "follow_up": result, "lines": obj.lines.all(),
            "everyone": permissions.reads_for(self.request.user, obj.management_object.organisation_id),
            "category_chart": charts.budget_by_category(result.categories) if result.categories
            else None,
            "member_chart": charts.budget_by_member(result.members) if result.members else None,
        }

    def export(self, budget, fmt):
        result = self.follow_up(budget)
        closed = result.closed
        header = [_("Kostnadsslag / medlem"), _("Budget (kr)"), _("Prognos helår (kr)"),
                  _("Utfall (kr)") if closed else _("Utfall hittills (kr)"),
                  _("Avvikelse utfall − budget (kr)") if closed
                  else _("Avvikelse prognos − budget (kr)")]
        rows = [[c.label, exports.kronor(c.budget_ore), exports.kronor(c.effective_forecast_ore),
                 exports.kronor(c.outcome_ore),
                 exports.kronor(c.outcome_variance_ore if closed else c.forecast_variance_ore)]
                for c in result.categories]
        rows.append([_("Summa"), exports.kronor(result.budget_ore), exports.kronor(result.forecast_ore),
                     exports.kronor(result.outcome_ore), exports.kronor(result.variance_ore)])
        rows += [[str(m.organisation), exports.kronor(m.budget_ore), exports.kronor(m.forecast_ore),
                  exports.kronor(m.outcome_ore),
                  exports.kronor(m.variance_ore if closed else m.forecast_variance_ore)]
                 for m in result.members]
        return exports.rows_response(f"budget-{budget.pk}-{budget.year}", header, rows, fmt,
                                     title=_("Budget"))


class BudgetEditView(ObjectEditView):
    model = Budget
    form_class = forms.BudgetForm

    def may_add(self):
        return permissions.is_editor_anywhere(self.request.user)


class BudgetArchiveView(ObjectArchiveView):
    model = Budget


class BudgetLineEditView(ChildEditView):
    parent_model = Budget
    model = BudgetLine
    form_class = forms.BudgetLineForm
    parent_field = "budget"


class BudgetLineDeleteView(ChildDeleteView, BudgetLineEditView):
    pass
