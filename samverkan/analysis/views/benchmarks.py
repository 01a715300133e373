"""The benchmarking page (cost per inhabitant, per user and per system, rank, median, trend,
other installations' figures beside the own), the installation's IT cost categories, and the
key-figure file's export and import."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samverkan.core import permissions
from samverkan.core.formatting import format_number, format_ore
from samverkan.core.params import optional_int
from samverkan.core.views import ImportPreviewView, ImportView, ObjectArchiveView, ObjectEditView
from samverkan.organisations.models import Organisation

from .. import charts, forms, keyfigures
from ..models import ExternalKeyFigure, ITCostCategory
from ..services import benchmarks

TREND_CHART_LINES = 20  # more lines than this make no readable chart; the table has them all


def installation_name(request) -> str:
    """The name the key-figure file gives this installation: as asked, else the host name."""
    asked = (request.GET.get("installation") or "").strip()[:200]
    if asked:
        return asked
    base = getattr(settings, "SAMVERKAN_BASE_URL", "")
    return urlsplit(base).hostname or request.get_host().split(":")[0] or "Samverkan"


def _kr(value) -> str:
    return "–" if value is None else format_ore(benchmarks.rounded_ore(value))


def _count(value) -> str:
    return "–" if value is None else format_number(value)


def _cell(value) -> str:
    # four thousand cells a page: format_html's parsing of its template per cell costs more
    # than the escaping itself
    return f'<td class="num">{conditional_escape(value)}</td>'


def row_html(row: benchmarks.Row) -> str:
    """One table row, written here rather than cell by cell in the template (a table of every
    municipality); every value escaped by format_html."""
    if row.external:
        name = format_html('{} <span class="badge text-bg-secondary">{}</span>', row.name,
                           _("Extern: %(source)s") % {"source": row.external})
    elif row.partial:
        name = format_html('{} <span class="badge text-bg-light">{}</span>', row.name,
                           _("delvis"))
    else:
        name = row.name
    if row.inhabitants:
        details = [str(row.population_year)]
        if row.population_note:
            details.append(row.population_note)
        if row.population_source and not row.external:
            details.append(row.population_source)
        population = format_html('{}<br><span class="form-text">{}</span>',
                                 _count(row.inhabitants), "; ".join(details))
    else:
        population = _("folkmängd saknas")
    if row.users_unknown:
        users = ngettext("%(n)s system saknar antal", "%(n)s system saknar antal",
                         row.users_unknown) % {"n": row.users_unknown}
    else:
        users = _count(row.users)
    ranks = ["–" if row.external else (row.ranks.get(m) or "–") for m in benchmarks.METRICS]
    cells = [format_ore(row.outcome_ore), population, _kr(row.per_inhabitant), ranks[0], users,
             _kr(row.per_user), ranks[1], format_number(row.systems), _kr(row.per_system),
             ranks[2]]
    return format_html('<tr{}><th scope="row">{}</th>{}</tr>',
                       mark_safe(' class="table-secondary"') if row.external else "", name,
                       mark_safe("".join(_cell(c) for c in cells)))


def trend_html(result: benchmarks.Benchmark) -> str:
    """The trend table's rows: each municipality's cost per inhabitant per year, oldest first,
    "ingen bokföring inläst" where no ledger was read for a year."""
    missing = format_html('<span class="form-text">{}</span>', _("ingen bokföring inläst"))
    return mark_safe("\n".join(
        format_html('<tr><th scope="row">{}</th>{}</tr>', name, mark_safe("".join(
            _cell(_kr(r.per_inhabitant) if r else missing) for r in rows)))
        for name, rows in result.trend))


def rows_html(rows) -> str:
    return mark_safe("\n".join(row_html(r) for r in rows))


def benchmark(request):
    cooperation = optional_int(request.GET.get("samverkan"))
    result = benchmarks.compute(request.user, cooperation)
    if request.GET.get("export") == "xlsx":
        return keyfigures.export_response(result, installation_name(request))
    year = optional_int(request.GET.get("ar")) or (result.years[0] if result.years else None)
    table = result.table(year) if year is not None else None
    context = {
        "result": result, "year": year, "table": table, "cooperation": cooperation,
        "rows_html": rows_html(table.rows) if table else "",
        "external_html": rows_html(table.external) if table else "",
        "medians": {m: _kr(v) for m, v in table.medians.items()} if table else {},
        "trend_html": trend_html(result) if len(result.years) > 1 else "",
        "cooperations": Organisation.objects.filter(
            kind__in=Organisation.JOINT_KINDS, archived_at__isnull=True).only("pk", "name"),
        "chart": charts.benchmark_chart(table) if table and table.rows else None,
        "trend_chart": charts.trend_chart(result)
        if len(result.years) > 1 and len(result.trend) <= TREND_CHART_LINES else None,
        "definition": benchmarks.definition(),
        "own_divisions": benchmarks.own_account_divisions(),
        "may_define": permissions.can(request.user, permissions.ADD, ITCostCategory()),
        "may_import": permissions.can(request.user, permissions.ADD, ExternalKeyFigure()),
        "installation": installation_name(request),
    }
    return render(request, "analysis/benchmarks.html", context)


class ITCostCategoryEditView(ObjectEditView):
    model = ITCostCategory
    form_class = forms.ITCostCategoryForm

    def may_add(self) -> bool:
        return permissions.can(self.request.user, permissions.ADD, ITCostCategory())

    def success_url(self, obj) -> str:
        return reverse("analysis:benchmarks")

    def cancel_url(self, instance) -> str:
        return reverse("analysis:benchmarks")


class ITCostCategoryArchiveView(ObjectArchiveView):
    model = ITCostCategory


class AdministratorsOnly:
    def dispatch(self, request, *args, **kwargs):
        if not permissions.can(request.user, permissions.ADD, ExternalKeyFigure()):
            raise PermissionDenied(_("Bara installationens administratörer får importera "
                                     "nyckeltal."))
        return super().dispatch(request, *args, **kwargs)


class KeyFigureImportView(AdministratorsOnly, ImportView):
    importer_class = keyfigures.ExternalKeyFigureImporter
    preview_url_name = "analysis:keyfigure_import_preview"


class KeyFigureImportPreviewView(AdministratorsOnly, ImportPreviewView):
    importer_class = keyfigures.ExternalKeyFigureImporter
    done_url_name = "analysis:benchmarks"
