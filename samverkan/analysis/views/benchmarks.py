"""The benchmarking page (cost per inhabitant, per user and per system, rank, median, trend,
other installations' figures beside the own), the installation's IT cost categories, and the
key-figure file's export and import."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from samverkan.core import permissions
from samverkan.core.views import ImportPreviewView, ImportView, ObjectArchiveView, ObjectEditView
from samverkan.organisations.models import Organisation

from .. import charts, forms, keyfigures
from ..models import ExternalKeyFigure, ITCostCategory
from ..services import benchmarks


def _int(value):
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise Http404 from None


def installation_name(request) -> str:
    """The name the key-figure file gives this installation: as asked, else the host name."""
    asked = (request.GET.get("installation") or "").strip()[:200]
    if asked:
        return asked
    base = getattr(settings, "SAMVERKAN_BASE_URL", "")
    return urlsplit(base).hostname or request.get_host().split(":")[0] or "Samverkan"


def benchmark(request):
    cooperation = _int(request.GET.get("samverkan"))
    result = benchmarks.compute(request.user, cooperation)
    if request.GET.get("export") == "xlsx":
        return keyfigures.export_response(result, installation_name(request))
    year = _int(request.GET.get("ar")) or (result.years[0] if result.years else None)
    table = result.table(year) if year is not None else None
    context = {
        "result": result, "year": year, "table": table, "cooperation": cooperation,
        "cooperations": Organisation.objects.filter(
            kind__in=Organisation.JOINT_KINDS, archived_at__isnull=True).only("pk", "name"),
        "chart": charts.benchmark_chart(table) if table and table.rows else None,
        "trend_chart": charts.trend_chart(result) if len(result.years) > 1 else None,
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
