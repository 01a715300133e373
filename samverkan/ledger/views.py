"""Pages of the ledger: reconciliation, cost lines and vouchers, unmatched lines and matching
by hand, imports with preview and progress, matching rules, account categories."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_tables2 import RequestConfig

from samverkan.contracts.models import Contract
from samverkan.core import permissions
from samverkan.core import services as core_services
from samverkan.core.exports import xlsx_response
from samverkan.core.formatting import ore_to_kronor
from samverkan.core.models import ImportBatch
from samverkan.core.redirects import safe_next
from samverkan.core.tabular import FileRejected
from samverkan.core.views import (
    EditorRequiredMixin,
    ObjectArchiveView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from samverkan.portfolio.models import ManagementObject, Supplier, System

from . import forms, reconciliation, services, supplier_ledger
from .filtersets import (
    AccountCategoryFilterSet,
    CostLineFilterSet,
    MatchingRuleFilterSet,
    ReconciliationFilterForm,
)
from .importers import LEDGER_KINDS, SIE
from .models import (
    IT_CATEGORIES,
    AccountCategory,
    CostCategory,
    CostLine,
    MatchingRule,
    MatchMethod,
)
from .tables import (
    AccountCategoryTable,
    CostLineTable,
    LedgerImportTable,
    MatchingRuleTable,
    UnmatchedTable,
    describe_rule,
)
from .tasks import analyse_ledger_file, background_bytes, import_ledger_file

# -- reconciliation ---------------------------------------------------------------------------

def reconciliation_view(request):
    years = reconciliation.available_years()
    form = ReconciliationFilterForm(request.GET or None, user=request.user, years=years)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    view = filters.get("view") or "rader"
    try:
        page = int(request.GET.get("sida", 1))
    except ValueError:
        page = 1
    export = request.GET.get("export") == "xlsx"
    system = None
    if filters.get("system"):
        system = System.objects.for_user(request.user).filter(pk=filters["system"]).first()
    chosen_contract = Contract.objects.for_user(request.user).select_related("supplier").filter(
        pk=filters["contract"]).first() if filters.get("contract") else None
    chosen_object = ManagementObject.objects.for_user(request.user).filter(
        pk=filters["management_object"]).first() if filters.get("management_object") else None
    result = reconciliation.report(
        request.user, year=filters.get("year") or None, organisation=filters.get("organisation"),
        contract=chosen_contract, system=system, management_object=chosen_object,
        supplier=filters.get("supplier"),
        invoiced_only=filters.get("invoiced_only", False), view=view, page=page,
        page_size=None if export else reconciliation.PAGE_SIZE, years=years)
    if export:
        return _reconciliation_xlsx(result)
    query = request.GET.copy()
    query.pop("sida", None)
    query.pop("export", None)
    return render(request, "ledger/reconciliation.html", {
        "title": _("Avstämning avtal mot fakturerat"), "form": form, "report": result,
        "system": system, "chosen_contract": chosen_contract, "chosen_object": chosen_object,
        "query": query.urlencode(),
        # long lists rendered by a plain loop (a Select widget renders each option through
        # the template engine, which took longer than everything else on the page)
        # (ids as text: rendering a number localises it, which costs more than the page)
        "long_choices": {
            "organisation": [(str(pk), name) for pk, name in
                             form.fields["organisation"].queryset.values_list("pk", "name")],
            "supplier": [(str(pk), name) for pk, name in
                         form.fields["supplier"].queryset.values_list("pk", "name")],
        },
        "chosen": {"organisation": str(getattr(filters.get("organisation"), "pk", "")),
                   "supplier": str(getattr(filters.get("supplier"), "pk", ""))},
        "lines_url": reverse("ledger:lines"),
    })


def _reconciliation_xlsx(result):
    header = [_("År"), _("Avtal"), _("Leverantör"), _("Organisation"), _("Avtalspart"),
              _("Avtalat (kr)"), _("Fakturerat (kr)"), _("Differens (kr)"),
              _("Invånare"), _("Fakturerat per invånare (kr)"), _("Kommentar")]

    def rows():
        for row in result.rows:
            note = ""
            if not row.invoiced_visible:
                note = _("Beloppen omfattas av sekretess.")
            elif not row.prices_visible:
                note = _("Avtalat belopp omfattas av sekretess.")
            elif row.contracted_ore is None:
                note = _("Avtalat belopp saknas; differensen kan inte beräknas.")
            if row.population_note and row.per_inhabitant is not None:
                note = f"{note} {row.population_note.capitalize()}.".strip()
            yield [row.year, str(row.contract), str(row.supplier), str(row.organisation),
                   _("Ja") if row.is_party else _("Nej"),
                   ore_to_kronor(row.contracted_ore), ore_to_kronor(row.invoiced_ore),
                   ore_to_kronor(row.difference_ore), row.population, row.per_inhabitant, note]
        totals = result.totals
        yield [result.year, _("Summa"), "", "", "", ore_to_kronor(totals.contracted_ore),
               ore_to_kronor(totals.invoiced_ore), ore_to_kronor(totals.difference_ore), "", "",
               _("Differensen gäller rader med känt avtalat belopp. Fakturerat utan avtalat "
                 "belopp: %(amount)s kr. Rader med sekretess som inte ingår: %(hidden)s.")
               % {"amount": ore_to_kronor(totals.invoiced_without_contract_ore),
                  "hidden": totals.hidden}]

    return xlsx_response(f"avstamning-{result.year or 'alla'}", header, rows(),
                         title=str(_("Avstämning")))


# -- cost lines, vouchers ----------------------------------------------------------------------

class CostLineListView(ObjectListView):
    model = CostLine
    queryset = CostLine.objects.select_related("organisation", "contract")
    table_class = CostLineTable
    filterset_class = CostLineFilterSet
    title = gettext_lazy("Kostnadsrader")
    export_name = "kostnadsrader"
    show_archived_filter = False

    def extra_context(self):
        return {"import_url": reverse("ledger:import_upload")}

    def user_can_add(self):
        return False


def line_detail(request, pk):
    line = get_object_or_404(CostLine.objects.for_user(request.user).select_related(
        "organisation", "contract__supplier", "batch", "matched_rule", "matched_by"), pk=pk)
    return render(request, "ledger/line_detail.html", {
        "title": str(line), "object": line,
        "may_match": services.can_match(request.user, line) and bool(line.cost_category),
        "voucher_url": reverse("ledger:voucher", args=[line.batch_id]) + "?" + urlencode(
            {"serie": line.voucher_series, "nummer": line.voucher_number}),
        "rule_text": describe_rule(line.matched_rule) if line.matched_rule else "",
        "batch_visible": ledger_batches(request.user).filter(pk=line.batch_id).exists(),
    })


def voucher_view(request, batch):
    """Every row of one voucher in one import (the lines the user may see)."""
    series, number = request.GET.get("serie", ""), request.GET.get("nummer", "")
    lines = CostLine.objects.for_user(request.user).filter(batch_id=batch, voucher_series=series,
                                                           voucher_number=number)
    first = lines.select_related("organisation").first()
    if first is None:
        raise Http404
    lines = lines.filter(organisation_id=first.organisation_id).select_related(
        "contract").order_by("line_no")
    return render(request, "ledger/voucher.html", {
        "title": _("Verifikation %(voucher)s") % {"voucher": first.voucher_label or "–"},
        "first": first, "lines": lines, "total": sum(line.amount_ore for line in lines),
    })


def unmatched_lines(user):
    """Lines without a contract from IT suppliers: an IT cost category, or a supplier that is in
    the register (by organisation number or name)."""
    known = Supplier.objects.filter(archived_at__isnull=True)
    return CostLine.objects.for_user(user).filter(contract__isnull=True).exclude(
        cost_category="").filter(
        Q(cost_category__in=IT_CATEGORIES)
        | Q(supplier_org_number__in=known.exclude(org_number="").values("org_number"))
        | Q(supplier_name__in=known.values("name")))


class UnmatchedListView(CostLineListView):
    table_class = UnmatchedTable
    title = gettext_lazy("Omatchade rader från IT-leverantörer")
    export_name = "omatchade-rader"
    template_name = "ledger/unmatched.html"

    def get_queryset(self):
        return unmatched_lines(self.request.user).select_related("organisation")

    def scoped(self, action=permissions.VIEW):
        return self.get_queryset()


class MatchLineView(View):
    template_name = "ledger/match_line.html"

    def get_line(self):
        line = get_object_or_404(CostLine.objects.for_user(self.request.user).select_related(
            "organisation", "contract"), pk=self.kwargs["pk"])
        if not services.can_match(self.request.user, line):
            raise PermissionDenied(_("Du får inte matcha rader i den här organisationens bokföring."))
        return line

    def form(self, line, data=None):
        return forms.ManualMatchForm(data, contracts=services.contracts_for_line(
            self.request.user, line), line=line, initial={"contract": line.contract_id})

    def get(self, request, pk):
        line = self.get_line()
        return render(request, self.template_name, {"line": line, "form": self.form(line),
                                                     "title": _("Matcha kostnadsrad")})

    def post(self, request, pk):
        line = self.get_line()
        form = self.form(line, request.POST)
        if form.is_valid():
            contract = form.cleaned_data["contract"]
            fields = form.cleaned_data["rule_fields"] if form.cleaned_data["make_rule"] else ()
            try:
                rule = services.match_by_hand(request.user, line, contract, rule_fields=fields)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            except core_services.StaleVersionError as exc:  # pragma: no cover - new rule only
                form.add_error(None, str(exc))
            else:
                if rule is not None:
                    messages.success(request, _("Raden är matchad och regeln ”%(rule)s” är sparad; "
                                                "den gäller även liknande rader.") % {"rule": rule})
                elif contract is not None:
                    messages.success(request, _("Raden är matchad mot %(contract)s.")
                                     % {"contract": contract})
                else:
                    messages.success(request, _("Matchningen är borttagen."))
                return HttpResponseRedirect(safe_next(request, reverse("ledger:unmatched")))
        return render(request, self.template_name, {"line": line, "form": form,
                                                     "title": _("Matcha kostnadsrad")}, status=400)


# -- imports ------------------------------------------------------------------------------------

def ledger_batches(user):
    """Ledger imports the user may see: those of organisations the user belongs to."""
    batches = ImportBatch.objects.filter(kind__in=LEDGER_KINDS)
    if user.is_superuser:
        return batches
    return batches.filter(organisation_id__in=permissions.organisations_where(
        user, permissions.Role.READER))


def import_list(request):
    batches = ledger_batches(request.user).select_related("organisation", "created_by")
    table = LedgerImportTable(batches)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "ledger/imports.html", {
        "title": _("Importerad bokföring"), "table": table,
        "can_import": bool(forms.importable_organisations(request.user)[:1]),
    })


class UploadView(EditorRequiredMixin, View):
    template_name = "ledger/upload.html"
    editor_required_message = gettext_lazy("Du behöver vara redaktör för att importera bokföring.")

    def get(self, request):
        return self.render(forms.LedgerUploadForm(user=request.user))

    def post(self, request):
        form = forms.LedgerUploadForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                batch = services.stage_file(request.user, form.cleaned_data["organisation"],
                                            form.cleaned_data["file"],
                                            fmt=form.cleaned_data["format"] or None)
            except FileRejected as exc:
                form.add_error("file", str(exc))
            else:
                return HttpResponseRedirect(_next_step(batch))
        return self.render(form, status=400)

    def render(self, form, status=200):
        return render(self.request, self.template_name, {
            "form": form, "title": _("Importera bokföring"),
            "fields": supplier_ledger.FIELDS}, status=status)


def _next_step(batch: ImportBatch) -> str:
    options = batch.options or {}
    if options.get("format") != SIE and not options.get("mapping_confirmed"):
        return reverse("ledger:import_columns", args=[batch.pk])
    return reverse("ledger:import", args=[batch.pk])


def _own_batch(request, pk, *, for_change: bool = False) -> ImportBatch:
    batch = get_object_or_404(ledger_batches(request.user).select_related(
        "organisation", "created_by"), pk=pk)
    if for_change and batch.created_by_id != request.user.pk and not request.user.is_superuser:
        raise PermissionDenied(_("Bara den som laddade upp filen kan slutföra importen."))
    return batch


class ColumnsView(View):
    template_name = "ledger/columns.html"

    def get(self, request, pk):
        batch = _own_batch(request, pk, for_change=True)
        if batch.status != ImportBatch.Status.PREVIEW:
            return HttpResponseRedirect(reverse("ledger:import", args=[batch.pk]))
        return self.render(batch, self.form(batch))

    def form(self, batch, data=None):
        options = batch.options or {}
        return forms.ColumnMappingForm(data, header=options.get("header", []),
                                       initial_mapping=options.get("mapping") or {})

    def post(self, request, pk):
        batch = _own_batch(request, pk, for_change=True)
        form = self.form(batch, request.POST)
        if form.is_valid():
            services.confirm_mapping(request.user, batch, form.mapping())
            messages.success(request, _("Kolumnerna är sparade för den här filtypen och "
                                        "organisationen; nästa gång känns de igen."))
            return HttpResponseRedirect(reverse("ledger:import", args=[batch.pk]))
        return self.render(batch, form, status=400)

    def render(self, batch, form, status=200):
        return render(self.request, self.template_name, {
            "batch": batch, "form": form, "title": _("Vilken kolumn är vad?"),
            "header": (batch.options or {}).get("header", [])}, status=status)


class ImportView(View):
    """A ledger import: preview with every error (analysed once, in the background for large
    files), confirmation, progress while it runs, and the result."""

    template_name = "ledger/import.html"

    def get(self, request, pk):
        batch = _own_batch(request, pk)
        owner = batch.created_by_id == request.user.pk or request.user.is_superuser
        options = batch.options or {}
        if owner and batch.status == ImportBatch.Status.PREVIEW and "preview" not in options:
            if options.get("format") != SIE and not options.get("mapping_confirmed"):
                return HttpResponseRedirect(reverse("ledger:import_columns", args=[batch.pk]))
            if batch.file_size > background_bytes():
                batch.status = ImportBatch.Status.QUEUED
                batch.options = {**options, "phase": "validating"}
                batch.save(update_fields=["status", "options"])
                analyse_ledger_file.enqueue(batch.pk)
                batch.refresh_from_db()
            else:
                services.analyse(batch)
        return render(request, self.template_name, self.context(batch, owner))

    def context(self, batch, owner):
        options = batch.options or {}
        preview = options.get("preview") or {}
        matched = []
        if preview.get("matched") and services.can_import_for(self.request.user,
                                                                batch.organisation):
            contracts = Contract.objects.in_bulk([int(k) for k in preview["matched"]])
            for key, amount in preview["matched"].items():
                contract = contracts.get(int(key))
                if contract is not None:
                    matched.append((contract, ore_to_kronor(amount)))
        categories = [(CostCategory(k).label, ore_to_kronor(v))
                      for k, v in (preview.get("categories") or {}).items() if k]
        earlier = ImportBatch.objects.filter(pk=preview.get("duplicate_of")).first() \
            if preview.get("duplicate_of") else None
        overlaps = list(ImportBatch.objects.filter(pk__in=preview.get("overlaps") or []))
        return {
            "title": _("Import: %(file)s") % {"file": batch.file_name},
            "batch": batch, "owner": owner, "preview": preview, "matched": matched,
            "categories": categories, "earlier": earlier, "overlaps": overlaps,
            "progress": services.read_progress(batch),
            "running": batch.status in (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING),
            "confirm_form": forms.ConfirmImportForm(),
            "may_commit": owner and batch.status == ImportBatch.Status.PREVIEW and "preview" in options
            and not batch.error_count and services.can_import_for(self.request.user,
                                                                   batch.organisation),
            "meta": options.get("meta") or preview.get("meta") or {},
        }

    def post(self, request, pk):
        batch = _own_batch(request, pk, for_change=True)
        form = forms.ConfirmImportForm(request.POST)
        form.is_valid()
        replace = form.cleaned_data.get("replace", False)
        if batch.status != ImportBatch.Status.PREVIEW or batch.error_count:
            messages.error(request, _("Importen kan inte slutföras i det här läget."))
            return HttpResponseRedirect(request.path)
        if (batch.options or {}).get("preview", {}).get("overlaps") and not replace:
            messages.error(request, _("Bekräfta att perioden ska ersättas, eller avbryt."))
            return HttpResponseRedirect(request.path)
        if batch.file_size > background_bytes():
            if not services.can_import_for(request.user, batch.organisation):
                raise PermissionDenied
            batch.status = ImportBatch.Status.QUEUED
            batch.save(update_fields=["status"])
            import_ledger_file.enqueue(batch.pk, request.user.pk, replace)
            return HttpResponseRedirect(request.path)
        try:
            services.run_import(batch, request.user, replace=replace)
        except services.LedgerImportError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, batch.message)
        return HttpResponseRedirect(request.path)


def import_status(request, pk):
    """The progress fragment the import page polls (htmx) until the import is done."""
    batch = _own_batch(request, pk)
    running = batch.status in (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING)
    response = render(request, "ledger/_import_status.html", {
        "batch": batch, "progress": services.read_progress(batch), "running": running})
    if not running and request.htmx:
        response["HX-Refresh"] = "true"  # show the finished preview or result
    return response


# -- matching rules -----------------------------------------------------------------------------

class RuleListView(ObjectListView):
    model = MatchingRule
    queryset = MatchingRule.objects.select_related("organisation", "contract__supplier")
    table_class = MatchingRuleTable
    filterset_class = MatchingRuleFilterSet
    title = gettext_lazy("Matchningsregler")
    add_url_name = "ledger:rule_add"
    export_name = "matchningsregler"


class RuleDetailView(ObjectDetailView):
    model = MatchingRule
    queryset = MatchingRule.objects.select_related("organisation", "contract__supplier")
    template_name = "ledger/rule_detail.html"

    def extra_context(self, obj):
        lines = CostLine.objects.for_user(self.request.user).filter(
            organisation_id=obj.organisation_id, matched_rule=obj)
        return {"conditions": describe_rule(obj), "line_count": lines.count(),
                "lines_url": reverse("ledger:lines") + "?" + urlencode(
                    {"organisation": obj.organisation_id, "contract": obj.contract_id,
                     "match_method": MatchMethod.RULE})}


class RuleEditView(ObjectEditView):
    model = MatchingRule
    form_class = forms.MatchingRuleForm

    def save(self, form):
        rule = form.save(commit=False)
        return services.save_rule(self.request.user, rule,
                                  expected_version=form.cleaned_data.get("expected_version"))

    def cancel_url(self, instance):
        return instance.get_absolute_url() if instance.pk else reverse("ledger:rules")


class RuleArchiveView(ObjectArchiveView):
    model = MatchingRule

    def archive_or_restore(self, obj, expected_version):
        services.archive_rule(self.request.user, obj, expected_version=expected_version)

    def done_message(self, obj, *, restored):
        return _("Regeln är %(state)s och matchningarna är uppdaterade.") % {
            "state": _("återställd") if restored else _("arkiverad")}


# -- account categories -------------------------------------------------------------------------

class AccountCategoryListView(ObjectListView):
    model = AccountCategory
    queryset = AccountCategory.objects.select_related("organisation")
    table_class = AccountCategoryTable
    filterset_class = AccountCategoryFilterSet
    title = gettext_lazy("Kontoindelning i kostnadsslag")
    add_url_name = "ledger:account_category_add"
    export_name = "kontoindelning"
    template_name = "ledger/account_categories.html"

    def extra_context(self):
        return {"defaults": services.DEFAULT_ACCOUNT_CATEGORIES, "categories": CostCategory}


class AccountCategoryEditView(ObjectEditView):
    model = AccountCategory
    form_class = forms.AccountCategoryForm

    def save(self, form):
        obj = super().save(form)
        services.recategorise(obj.organisation_id)
        return obj

    def success_url(self, obj):
        return reverse("ledger:account_categories")

    def cancel_url(self, instance):
        return reverse("ledger:account_categories")


class AccountCategoryArchiveView(ObjectArchiveView):
    model = AccountCategory

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        obj = self.get_object(permissions.DELETE)
        services.recategorise(obj.organisation_id)
        return response
