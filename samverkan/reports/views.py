"""Pages of the reports app: the steering pack of a meeting (choose sections and format,
issue), its print view, the issued reports and their files, the PowerPoint template."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from samverkan.core import permissions
from samverkan.core.views import save_or_report
from samverkan.planning.models import Meeting

from . import analyses, registry, services
from . import pack as packs
from .forms import AnalysesForm, PackForm, TemplateForm
from .models import IssuedReport
from .render_pptx import template_path


def meeting_panel(meeting, user) -> dict:
    """The "Styrgruppspaket" form on the meeting's page, and the packs issued for it."""
    return {"pack_form": PackForm(), "issued": services.visible_issued(user).filter(
        meeting=meeting)[:10]}


def _meeting(request, pk) -> Meeting:
    return get_object_or_404(Meeting.objects.for_user(request.user), pk=pk)


def pack(request, pk):
    """GET: the choice of sections and format; POST: issue the pack and open it."""
    meeting = _meeting(request, pk)
    form = PackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        issued = services.issue(request.user, meeting, form.cleaned_data["sections"],
                                form.cleaned_data["format"], request)
        messages.success(request, _("Paketet är utfärdat: %(name)s") % {"name": issued.filename})
        return HttpResponseRedirect(issued.get_absolute_url())
    return _pack_page(request, meeting, form, status=400 if request.method == "POST" else 200)


def _pack_page(request, meeting, form, analyses_form=None, status=200):
    may_change = permissions.can(request.user, permissions.CHANGE, meeting)
    if analyses_form is None and may_change:
        analyses_form = AnalysesForm(meeting=meeting, user=request.user)
    return render(request, "reports/pack_form.html", {
        "meeting": meeting, "form": form, "title": _("Styrgruppspaket"),
        "analyses": analyses.choice(meeting, request.user), "analyses_form": analyses_form,
        "issued": services.visible_issued(request.user).filter(meeting=meeting)},
        status=status)


def choose_analyses(request, pk):
    """POST: the calculations, scenarios and licence year the meeting's pack shows."""
    meeting = _meeting(request, pk)
    if not permissions.can(request.user, permissions.CHANGE, meeting):
        raise PermissionDenied(_("Du har inte behörighet att ändra mötet."))
    form = AnalysesForm(request.POST or None, meeting=meeting, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = save_or_report(form, lambda: analyses.save_choice(
            request.user, meeting, data["calculations"], data["scenarios"],
            data["licence_year"], expected_version=data.get("expected_version")))
        if saved is not None:
            messages.success(request, _("Mötets analyser är sparade."))
            return HttpResponseRedirect(reverse("reports:pack", args=[meeting.pk]) + "#analyser")
    return _pack_page(request, meeting, PackForm(), form,
                      status=400 if request.method == "POST" else 200)


def print_view(request, pk):
    """The pack as a print view, live (not issued): ?avsnitt=key&avsnitt=key."""
    meeting = _meeting(request, pk)
    result = packs.build(meeting, request.user, request.GET.getlist("avsnitt"))
    return render(request, "reports/pack_print.html", {"pack": result})


def issued_list(request):
    return render(request, "reports/issued_list.html", {
        "title": _("Utfärdade rapporter"),
        "issued": services.visible_issued(request.user),
        "sections": {s.key: s.label for s in registry.sections()},
        "can_upload": request.user.is_superuser})


def _issued(request, pk) -> IssuedReport:
    return get_object_or_404(services.visible_issued(request.user), pk=pk)


def issued_detail(request, pk):
    issued = _issued(request, pk)
    labels = {s.key: s.label for s in registry.sections()}
    return render(request, "reports/issued_detail.html", {
        "object": issued, "title": str(issued),
        "section_labels": [labels.get(key, key) for key in issued.sections],
        "earlier": services.visible_issued(request.user).filter(meeting=issued.meeting)})


def issued_file(request, pk):
    """The file exactly as it was issued."""
    issued = _issued(request, pk)
    response = HttpResponse(bytes(issued.content),
                            content_type=services.CONTENT_TYPES[issued.format])
    disposition = "inline" if issued.format == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{issued.filename}"'
    return response


def template_upload(request):
    """An administrator replaces the PowerPoint template (master, logo) of every pack."""
    if not request.user.is_superuser:
        raise PermissionDenied(_("Bara en administratör kan byta mall."))
    form = TemplateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        target = Path(settings.SAMVERKAN_REPORT_TEMPLATE)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as handle:
            for chunk in form.cleaned_data["template"].chunks():
                handle.write(chunk)
        messages.success(request, _("Mallen är bytt. Nya paket använder den."))
        return HttpResponseRedirect(reverse("reports:template"))
    return render(request, "reports/template_form.html", {
        "form": form, "title": _("PowerPoint-mall"), "current": template_path()},
        status=400 if request.method == "POST" else 200)
