"""Issuing reports: build a document for its reader, render it, keep the file as issued. Who may
open an issued document: those who may see its organisation's records, unless it holds
confidential values, which only its issuer (who could see them) and superusers may open."""

from __future__ import annotations

import hashlib

from django.db.models import Q
from django.template.loader import render_to_string

from samverkan.core import permissions
from samverkan.core import services as core

from . import pack as packs
from . import registry, render_pptx, render_xlsx
from .models import IssuedReport

CONTENT_TYPES = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}


def render(pack: packs.Pack, fmt: str, request=None) -> bytes:
    if fmt == "pptx":
        return render_pptx.render(pack)
    if fmt == "xlsx":
        return render_xlsx.render(pack)
    if fmt == "html":
        return render_to_string("reports/pack_print.html", {"pack": pack},
                                request=request).encode("utf-8")
    raise ValueError(fmt)


def document(user, kind: str, subject, keys=None, fmt: str = "pptx", request=None,
             on_section=None):
    """The document of `kind` about `subject` (which the caller resolved for this reader) and
    its file."""
    pack = packs.build(subject, user, keys, kind=kind, on_section=on_section)
    return pack, render(pack, fmt, request)


def steering_pack(user, meeting, keys=None, fmt: str = "pptx", request=None):
    """The pack and its file, for a reader who may see the meeting."""
    core.check_can(user, permissions.VIEW, meeting)
    return document(user, registry.STEERING_PACK, meeting, keys, fmt, request)


def issue(user, subject, keys=None, fmt: str = "pptx", request=None,
          kind: str = registry.STEERING_PACK, on_section=None) -> IssuedReport:
    """Generate the document and keep it as issued."""
    if kind == registry.STEERING_PACK:
        core.check_can(user, permissions.VIEW, subject)
    pack, content = document(user, kind, subject, keys, fmt, request, on_section)
    spec = pack.document
    return IssuedReport.objects.create(
        kind=kind, title=pack.title, organisation=spec.organisation(subject),
        subject=spec.params_of(subject), meeting=spec.meeting(subject), format=fmt,
        sections=[part.key for part in pack.sections], as_of=pack.as_of, issued_by=user,
        filename=packs.filename(pack, fmt), content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        contains_confidential=pack.contains_confidential)


def visible_issued(user):
    """Issued packs the user may open."""
    issued = IssuedReport.objects.for_user(user).select_related("meeting", "issued_by",
                                                                "organisation")
    if user.is_superuser:
        return issued
    return issued.filter(Q(contains_confidential=False) | Q(issued_by=user))
