"""The financing overview, the summary per member, and invoicing bases with their accounts."""


from django.contrib import messages
from django.db.models import Count, OuterRef, Subquery
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from samverkan.core import permissions
from samverkan.core.views import (
    EditorRequiredMixin,
    ObjectArchiveView,
    ObjectEditView,
    ObjectListView,
)

from .. import charts, exports, forms, services
from ..allocation import AllocationError
from ..filtersets import (
    InvoiceAccountsFilterSet,
    InvoicingBasisFilterSet,
)
from ..models import (
    CostPool,
    Distribution,
    InvoiceAccounts,
    InvoicingBasis,
)
from ..tables import (
    InvoiceAccountsTable,
    InvoicingBasisTable,
)
from .common import OwnerInitialMixin, export_format, pool_organisations, this_year

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
    header = [_("Medlem")] + [f"{d.pool_name} – {d.key_text}" for d in summary.distributions] + [
        _("Summa %(year)s") % {"year": summary.year},
        _("Summa %(year)s") % {"year": summary.year - 1}, _("Förändring")]
    rows = [[str(r.organisation)] + [exports.kronor(r.amounts.get(d.pk)) for d in summary.distributions]
            + [exports.kronor(r.total_ore), exports.kronor(r.previous_ore), exports.kronor(r.change_ore)]
            for r in summary.rows]
    rows.append([_("Samverkans totalt")] + [exports.kronor(t) for t in summary.column_totals] + [
        exports.kronor(summary.total_ore), exports.kronor(summary.previous_total_ore),
        exports.kronor(summary.total_ore - summary.previous_total_ore)])
    rows += [[text] for text in summary.differences]  # a comparison of unlike years says so
    return exports.rows_response(f"sammanstallning-{summary.year}", header, rows, fmt,
                                 title=_("Sammanställning"))


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


class IssueBasesView(EditorRequiredMixin, View):
    """Create the numbered invoicing bases of a year for everything approved but not invoiced."""

    template_name = "finance/issue_bases.html"

    editor_required_message = gettext_lazy("Du behöver vara redaktör för att skapa debiteringsunderlag.")

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
