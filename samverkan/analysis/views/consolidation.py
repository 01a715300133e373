"""The consolidation finder's page: for a cooperation or one capability the detail per
capability (installations, users, costs, assessments, contracts, flags and the common window),
for the whole country a summary per capability that links to each capability's detail;
XLSX/CSV of what is shown; «Skapa initiativ» from a candidate."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverkan.core.params import optional_int
from samverkan.organisations.models import Organisation
from samverkan.portfolio.models import Capability

from .. import charts, exports
from ..services import candidates, consolidation, consolidation_summary

PAGE_SIZE = 200


def _cooperation(pk):
    if pk is None:
        return None
    return get_object_or_404(Organisation.active_cooperations(), pk=pk)


def _capability(pk):
    return None if pk is None else get_object_or_404(Capability, pk=pk)


def finder(request):
    cooperation = _cooperation(optional_int(request.GET.get("samverkan")))
    capability = _capability(optional_int(request.GET.get("formaga")))
    year = optional_int(request.GET.get("ar")) or consolidation.default_year()
    export = request.GET.get("export")
    query = {"samverkan": cooperation.pk if cooperation else "", "ar": year}
    context = {"cooperation": cooperation, "capability": capability, "year": year,
               "cooperations": Organisation.active_cooperations(),
               "summary_query": urlencode(query),
               "query": urlencode({**query, "formaga": capability.pk if capability else ""})}
    if capability is None and _in_summary(request.user, cooperation, export):
        # the whole country's installations cannot be read into one page: a summary per
        # capability, each linking to its detail
        scope = consolidation.scope_ids(cooperation, timezone.localdate())
        overview = consolidation_summary.summary(request.user, scope=scope)
        if export in ("xlsx", "csv"):
            return exports.consolidation_summary_response(overview, year, export)
        return render(request, "analysis/consolidation.html", {
            **context, "overview": overview, "may_create": False})
    report = consolidation.report(request.user, year=year, cooperation=cooperation,
                                  capability_id=capability.pk if capability else None)
    if export in ("xlsx", "csv"):
        return exports.consolidation_response(report, export)
    page = None
    if cooperation is None and report.groups:
        # one capability in the whole country: thousands of installations, shown a page at a
        # time (the flags, sums and window above the table still cover all of them)
        page = Paginator(report.groups[0].installations, PAGE_SIZE).get_page(
            request.GET.get("sida"))
    return render(request, "analysis/consolidation.html", {
        **context, "report": report, "page": page,
        "sections": [(g, f"chart-consolidation-{g.capability.pk}",
                      charts.consolidation_chart(g, page.object_list if page else None)
                      if g.candidate else None, page.object_list if page else g.installations)
                     for g in report.groups],
        "may_create": candidates.may_create(request.user, cooperation),
    })


def _in_summary(user, cooperation, export) -> bool:
    if cooperation is not None and export in ("xlsx", "csv"):
        return False  # a cooperation's export holds every installation
    return consolidation_summary.summarised(user, cooperation, timezone.localdate())


@require_POST
@login_required
def create_initiative(request, capability: int):
    cooperation = _cooperation(optional_int(request.POST.get("samverkan")))
    year = optional_int(request.POST.get("ar")) or consolidation.default_year()
    back = reverse("analysis:consolidation") + "?" + urlencode(
        {"samverkan": cooperation.pk if cooperation else "", "ar": year})
    if not candidates.may_create(request.user, cooperation) and cooperation is not None:
        raise PermissionDenied(_("Du får inte föreslå initiativ för %(org)s.") % {
            "org": cooperation})
    try:
        initiative = candidates.create_initiative(request.user, cooperation, capability, year,
                                                  request.build_absolute_uri(back))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(back)
    messages.success(request, _("Initiativet är skapat med konsolideringsanalysen som underlag."))
    return HttpResponseRedirect(initiative.get_absolute_url())
