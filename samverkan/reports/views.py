"""Pages of the reports app: any document kind (the steering pack of a meeting, …) made from
its subject (choose sections and format, issue) and its live print view, the issued reports and
their files, the PowerPoint template."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from samverkan.core import permissions
from samverkan.core.views import save_or_report
from samverkan.planning.models import Meeting

from . import analyses, jobs, registry, services
from . import pack as packs
from .forms import AnalysesForm, PackForm, TemplateForm
from .models import IssuedReport, ReportJob
from .render_pptx import template_path
from .yearly import pages as yearly_pages


def meeting_panel(meeting, user) -> dict:
    """The "Styrgruppspaket" form on the meeting's page, and the packs issued for it."""
    return {"pack_form": PackForm(), "issued": services.visible_issued(user).filter(
        meeting=meeting, kind=registry.STEERING_PACK)[:10]}


def _document(request, kind: str):
    """The kind named in the address and the subject its query parameters name, if the user
    may see it; anything else is "not found"."""
    try:
        spec = registry.kind(kind)
        subject = spec.resolve(request.user, request.GET)
    except (KeyError, ValidationError, PermissionDenied):
        raise Http404 from None
    if subject is None:
        raise Http404
    return spec, subject


def _make(request, spec, subject, query: str):
    """GET: the choice of sections and format; POST: issue the document and open it."""
    form = PackForm(request.POST or None, kind=spec.key)
    if request.method == "POST" and form.is_valid() and form.cleaned_data["background"]:
        job = jobs.request_document(request.user, spec.key, subject,
                                    form.cleaned_data["sections"], form.cleaned_data["format"])
        return HttpResponseRedirect(job.get_absolute_url())
    if request.method == "POST" and form.is_valid():
        issued = services.issue(request.user, subject, form.cleaned_data["sections"],
                                form.cleaned_data["format"], request, kind=spec.key)
        messages.success(request, _("Rapporten är utfärdad: %(name)s") % {"name": issued.filename})
        return HttpResponseRedirect(issued.get_absolute_url())
    return _page(request, spec, subject, query, form,
                 status=400 if request.method == "POST" else 200)


def _page(request, spec, subject, query, form, analyses_form=None, status=200):
    context = {
        "subject": subject, "form": form, "title": spec.label(), "kind": spec.key,
        "heading": spec.title(subject), "query": query,
        "issued": services.visible_issued(request.user).filter(
            kind=spec.key, subject=spec.params_of(subject))}
    if spec.key == registry.STEERING_PACK:
        # the analyses the meeting's pack shows, chosen here by those who may change the meeting
        if analyses_form is None and permissions.can(request.user, permissions.CHANGE, subject):
            analyses_form = AnalysesForm(meeting=subject, user=request.user)
        context.update(meeting=subject, analyses=analyses.choice(subject, request.user),
                       analyses_form=analyses_form)
    return render(request, "reports/pack_form.html", context, status=status)


def _print(request, spec, subject):
    """The document as a print view, live (not issued): ?avsnitt=key&avsnitt=key."""
    result = packs.build(subject, request.user, request.GET.getlist("avsnitt"), kind=spec.key)
    return render(request, "reports/pack_print.html", {"pack": result})


def make(request, kind):
    spec, subject = _document(request, kind)
    return _make(request, spec, subject, urlencode(spec.params_of(subject)))


def print_document(request, kind):
    spec, subject = _document(request, kind)
    return _print(request, spec, subject)


def _meeting(request, pk) -> Meeting:
    return get_object_or_404(Meeting.objects.for_user(request.user), pk=pk)


def pack(request, pk):
    """The steering pack of a meeting (the meeting's own address for `make`)."""
    meeting = _meeting(request, pk)
    spec = registry.kind(registry.STEERING_PACK)
    return _make(request, spec, meeting, urlencode(spec.params_of(meeting)))


def choose_analyses(request, pk):
    """The calculations, scenarios and licence year the meeting's pack shows (POST saves)."""
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
    spec = registry.kind(registry.STEERING_PACK)
    return _page(request, spec, meeting, urlencode(spec.params_of(meeting)),
                 PackForm(kind=spec.key), form,
                 status=400 if request.method == "POST" else 200)


def print_view(request, pk):
    return _print(request, registry.kind(registry.STEERING_PACK), _meeting(request, pk))


def job(request, pk):
    """How far a document made in the background has come; the page reloads itself until the
    work is done (no script needed), then links the issued report."""
    found = get_object_or_404(jobs.visible_jobs(request.user), pk=pk)
    return render(request, "reports/job.html", {"object": found, "title": str(found)})


def issued_list(request):
    return render(request, "reports/issued_list.html", {
        "title": _("Utfärdade rapporter"),
        "jobs": jobs.visible_jobs(request.user).exclude(
            status=ReportJob.Status.DONE)[:10],
        "issued": services.visible_issued(request.user),
        "can_upload": request.user.is_superuser, **yearly_pages.reports_page_context(request.user)})


def _issued(request, pk) -> IssuedReport:
    return get_object_or_404(services.visible_issued(request.user), pk=pk)


def issued_detail(request, pk):
    issued = _issued(request, pk)
    labels = {s.key: s.label for s in registry.sections(issued.kind)}
    return render(request, "reports/issued_detail.html", {
        "object": issued, "title": str(issued),
        "section_labels": [labels.get(key, key) for key in issued.sections],
        "earlier": services.visible_issued(request.user).filter(
            kind=issued.kind, subject=issued.subject)})


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
